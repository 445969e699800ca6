"""The regulated-verse corpus: Tang and Song poems from the npm ``chinese-poetry`` package.

The package keeps poems in traditional characters (``dist/quantangshi/poet.{tang,song}.N.json``, each
poem ``{"author", "title", "paragraphs"}``). We convert them to simplified characters with OpenCC
``t2s``, strip editors' notes and variant readings, split them into lines, and keep only poems of the
regulated shape (4 or 8 lines, all of 5 or of 7 characters), each distinct text once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from exhibits.poems.exceptions import CorpusNotFound

# Every offered poet: simplified name -> English name. 前三游, 后三游, then the other Gorges poets.
POETS = {
    "白居易": "Bai Juyi",
    "元稹": "Yuan Zhen",
    "白行简": "Bai Xingjian",
    "苏洵": "Su Xun",
    "苏轼": "Su Shi",
    "苏辙": "Su Zhe",
    "李白": "Li Bai",
    "杜甫": "Du Fu",
    "刘禹锡": "Liu Yuxi",
}

_NOTE = re.compile(r"[（(［\[{｛【〔《<].*?[）)］\]}｝】〕》>]")
_LINE_END = re.compile(r"[，。！？；：、,.!?;:\s]+")
_HAN = re.compile(r"^[\u4e00-\u9fff\U00020000-\U0002fa1f]+$")


@dataclass(frozen=True)
class Poem:
    author: str
    title: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(self.lines)

    @property
    def length(self) -> int:
        return len(self.lines[0])


def corpus_files(root: Path) -> list[Path]:
    """The poem files in a stable order (Tang first, then Song, by number)."""
    folder = Path(root) / "dist" / "quantangshi"
    if not folder.is_dir():
        folder = Path(root) / "quantangshi"
    files = sorted(folder.glob("poet.*.*.json"),
                   key=lambda p: (p.name.split(".")[1] != "tang", int(p.name.split(".")[2])))
    if not files:
        raise CorpusNotFound(f"{root}: no dist/quantangshi/poet.*.json files"
                             " (is npm chinese-poetry installed?)")
    return files


def split_lines(paragraphs: list[str], to_simplified) -> tuple[str, ...] | None:
    """Clean paragraphs into lines; ``None`` when the text is not a clean regulated-shape poem."""
    text = to_simplified("".join(paragraphs))
    text = _NOTE.sub("", text)
    lines = tuple(part for part in _LINE_END.split(text) if part)
    if len(lines) not in (4, 8):
        return None
    length = len(lines[0])
    if length not in (5, 7) or any(len(line) != length for line in lines):
        return None
    if not all(_HAN.match(line) for line in lines):
        return None
    return lines


def iter_regulated(root: Path, limit_files: int | None = None) -> Iterator[Poem]:
    """Every distinct regulated-shape poem of the corpus, simplified and cleaned."""
    import opencc

    converter = opencc.OpenCC("t2s")
    seen: set[str] = set()
    files = corpus_files(root)
    for path in files[:limit_files] if limit_files else files:
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CorpusNotFound(f"{path}: unreadable poem file ({error})") from error
        for entry in entries:
            paragraphs = entry.get("paragraphs") or []
            if not isinstance(paragraphs, list):
                continue
            lines = split_lines([str(p) for p in paragraphs], converter.convert)
            if lines is None:
                continue
            key = "".join(lines)
            if key in seen:
                continue
            seen.add(key)
            yield Poem(converter.convert(str(entry.get("author") or "")),
                       converter.convert(str(entry.get("title") or "")).strip(), lines)


def load_corpus(root: Path, slice_size: int | None = None) -> list[Poem]:
    """The regulated corpus; with ``slice_size`` a small, stable slice for tests and quick trials.

    A slice holds the first ``slice_size`` poems of the corpus plus up to ``slice_size`` poems by
    each offered poet, so every poet of the station is represented.
    """
    if not slice_size:
        return list(iter_regulated(root))
    chosen: list[Poem] = []
    per_poet = {name: 0 for name in POETS}
    others = 0
    for poem in iter_regulated(root):
        if poem.author in per_poet:
            if per_poet[poem.author] < slice_size:
                per_poet[poem.author] += 1
                chosen.append(poem)
        elif others < slice_size:
            others += 1
            chosen.append(poem)
    return chosen
