"""benchmarks/poems_quality.py: its measures see what they claim to (a planted copy, a clash, a bad reading)
and a small run of the whole script works (the 1,000-poem run is `--poems 1000`)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.poems_slice import CORPUS, slice_corpus, slice_model_dir

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("poems_quality", ROOT / "benchmarks" / "poems_quality.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_measures_see_copies_clashes_faults_and_silent_keywords(bench, generator):
    from exhibits.poems import parallelism

    real = list(next(p for p in slice_corpus() if len(p.lines) == 4 and len(p.lines[0]) == 7).lines)
    record = {"request": {"poet": "杜甫", "form": "七言绝句", "season": "秋", "keywords": ["巫山"]},
              "lines": real[:3] + ["春风又绿江南岸"], "notes": [], "wall_ms": 1.0, "cpu_ms": 1.0}
    lines = record["lines"]
    grams4 = {line[i:i + 4] for line in real for i in range(len(line) - 3)}
    grams5 = {line[i:i + 5] for line in real for i in range(len(line) - 4)}
    side = {"label": "planted", "records": [record], "first": {}, "seconds": 0.0}
    result = bench.judge(side, generator.model.tones, grams4, grams5, set(), parallelism.jieba_lexicon())
    assert result["copied4"] == 0.75 and result["copied5"] == 0.75  # the three real lines
    assert result["clashes"] == 1  # 春 in an autumn poem
    assert result["keywords_used"] == 0 and result["keywords_silent"] == 1
    assert result["heard_valid"] == 0.0  # the last line breaks the rhyme
    assert len(lines) == 4


def test_requests_cover_forms_poets_themes_and_the_former_gaps(bench):
    requests = bench.requests(200)
    assert {r["form"] for r in requests} == {"五言绝句", "七言绝句", "五言律诗", "七言律诗"}
    assert len({r["poet"] for r in requests}) == 9 and len({r["theme"] for r in requests}) >= 2
    assert any("峰啼溪听" == r.get("acrostic") for r in requests)
    assert sum("keywords" in r for r in requests) >= 60


def test_a_small_run_of_the_script(tmp_path):
    out = tmp_path / "figures.json"
    completed = subprocess.run(
        [sys.executable, "benchmarks/poems_quality.py", "--model", str(slice_model_dir()), "--poems", "4",
         "--corpus", str(CORPUS), "--corpus-files", "2", "--skip-first-request", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert completed.returncode == 0, completed.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))[0]
    assert figures["poems"] + figures["failures"] == 4
    assert "metre and rhyme valid as heard" in completed.stdout
