"""One small trained poem model per test process (trained on a slice of the corpus, cached)."""

from __future__ import annotations

import functools
import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "node_modules" / "chinese-poetry"
SLICE = 300
# the tiny neural model: vocabulary 1,500, GRU of 48, four epochs
TINY_NEURAL = ["--vocab", "1500", "--embed", "32", "--cond", "16", "--hidden", "48", "--batch", "64",
               "--epochs", "4", "--lr", "1e-2", "--held-out", "100"]


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


def neural_training_available() -> bool:
    """Whether the [train] extra (JAX, optax, onnx) is installed; looked up without importing it."""
    return all(importlib.util.find_spec(name) is not None for name in ("jax", "optax", "onnx"))


@functools.cache
def slice_neural_dir() -> Path:
    """A tiny neural model trained on the slice by ``python -m exhibits.poems.neural_train`` in a process of
    its own: JAX starts threads, and pytest's process, which later tests fork, must never import it."""
    folder = Path(tempfile.mkdtemp(prefix="poems-neural-")) / "neural"
    command = [sys.executable, "-m", "exhibits.poems.neural_train", "--corpus", str(CORPUS),
               "--slice", str(SLICE), "--out", str(folder), *TINY_NEURAL]
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, timeout=1800, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"training the tiny neural model failed ({done.returncode}):\n"
                           f"{done.stderr[-4000:]}")
    return folder
