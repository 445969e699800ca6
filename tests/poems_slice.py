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


@functools.cache
def slice_neural_dir() -> Path:
    """A tiny neural model trained on the slice (needs the [train] extra: JAX, optax, onnx)."""
    from exhibits.poems import neural_train

    folder = Path(tempfile.mkdtemp(prefix="poems-neural-")) / "neural"
    tiny = neural_train.TrainSettings(vocab_size=1500, embed=32, cond_dim=16, hidden=48, batch=64, epochs=4.0,
                                      lr=1e-2, held_out=100)
    neural_train.train(slice_corpus(), folder, tiny, echo=lambda *_: None)
    return folder
