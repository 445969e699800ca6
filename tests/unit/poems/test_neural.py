"""The neural poem model: a tiny one trained end to end on the test slice, exported to ONNX, loaded with ONNX
Runtime and written with inside the constrained search; the run-time path imports no training framework."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from exhibits.poems.exceptions import ModelNotTrained
from exhibits.poems.features import contains, line_codes, line_hash
from exhibits.poems.neural import BOS, NEURAL_FORMAT, WEIGHTS_DIR, NeuralModel, conditions
from exhibits.poems.preferences import parse_preferences
from exhibits.poems.verify import heard_faults
from tests.poems_slice import neural_training_available, slice_model_dir, slice_neural_dir

ROOT = Path(__file__).resolve().parents[3]
REQUESTS = [("杜甫", "七言律诗", "怀古", "秋", 3), ("李白", "五言绝句", "山水", "", 4),
            ("苏轼", "七言绝句", "思乡", "春", 5), ("白居易", "五言律诗", "送别", "冬", 6)]


@pytest.fixture(scope="module")
def tiny() -> Path:
    """Trained on the slice by the training command in a process of its own
    (tests.poems_slice.slice_neural_dir: vocabulary 1,500, GRU of 48); JAX is never imported here."""
    if not neural_training_available():
        pytest.skip("the [train] extra (JAX, optax, onnx) is not installed")
    folder = slice_neural_dir()
    assert "jax" not in sys.modules
    meta = json.loads((folder / "neural.json").read_text(encoding="utf-8"))
    assert meta["format"] == NEURAL_FORMAT and meta["steps"] > 0
    return folder


@pytest.fixture(scope="module")
def tiny_generator(tiny, generator):
    from exhibits.poems.generator import PoemGenerator

    return PoemGenerator(generator.model, neural=NeuralModel.load(tiny))


def test_export_computes_what_was_trained(tiny):
    """The ONNX graph (run by ONNX Runtime) gives the trained step's numbers (numpy reference)."""
    from exhibits.poems.neural_export import step_numpy

    model = NeuralModel.load(tiny)
    params = dict(np.load(tiny / "checkpoint.npz"))
    rng = np.random.default_rng(0)
    tokens = np.array([BOS, 7, 40])
    cond = np.array([conditions(model.vocab, (9, 0), 3, 2, line, 1) for line in range(3)])
    state = rng.normal(size=(3, model.hidden)).astype(np.float32)
    logp, following = model.step(tokens, cond, state)
    want_logp, want_state = step_numpy(params, tokens, cond, state)
    assert logp.shape == (3, model.vocab)
    np.testing.assert_allclose(np.exp(logp).sum(axis=1), 1.0, rtol=1e-4)
    np.testing.assert_allclose(logp, want_logp, atol=1e-4)
    np.testing.assert_allclose(following, want_state, atol=1e-5)


def test_training_learns(tiny):
    """Held-out loss after a few epochs is well below a uniform guess over the vocabulary."""
    meta = json.loads((tiny / "neural.json").read_text(encoding="utf-8"))
    assert meta["held_out_loss"] < np.log(meta["vocab"]) - 0.5


@pytest.mark.parametrize("request_", REQUESTS, ids=[r[1] for r in REQUESTS])
def test_tiny_model_writes_a_correct_poem(tiny_generator, request_):
    poet, form, theme, season, seed = request_
    prefs = parse_preferences({"poet": poet, "form": form, "theme": theme, "season": season, "seed": seed,
                               "keywords": "江"})
    poem = tiny_generator.generate(prefs)
    assert tiny_generator.kind == "neural"
    assert len(poem.lines) == prefs.line_count and {len(line) for line in poem.lines} == {prefs.length}
    assert heard_faults(tiny_generator.model.tones, poem.lines) == []
    text = "".join(poem.lines)
    assert len(set(text)) == len(text)  # no character twice
    assert "江" in text or "江" in poem.left_out
    model = tiny_generator.model
    assert not contains(model.exact_lines, line_hash(line_codes(poem.lines))).any()
    assert tiny_generator.generate(prefs).lines == poem.lines  # the same request, the same poem


def test_neural_and_ngram_differ(tiny_generator, generator):
    prefs = parse_preferences({"poet": "杜甫", "form": "七言律诗", "theme": "山水", "seed": 11})
    assert tiny_generator.generate(prefs).lines != generator.generate(prefs).lines


def test_stale_or_missing_model_is_refused(tiny, tmp_path):
    with pytest.raises(ModelNotTrained, match="no neural poem model"):
        NeuralModel.load(tmp_path)
    (tmp_path / "neural.onnx").write_bytes((tiny / "neural.onnx").read_bytes())
    meta = json.loads((tiny / "neural.json").read_text(encoding="utf-8"))
    (tmp_path / "neural.json").write_text(json.dumps({**meta, "format": NEURAL_FORMAT - 1}), encoding="utf-8")
    with pytest.raises(ModelNotTrained, match=f"format {NEURAL_FORMAT - 1} is not {NEURAL_FORMAT}; retrain"):
        NeuralModel.load(tmp_path)


def test_runtime_imports_no_training_framework(tiny):
    """Loading the neural model and writing a poem with it imports neither torch, jax nor onnx."""
    script = textwrap.dedent(f"""
        import sys
        from exhibits.poems.generator import PoemGenerator
        from exhibits.poems.model import PoemModel
        from exhibits.poems.neural import NeuralModel
        from exhibits.poems.preferences import parse_preferences
        generator = PoemGenerator(PoemModel.load({str(slice_model_dir())!r}),
                                  neural=NeuralModel.load({str(tiny)!r}))
        poem = generator.generate(parse_preferences({{"poet": "李白", "form": "五言绝句", "seed": 1}}))
        assert len(poem.lines) == 4, poem.lines
        loaded = sorted(m for m in ("torch", "jax", "jaxlib", "optax", "onnx") if m in sys.modules)
        print("loaded:", ",".join(loaded))
    """)
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "loaded:"


@pytest.mark.skipif(not (WEIGHTS_DIR / "neural.onnx").exists(), reason="no committed neural weights")
def test_committed_weights_load_and_write(generator):
    from exhibits.poems.generator import PoemGenerator

    model = NeuralModel.load()
    meta = json.loads((WEIGHTS_DIR / "neural.json").read_text(encoding="utf-8"))
    assert "neural_train" in meta["command"] and meta["format"] == NEURAL_FORMAT
    assert (WEIGHTS_DIR / "neural.onnx").stat().st_size <= 30 * 1024 * 1024
    neural = PoemGenerator(generator.model, neural=model)
    prefs = parse_preferences({"poet": "杜甫", "form": "七言律诗", "theme": "怀古", "seed": 2})
    poem = neural.generate(prefs)
    assert heard_faults(neural.model.tones, poem.lines) == []


def test_quality_benchmark_compares_both_models(tiny, tmp_path):
    """benchmarks/poems_quality.py --lm both: the n-gram and the neural model as two sides of one run."""
    from tests.poems_slice import CORPUS

    out = tmp_path / "figures.json"
    completed = subprocess.run(
        [sys.executable, "benchmarks/poems_quality.py", "--model", str(slice_model_dir()), "--poems", "3",
         "--lm", "both", "--neural", str(tiny), "--corpus", str(CORPUS), "--corpus-files", "2",
         "--skip-first-request", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert completed.returncode == 0, completed.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert [f["label"] for f in figures] == ["this tree (ngram)", "this tree (neural)"]
    assert all(f["poems"] + f["failures"] == 3 for f in figures)
