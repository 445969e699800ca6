"""The trained poem model: vocabulary, n-gram models, tone table and learnt tables, saved to a folder.

Arrays are saved as ``.npy`` files and memory-mapped on load (loading takes milliseconds and pages
are shared between worker processes); the small tables live in ``meta.json``.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from exhibits.poems import features, ngram, parallelism
from exhibits.poems.corpus import POETS, Poem
from exhibits.poems.exceptions import ModelNotTrained
from exhibits.poems.tones import PING, ZE, ToneTable, build_tone_table, fill_from_corpus

BOS, SEP, UNK = 0, 1, 2
ORDER, REVERSE_ORDER = 4, 3
MIN_CHAR_COUNT = 2  # rarer characters become UNK
MIN_GENERATED_COUNT = 5  # the generator only writes characters seen this often
FORMAT_VERSION = 3
MIN_TAIL_COUNT = 2  # a line may end on a pair real lines ended on this often (or on a jieba word)


def encode(poem_lines, ids: dict[str, int], pads: int) -> np.ndarray:
    tokens = [BOS] * pads
    for i, line in enumerate(poem_lines):
        if i:
            tokens.append(SEP)
        tokens.extend(ids.get(c, UNK) for c in line)
    return np.array(tokens, dtype=np.int64)


class PoemModel:
    """Everything the generator needs; build with :func:`train`, restore with :meth:`load`."""

    def __init__(self, meta: dict, arrays: dict[str, np.ndarray]):
        self.meta = meta
        self.arrays = arrays
        self.chars: list[str] = meta["chars"]
        self.ids = {c: i + 3 for i, c in enumerate(self.chars)}
        self.size = len(self.chars) + 3
        self.tones = ToneTable.from_json(meta["tones"])
        self.forward = ngram.load_levels("fw", arrays)
        self.reverse = ngram.load_levels("rv", arrays)
        self.poet_levels = {poet: ngram.load_levels(f"poet{i}.", arrays)
                            for i, poet in enumerate(POETS) if f"poet{i}.0.ctx_keys" in arrays}
        self.vectors = arrays["vectors"]
        self.exact_lines = arrays["exact_lines"]
        self.grams = arrays["grams"]  # every 4 consecutive characters of a corpus line, as packed token ids
        self.end_pairs = arrays["end_pairs"]  # the pairs a line may end on (packed token ids)
        self.near_lines = arrays["near_lines"]
        self.uniform = np.full(self.size, 1.0 / self.size)
        self.rhymes: dict[str, list[str]] = meta["rhymes"]
        self.poet_rhymes: dict[str, dict[str, int]] = meta["poet_rhymes"]
        self.cliches: dict[str, int] = meta["cliches"]
        self.words: dict[str, float] = meta["words"]
        self.parallel: dict[str, float] = meta["parallel"]
        # word classes for 对仗 (from jieba's data); models trained before they were stored build them here
        self.lexicon = parallelism.Lexicon.from_json(meta["lexicon"]) if "lexicon" in meta \
            else parallelism.jieba_lexicon().restricted(self.chars)
        self.unstable: list[str] = meta["unstable"]
        self.imagery = frozenset(w for w, name in self.lexicon.words.items() if name == parallelism.NOUN)
        self.poet_poems: dict[str, list] = meta["poet_poems"]
        self._masks()

    def touch(self) -> int:
        """Read one byte of every page of the memory-mapped arrays, so no request pays for paging them in
        (a worker's warm-up); returns the bytes mapped."""
        total = 0
        for array in self.arrays.values():
            flat = np.asarray(array).reshape(-1).view(np.uint8)
            int(flat[::4096].sum())
            total += flat.size
        return total

    def token_ids(self, codes: np.ndarray) -> np.ndarray:
        """Token ids of an array of code points (-1 for characters outside the vocabulary)."""
        if not hasattr(self, "_by_code"):
            chars = np.frombuffer("".join(self.chars).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
            self._by_code = np.full(int(chars.max(initial=0)) + 2, -1, dtype=np.int64)
            self._by_code[chars] = np.arange(3, 3 + len(chars))
        codes = np.asarray(codes, dtype=np.int64)
        inside = codes < len(self._by_code) - 1
        return np.where(inside, self._by_code[np.where(inside, codes, len(self._by_code) - 1)], -1)

    def _masks(self) -> None:
        size = self.size
        self.can = {PING: np.zeros(size, bool), ZE: np.zeros(size, bool)}
        self.generable = np.zeros(size, bool)
        allowed = set(self.meta["generable"])
        for char, i in self.ids.items():
            for tone in self.tones.tone_of(char):
                self.can[tone][i] = True
            self.generable[i] = char in allowed
        self.pure_ze = self.can[ZE] & ~self.can[PING]

    # -- probabilities -------------------------------------------------------------------------
    def style_distribution(self, poet: str, contexts: list[list[int]]) -> np.ndarray:
        corpus = ngram.distribution_batch(self.forward, contexts, self.uniform)
        levels = self.poet_levels.get(poet)
        if not levels:
            return corpus
        return ngram.distribution_batch(levels, contexts, corpus)

    def style_subset(self, poet: str, context: list[int], subset: np.ndarray) -> np.ndarray:
        """The poet's P(token | context) for the sorted token ids ``subset`` only."""
        corpus = ngram.subset_distribution(self.forward, context, subset, self.uniform[subset], self.size)
        levels = self.poet_levels.get(poet)
        if not levels:
            return corpus
        return ngram.subset_distribution(levels, context, subset, corpus, self.size)

    def reverse_logprob(self, lines: list[str]) -> float:
        return float(self.reverse_logprobs([lines])[0])

    def reverse_logprobs(self, poems: list[list[str]]) -> np.ndarray:
        """Log-probability of each poem under the right-to-left model, all poems in one batch."""
        width = REVERSE_ORDER - 1
        contexts, targets, owners = [], [], []
        for number, lines in enumerate(poems):
            tokens = encode([line[::-1] for line in reversed(lines)], self.ids, width)
            windows = np.lib.stride_tricks.sliding_window_view(tokens, width + 1)
            contexts.append(windows[:, :width])
            targets.append(windows[:, width])
            owners.append(np.full(len(windows), number))
        probabilities = ngram.probability_batch(self.reverse, np.concatenate(contexts),
                                                np.concatenate(targets), 1.0 / self.size)
        return np.bincount(np.concatenate(owners), weights=np.log(probabilities), minlength=len(poems))

    # -- persistence ---------------------------------------------------------------------------
    @classmethod
    def load(cls, folder: Path) -> PoemModel:
        folder = Path(folder)
        meta_path = folder / "meta.json"
        if not meta_path.exists():
            raise ModelNotTrained(f"{folder}: no trained poem model (run `museum poem train`)")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ModelNotTrained(f"{folder}: model format {meta.get('format')} is stale; retrain it")
        arrays = {p.stem: np.asarray(np.load(p, mmap_mode="r")) for p in folder.glob("*.npy")}
        return cls(meta, arrays)


def pack(tokens: np.ndarray) -> np.ndarray:
    """(n, k) token ids → (n,) uint64 keys, ``ngram.BITS`` bits a token."""
    keys = np.zeros(len(tokens), dtype=np.uint64)
    for column in range(tokens.shape[1]):
        keys = (keys << np.uint64(ngram.BITS)) | tokens[:, column].astype(np.uint64)
    return keys


def corpus_grams(sequences: list[np.ndarray], size: int = 4) -> np.ndarray:
    """Sorted distinct keys of every ``size`` consecutive tokens inside a corpus line."""
    keys = []
    for start in range(0, len(sequences), 20000):  # in chunks: the whole corpus at once would take ~1 GB
        tokens = np.concatenate([np.append(s, SEP) for s in sequences[start:start + 20000]])
        windows = np.lib.stride_tricks.sliding_window_view(tokens, size)
        inside = (windows > UNK).all(axis=1)
        keys.append(np.unique(pack(windows[inside])))
    return np.unique(np.concatenate(keys)) if keys else np.zeros(0, np.uint64)


def end_pairs(poems: list[Poem], ids: dict[str, int], lexicon) -> np.ndarray:
    """Sorted keys of the pairs a line may end on: pairs that ended real lines (MIN_TAIL_COUNT times)
    and two-character words of jieba's dictionary (a line then ends on a whole word)."""
    tails = Counter(line[-2:] for poem in poems for line in poem.lines)
    floor = MIN_TAIL_COUNT if len(poems) > 20000 else 1  # small training slices: every tail seen
    pairs = {pair for pair, n in tails.items() if n >= floor} | set(lexicon.words)
    rows = [(ids[a], ids[b]) for a, b in pairs if a in ids and b in ids]
    return np.unique(pack(np.array(rows, dtype=np.int64).reshape(-1, 2)))


def train(poems: list[Poem], folder: Path, echo=print) -> dict:
    """Train every part of the model on ``poems`` and write it to ``folder``; returns a summary."""
    started = time.perf_counter()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tones = build_tone_table()
    filled = fill_from_corpus(tones, poems)
    counts = Counter(c for poem in poems for c in poem.text)
    chars = sorted(c for c, n in counts.items() if n >= MIN_CHAR_COUNT)
    if len(chars) + 3 > (1 << ngram.BITS):
        chars = sorted(c for c, _ in counts.most_common((1 << ngram.BITS) - 3))
    ids = {c: i + 3 for i, c in enumerate(chars)}
    generable = sorted(c for c in chars if tones.known(c) and counts[c] >= MIN_GENERATED_COUNT)
    arrays: dict[str, np.ndarray] = {}
    echo(f"{len(poems)} poems, {len(chars)} characters ({len(generable)} with known tone;"
         f" {filled['inferred']} tones filled from the corpus)")

    sequences = [encode(p.lines, ids, ORDER - 1) for p in poems]
    ngram.save_levels("fw", ngram.train_kneser_ney(sequences, ORDER, BOS), arrays)
    reversed_sequences = [encode([line[::-1] for line in reversed(p.lines)], ids, REVERSE_ORDER - 1)
                          for p in poems]
    ngram.save_levels("rv", ngram.train_kneser_ney(reversed_sequences, REVERSE_ORDER, BOS), arrays)
    echo(f"n-gram models trained ({time.perf_counter() - started:.1f} s)")

    poet_poems: dict[str, list] = defaultdict(list)
    for i, poet in enumerate(POETS):
        own = [s for s, p in zip(sequences, poems, strict=True) if p.author == poet]
        if own:
            ngram.save_levels(f"poet{i}.", ngram.train_absolute(own, ORDER, BOS), arrays)
    for poem in poems:
        if poem.author in POETS:
            poet_poems[poem.author].append([poem.title, list(poem.lines)])

    rhyme_counts: dict[str, Counter] = defaultdict(Counter)
    poet_rhymes: dict[str, Counter] = defaultdict(Counter)
    for poem in poems:
        feet = [line[-1] for line in poem.lines[1::2]]
        shared = set.intersection(*(set(tones.ping_group_of(c)) for c in feet))
        if len(shared) == 1:
            group = shared.pop()
            rhyme_counts[group].update(feet)
            if poem.author in POETS:
                poet_rhymes[poem.author][group] += 1
    floor = 2 if len(poems) > 20000 else 1
    rhymes = {g: sorted(c for c, n in counter.items() if n >= floor and c in ids and c in generable
                        and tones.rhyme_of.get(c) == g)  # rhymed on its main reading only
              for g, counter in rhyme_counts.items()}

    arrays["grams"] = corpus_grams(sequences)
    lexicon = parallelism.jieba_lexicon().restricted(chars)
    arrays["end_pairs"] = end_pairs(poems, ids, lexicon)

    exact, near = features.hash_lines([line for p in poems for line in p.lines])
    arrays["exact_lines"], arrays["near_lines"] = exact, near
    arrays["vectors"] = features.char_vectors(poems, ids, len(chars) + 3)
    echo(f"tables built ({time.perf_counter() - started:.1f} s)")
    meta = {
        "format": FORMAT_VERSION, "poems": len(poems), "chars": chars, "generable": generable,
        "tones": tones.to_json(), "rhymes": rhymes,
        "poet_rhymes": {p: dict(c) for p, c in poet_rhymes.items()},
        "cliches": features.cliches(poems), "words": features.two_character_words(poems),
        "parallel": features.parallel_pairs(poems),
        "lexicon": lexicon.to_json(),
        "unstable": features.unstable_pairs(poems, tones.traditional),
        "poet_poems": dict(poet_poems),
        "poet_counts": {p: len(v) for p, v in poet_poems.items()},
    }
    for name, array in arrays.items():
        np.save(folder / f"{name}.npy", np.ascontiguousarray(array))
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    seconds = time.perf_counter() - started
    echo(f"model written to {folder} ({seconds:.1f} s)")
    return {"poems": len(poems), "characters": len(chars), "seconds": round(seconds, 1)}
