"""The neural character model of the poem station, at run time: ONNX Runtime and numpy only.

A one-layer GRU over the whole poem (its state is the working memory of the lines written so far, a
simplification of Jiuge's), conditioned at every character on the form, the poet (the nine station poets,
or "another poet") and the line's planned keyword (one or two characters: Wang et al. 2016's per-line
plan), its line and its position in the line. Trained by :mod:`exhibits.poems.neural_train` (a ``[train]``
extra: JAX and onnx), exported as one ONNX graph of a single step::

    token int64[B], cond int64[B, 6], state float32[B, H]  ->  logp float32[B, V], next_state float32[B, H]

``logp`` is the log-probability of every token of the model's own vocabulary as the next one. The
decoder (:mod:`exhibits.poems.decoder`) calls :meth:`NeuralModel.step` once per character for all
hypotheses of its beam and keeps every hard constraint; this module never imports a training framework.

Files (a folder): ``neural.onnx`` and ``neural.json`` (format, vocabulary, sizes, how it was trained).
A folder of another format is refused with a clear error (retrain with the command in its ``neural.json``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from exhibits.poems.corpus import POETS
from exhibits.poems.exceptions import ModelNotTrained

NEURAL_FORMAT = 1
PAD, BOS, EOL, UNK = 0, 1, 2, 3  # token ids; characters from 4 on
SPECIALS = 4
FORMS = [(5, 4), (7, 4), (5, 8), (7, 8)]  # (characters a line, lines)
MAX_LINES, MAX_POSITIONS = 8, 8
POET_GROUPS = 1 + len(POETS)  # 0: another poet
STOP_CHARACTERS = 80  # the most frequent characters are never a line's keyword in training (不, 人, 无 ...)
WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"  # the committed trained model


def cond_offsets(vocab: int) -> dict[str, int]:
    """Where each condition's rows start in the one condition table: keyword characters share the
    vocabulary's ids (PAD: no keyword), then form, poet, line, position."""
    form = vocab
    poet = form + len(FORMS)
    line = poet + POET_GROUPS
    position = line + MAX_LINES
    return {"form": form, "poet": poet, "line": line, "position": position, "size": position + MAX_POSITIONS}


def poet_group(poet: str) -> int:
    return list(POETS).index(poet) + 1 if poet in POETS else 0


def form_index(length: int, lines: int) -> int:
    return FORMS.index((length, lines))


def conditions(vocab: int, keyword: tuple[int, int], form: int, poet: int, line: int, position: int
               ) -> list[int]:
    """The six condition rows of one step (predicting the character at ``position`` of ``line``;
    position = the line's length predicts its end)."""
    offsets = cond_offsets(vocab)
    return [keyword[0], keyword[1], offsets["form"] + form, offsets["poet"] + poet,
            offsets["line"] + line, offsets["position"] + position]


class NeuralModel:
    """The exported model: :meth:`step` for a batch of hypotheses."""

    def __init__(self, meta: dict, session, folder: Path):
        self.meta = meta
        self.folder = folder
        self.session = session
        self.chars: list[str] = meta["chars"]
        self.ids = {c: i + SPECIALS for i, c in enumerate(self.chars)}
        self.vocab = len(self.chars) + SPECIALS
        self.hidden = int(meta["hidden"])

    @classmethod
    def load(cls, folder: Path | str | None = None, threads: int = 1) -> NeuralModel:
        import onnxruntime

        folder = Path(folder) if folder else WEIGHTS_DIR
        meta_path, graph_path = folder / "neural.json", folder / "neural.onnx"
        if not meta_path.exists() or not graph_path.exists():
            raise ModelNotTrained(f"{folder}: no neural poem model (neural.json and neural.onnx);"
                                  " train one with `python -m exhibits.poems.neural_train`"
                                  " (pip install -e '.[train]')")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("format") != NEURAL_FORMAT:
            raise ModelNotTrained(f"{folder}: neural model format {meta.get('format')} is not"
                                  f" {NEURAL_FORMAT}; retrain it ({meta.get('command', 'neural_train')})")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(str(graph_path), options, providers=["CPUExecutionProvider"])
        return cls(meta, session, folder)

    def start(self, count: int) -> np.ndarray:
        return np.zeros((count, self.hidden), dtype=np.float32)

    def step(self, tokens: np.ndarray, cond: np.ndarray, state: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(log-probabilities [B, V], next state [B, H]) after reading ``tokens`` [B] in ``state``."""
        logp, following = self.session.run(None, {
            "token": np.ascontiguousarray(tokens, dtype=np.int64),
            "cond": np.ascontiguousarray(cond, dtype=np.int64),
            "state": np.ascontiguousarray(state, dtype=np.float32)})
        return logp, following

    def keyword_ids(self, word: str) -> tuple[int, int]:
        """A planned keyword (one or two characters) as two condition rows (PAD where there is none)."""
        ids = [self.ids[c] for c in word if c in self.ids][:2]
        ids += [PAD] * (2 - len(ids))
        return ids[0], ids[1]

    def mapping(self, chars: list[str], offset: int) -> np.ndarray:
        """Neural token id of each token of another vocabulary (``chars`` from id ``offset``; UNK outside)."""
        table = np.full(len(chars) + offset, UNK, dtype=np.int64)
        for i, c in enumerate(chars):
            table[i + offset] = self.ids.get(c, UNK)
        return table

    def poem_logprob(self, lines: list[str], poet: str, keywords: list[str]) -> float:
        """Log-probability of a whole poem (its characters, line ends excluded) under the model."""
        length, count = len(lines[0]), len(lines)
        form, group = form_index(length, count), poet_group(poet)
        state = self.start(1)
        token, total = BOS, 0.0
        for line, text in enumerate(lines):
            keyword = self.keyword_ids(keywords[line] if line < len(keywords) else "")
            for position in range(length + 1):
                cond = np.array([conditions(self.vocab, keyword, form, group, line, position)])
                logp, state = self.step(np.array([token]), cond, state)
                if position == length:
                    token = EOL
                    break
                token = self.ids.get(text[position], UNK)
                total += float(logp[0, token])
        return total if math.isfinite(total) else -1e9
