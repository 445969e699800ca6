"""One small trained poem model per test process (trained on a slice of the corpus, cached)."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "node_modules" / "chinese-poetry"
SLICE = 300


@functools.cache
def slice_corpus() -> list:
    from exhibits.poems.corpus import load_corpus

    return load_corpus(CORPUS, SLICE)


@functools.cache
def slice_model_dir() -> Path:
    from exhibits.poems.model import train

    folder = Path(tempfile.mkdtemp(prefix="poems-slice-")) / "model"
    train(slice_corpus(), folder, echo=lambda *_: None)
    return folder


@functools.cache
def slice_generator():
    from exhibits.poems.generator import PoemGenerator
    from exhibits.poems.model import PoemModel

    return PoemGenerator(PoemModel.load(slice_model_dir()))
