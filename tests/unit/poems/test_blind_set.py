"""The blind reading set's scorer: means per side from a filled sheet; a bad cell is named by row and
column."""

import csv
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
_spec = importlib.util.spec_from_file_location("poems_blind", ROOT / "benchmarks" / "poems_blind.py")
poems_blind = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(poems_blind)


def sheet(path, value="3", guess="g"):
    key = json.loads((poems_blind.FOLDER / "key.json").read_text(encoding="utf-8"))
    (path.parent / "key.json").write_text(json.dumps(key), encoding="utf-8")  # a sheet is scored by its key
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["number", *poems_blind.CRITERIA, "guess", "comment"])
        for number, entry in key.items():
            mark = "5" if entry["source"] == "real" else value
            writer.writerow([number, *[mark] * len(poems_blind.CRITERIA), guess, ""])
    return path


@pytest.mark.parametrize("folder", [poems_blind.FOLDER, poems_blind.FOLDER / "ngram",
                                    poems_blind.FOLDER / "neural-1", poems_blind.FOLDER / "neural-2a",
                                    poems_blind.FOLDER / "neural-2b"])
def test_the_set_holds_forty_generated_and_twenty_real_poems(folder):
    key = json.loads((folder / "key.json").read_text(encoding="utf-8"))
    sources = [entry["source"] for entry in key.values()]
    assert sources.count("generated") == 40 and sources.count("real") == 20
    text = (folder / "poems.md").read_text(encoding="utf-8")
    assert all(f"## {n}\n" in text for n in range(1, 61))
    assert not any(entry.get("author", "") in text for entry in key.values() if entry["source"] == "real")


def test_scores_are_averaged_per_side(tmp_path, capsys):
    result = poems_blind.score(sheet(tmp_path / "s.csv", "2"))
    assert result["generated"]["sense"] == 2.0 and result["real"]["overall"] == 5.0
    assert result["generated"]["taken_for_generated"] == 1.0
    assert "| sense | 2.0 | 5.0 |" in capsys.readouterr().out


def test_a_bad_score_names_its_row_and_column(tmp_path):
    with pytest.raises(SystemExit, match=r"row 2, column fluency: '7' is not a score from 1 to 5"):
        poems_blind.score(sheet(tmp_path / "s.csv", "7"))
