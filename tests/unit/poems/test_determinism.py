"""The same request gives the same poem in every process: training and generation do not depend on Python's
string-hash seed (set iteration order), so the CLI and the API, each in its own process, agree."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from tests.poems_slice import CORPUS, slice_model_dir

ROOT = Path(__file__).resolve().parents[3]

TRAIN = """
import hashlib, sys
from pathlib import Path
from exhibits.poems.corpus import load_corpus
from exhibits.poems.model import train
folder = Path(sys.argv[1])
train(load_corpus(Path(sys.argv[2]), 80), folder, echo=lambda *_: None)
for p in sorted(folder.iterdir()):
    print(p.name, hashlib.md5(p.read_bytes()).hexdigest())
"""

GENERATE = """
import sys
from pathlib import Path
from exhibits.poems.generator import PoemGenerator
from exhibits.poems.model import PoemModel
from exhibits.poems.preferences import parse_preferences
generator = PoemGenerator(PoemModel.load(Path(sys.argv[1])))
recent = []
for request in ({"poet": "白居易", "form": "七言律诗", "seed": 7},
                {"poet": "元稹", "form": "五言绝句", "seed": 7, "theme": "山水", "season": "秋",
                 "mood": "惆怅", "keywords": ["江月"]},
                {"poet": "白居易", "form": "五言绝句", "seed": 3, "theme": "送别", "acrostic": "三峡"}):
    poem = generator.generate(parse_preferences(request), recent=recent)
    recent.append(poem.lines)
    print("/".join(poem.lines), poem.notes)
"""


def run(script: str, *args: str, hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_training_gives_the_same_files_whatever_the_hash_seed(tmp_path):
    first = run(TRAIN, str(tmp_path / "a"), str(CORPUS), hash_seed="1")
    second = run(TRAIN, str(tmp_path / "b"), str(CORPUS), hash_seed="2")
    assert "vectors.npy" in first and "meta.json" in first
    assert first == second


def test_generation_gives_the_same_poems_whatever_the_hash_seed():
    model = str(slice_model_dir())
    first = run(GENERATE, model, hash_seed="1")
    second = run(GENERATE, model, hash_seed="2")
    assert len(first.splitlines()) == 3
    assert first == second, hashlib.md5(first.encode()).hexdigest()
