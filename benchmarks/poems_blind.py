"""The blind reading set of the 三游诗人 poem station (issue 15): generated poems mixed with real poems by
lesser-known poets of the same forms, shuffled, the key kept apart, so any reader can score them.

    PYTHONPATH=. .venv/bin/python benchmarks/poems_blind.py build --model instance/poems/model \\
        [--lm neural|ngram]
    PYTHONPATH=. .venv/bin/python benchmarks/poems_blind.py score benchmarks/poems_blind/sheet-READER.csv

``--lm`` is the station's language model inside the constrained search (default ``neural``, the committed
weights or ``--neural DIR``); ``--out`` another folder (earlier stations' sets are kept for comparison: the
n-gram station's in ``poems_blind/ngram``, the first neural model's — 441 training steps — in
``poems_blind/neural-1``, the second's before three decoding fixes in ``poems_blind/neural-2a``, after them
and before the corpus's seasons, the turn lines and the line-end placement rule in ``poems_blind/neural-2b``).
A sheet is scored with the ``key.json`` beside it.

``build`` writes ``benchmarks/poems_blind/``: ``poems.md`` (the poems numbered, no titles or authors),
``sheet.csv`` (an empty scoring sheet: copy it, fill it), ``key.json`` (which poem is which: do not open it
before scoring) and ``README.md`` (the criteria). ``score`` reads a filled sheet with the key and prints the
mean of each criterion for the generated and the real poems, and the share of poems the reader took for
generated (the ``guess`` column), per side.

Real poems: Tang and Song poets with at most ``--max-poems`` (default 12) regulated poems in the corpus
and not among the station's poets, the same forms in the same proportion as the generated ones. Generated
poems: every form, the station's poets in turn, themes, seasons and moods in turn, keywords on some and an
acrostic on a few, each written with the station's history of the poems before it (as the kiosk writes).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from exhibits.poems import themes  # noqa: E402
from exhibits.poems.corpus import POETS, iter_regulated  # noqa: E402
from exhibits.poems.patterns import FORMS  # noqa: E402

FOLDER = ROOT / "benchmarks" / "poems_blind"
CORPUS = ROOT / "node_modules" / "chinese-poetry"
CRITERIA = {  # Jiuge's human evaluation (fluency, meaning, coherence, aesthetics) plus the ear and overall
    "fluency": "通顺 Fluency: each line reads as natural classical Chinese.",
    "sense": "意义 Sense: each line means something one can say in other words.",
    "coherence": "连贯 Coherence: the lines and couplets hang together as one poem (place, season, feeling).",
    "aesthetics": "诗意 Poeticness: imagery and turns of phrase a reader would keep.",
    "metre": "声律 Metre as heard: read aloud, the tones and the rhyme sound right.",
    "overall": "总体 Overall: as a poem, how good is it.",
}
SCALE = "1 = poor, 2 = weak, 3 = acceptable, 4 = good, 5 = excellent"
GENERATED_PER_FORM, REAL_PER_FORM = 10, 5
KEYWORDS = ("江月", "孤舟", "猿声", "白帝", "秋风", "巫山", "故人", "夔门")
ACROSTICS = {"五言绝句": "峰啼溪听", "七言绝句": "三峡秋月", "五言律诗": "", "七言律诗": ""}


def requests() -> list[dict]:
    poets, theme_names = list(POETS), list(themes.THEMES)
    seasons, moods = list(themes.SEASONS), list(themes.MOODS)
    out = []
    for f, form in enumerate(FORMS):
        for k in range(GENERATED_PER_FORM):
            n = f * GENERATED_PER_FORM + k
            request = {"poet": poets[n % len(poets)], "form": form,
                       "theme": theme_names[n % len(theme_names)], "season": seasons[n % len(seasons)],
                       "mood": moods[(n // 2) % len(moods)], "seed": 1000 + n}
            if k % 3 == 1:
                request["keywords"] = [KEYWORDS[n % len(KEYWORDS)]]
            if k == 0 and ACROSTICS[form]:
                request["acrostic"] = ACROSTICS[form]
            out.append(request)
    return out


def generate(model: Path, neural: Path | None) -> list[dict]:
    from exhibits.poems.generator import PoemGenerator
    from exhibits.poems.model import PoemModel
    from exhibits.poems.preferences import parse_preferences

    if neural is not None:
        from exhibits.poems.neural import NeuralModel

        generator = PoemGenerator(PoemModel.load(model), neural=NeuralModel.load(neural))
    else:
        generator = PoemGenerator(PoemModel.load(model))
    recent: list[list[str]] = []
    poems = []
    for request in requests():
        poem = generator.generate(parse_preferences(request), recent=recent[-20:])
        recent.append(poem.lines)
        poems.append({"source": "generated", "request": request, "lines": poem.lines})
    return poems


def real_poems(max_poems: int, rng: random.Random) -> list[dict]:
    by_poet: dict[str, list] = {}
    for poem in iter_regulated(CORPUS):
        by_poet.setdefault(poem.author, []).append(poem)
    lesser = sorted(name for name, poems in by_poet.items()
                    if name and name not in POETS and len(poems) <= max_poems)
    chosen = []
    for form, (length, count) in FORMS.items():
        pool = [p for name in lesser for p in by_poet[name] if p.length == length and len(p.lines) == count]
        for poem in rng.sample(pool, REAL_PER_FORM):
            chosen.append({"source": "real", "form": form, "author": poem.author, "title": poem.title,
                           "lines": list(poem.lines)})
    return chosen


def build(model: Path, max_poems: int, seed: int, neural: Path | None, folder: Path) -> None:
    rng = random.Random(seed)
    poems = generate(model, neural) + real_poems(max_poems, rng)
    rng.shuffle(poems)
    folder.mkdir(parents=True, exist_ok=True)
    text = ["# 诗 · Poems to read\n",
            "Score each poem on the sheet (`sheet.csv`), without looking at `key.json`.\n"]
    for number, poem in enumerate(poems, 1):
        text.append(f"## {number}\n\n" + "\n".join(f"{line}{'，' if i % 2 == 0 else '。'}"
                                                for i, line in enumerate(poem["lines"])) + "\n")
    (folder / "poems.md").write_text("\n".join(text), encoding="utf-8")
    with open(folder / "sheet.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["number", *CRITERIA, "guess", "comment"])
        for number in range(1, len(poems) + 1):
            writer.writerow([number, *[""] * len(CRITERIA), "", ""])
    key = {str(n): {k: v for k, v in poem.items() if k != "lines"} for n, poem in enumerate(poems, 1)}
    (folder / "key.json").write_text(json.dumps(key, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    criteria = "\n".join(f"- `{name}` — {meaning}" for name, meaning in CRITERIA.items())
    where = folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder
    (folder / "README.md").write_text(f"""# Blind reading set of the poem station

{len(poems)} poems: {GENERATED_PER_FORM * len(FORMS)} written by the station, \
{REAL_PER_FORM * len(FORMS)} real poems by lesser-known Tang and Song poets (at most {max_poems} regulated \
poems each in the corpus), the same four forms, shuffled. Built by `benchmarks/poems_blind.py build` \
(seed {seed}, language model: {"neural" if neural else "n-gram"}).

To score: read `poems.md`; copy `sheet.csv` to `sheet-<your name>.csv`; for every poem give each criterion \
{SCALE}; in `guess` write `g` if you think the station wrote it, `r` if a poet did; then run
`PYTHONPATH=. .venv/bin/python benchmarks/poems_blind.py score {where}/sheet-<your name>.csv`.
**Do not open `key.json` before you have scored every poem.**

Criteria:
{criteria}

The goal of issue 15: a reader's mean `sense` for the generated poems ≥ 3.5 and `overall` ≥ 3.6 (at or above
the Jiuge system's published human scores).
""", encoding="utf-8")
    print(f"wrote {len(poems)} poems to {folder}")


def score(sheet: Path) -> dict:
    key = json.loads((sheet.parent / "key.json").read_text(encoding="utf-8"))
    marks: dict[str, dict[str, list[float]]] = {"generated": {}, "real": {}}
    guesses: dict[str, list[bool]] = {"generated": [], "real": []}
    with open(sheet, newline="", encoding="utf-8") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), 2):
            entry = key.get(str(row.get("number", "")).strip())
            if entry is None:
                raise SystemExit(f"{sheet}, row {row_number}: no poem numbered {row.get('number')!r}")
            side = entry["source"]
            for name in CRITERIA:
                raw = (row.get(name) or "").strip()
                if not raw:
                    raise SystemExit(f"{sheet}, row {row_number}, column {name}: empty "
                                     "(every poem needs a score)")
                if raw not in {"1", "2", "3", "4", "5"}:
                    raise SystemExit(f"{sheet}, row {row_number}, column {name}: {raw!r} is not a score "
                                     "from 1 to 5")
                marks[side].setdefault(name, []).append(float(raw))
            guess = (row.get("guess") or "").strip().lower()
            if guess in ("g", "r"):
                guesses[side].append(guess == "g")
    result = {side: {name: round(statistics.mean(values), 2) for name, values in by_name.items()}
              for side, by_name in marks.items()}
    for side, said in guesses.items():
        result[side]["taken_for_generated"] = round(sum(said) / len(said), 2) if said else None
    print("| criterion | generated | real |")
    print("|---|---|---|")
    for name in [*CRITERIA, "taken_for_generated"]:
        print(f"| {name} | {result['generated'].get(name)} | {result['real'].get(name)} |")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    made = commands.add_parser("build")
    made.add_argument("--model", type=Path, required=True, help="the trained poem model folder")
    made.add_argument("--max-poems", type=int, default=12)
    made.add_argument("--seed", type=int, default=15)
    made.add_argument("--lm", choices=["neural", "ngram"], default="neural")
    made.add_argument("--neural", type=Path,
                      help="the neural model's folder (default: the committed weights)")
    made.add_argument("--out", type=Path, default=FOLDER)
    scored = commands.add_parser("score")
    scored.add_argument("sheet", type=Path)
    args = parser.parse_args()
    if args.command == "build":
        neural = None
        if args.lm == "neural":
            from exhibits.poems.neural import WEIGHTS_DIR

            neural = args.neural or Path(WEIGHTS_DIR)
        build(args.model, args.max_poems, args.seed, neural, args.out)
    else:
        score(args.sheet)


if __name__ == "__main__":
    main()
