"""Quality and speed of the 三游诗人 poem station, against the model it replaces, measured in the same run.

    PYTHONPATH=. .venv/bin/python benchmarks/poems_quality.py --model instance/poems/model \\
        [--lm ngram|neural|both] [--neural DIR] [--baseline /work/baseline --baseline-model DIR \\
        [--baseline-neural DIR]] \\
        [--poems 1000]

``--lm`` chooses this tree's language model inside the constrained search (the station's
POEMS_LANGUAGE_MODEL): the n-gram model, the neural model of ``--neural`` (default: the committed weights),
or both, each a side of its own in the same run.

The same N requests (every form, every poet, every theme, season and mood, keywords on a third of them,
acrostics on a tenth, among them 峰啼溪听) go to this tree's generator and, with ``--baseline``, to the code
checked out there (its own model folder: it is run in a subprocess with that tree first on PYTHONPATH).
Each side writes as the station does: with the history of its last poems. Both sets of poems are then
judged here by the same measures:

* borrowed fragments — lines sharing 4 (and 5) or more consecutive characters with a corpus line, found by
  streaming the corpus itself (not the model's tables); lines that end on a whole word (a pair that ended
  real lines at least twice, or a two-character word of jieba's dictionary);
* metre and rhyme as heard — :func:`exhibits.poems.verify.heard_faults` (polyphones read in their words),
  with the most common faults; the pingshui-rhyme package's check beside it (it accepts either tone of a
  polyphone and fails characters its dictionary lacks, so it is a second opinion only);
* season clashes (another season's markers, :data:`exhibits.poems.themes.SEASON_MARKERS`); keywords used,
  left out with a reason, or dropped silently; acrostics holding 峰 啼 溪 听 written;
* imagery — the share of poems holding the most common imagery word (two-character nouns of jieba's
  dictionary, and the station's theme words) that the request did not ask for (a keyword asked for is the
  visitor's, not stock imagery); lines repeated across poems (all, and for the thin poets);
* speed — warm wall and CPU p50/p95 per form, and the first request after a start: a fresh process
  creates the app (and warms up, where the code does) and times its first POST /api/v1/poems.

What these numbers cannot see: whether a line means anything (sense, coherence, a couplet's logic, the
poet's voice) — that needs readers (issue 15's blind set); the season markers and the reading of a
polyphone are this station's rules (pypinyin's phrase dictionary and its default readings), so a reader
may still hear a wrong tone where the dictionary has no word (几重 is read jǐ zhòng).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ACROSTICS = ["峰啼溪听", "神女峰高", "猿啼两岸", "溪听猿啼", "巫山云雨", "白帝彩云", "江山如画", "听雨溪亭",
             "峰回路转", "夔门秋色"]
MAX_RECENT = 100


def requests(count: int) -> list[dict]:
    """``count`` requests spread over forms, poets, themes, seasons, moods, keywords and acrostics."""
    from exhibits.poems import themes
    from exhibits.poems.corpus import POETS
    from exhibits.poems.patterns import FORMS

    poets, forms = list(POETS), list(FORMS)
    theme_names, seasons, moods = list(themes.THEMES), list(themes.SEASONS), list(themes.MOODS)
    keywords = themes.GORGES_KEYWORDS
    out = []
    for i in range(count):
        request = {"poet": poets[i % len(poets)], "form": forms[(i // len(poets)) % len(forms)],
                   "theme": theme_names[(i // 36) % len(theme_names)],
                   "season": seasons[(i // 7) % len(seasons)], "mood": moods[(i // 11) % len(moods)],
                   "seed": i}
        if i % 3 == 1:  # one to three of the kiosk's keywords, each about equally often
            request["keywords"] = random.Random(i).sample(keywords, 1 + (i // 3) % 3)
        if i % 10 == 5:
            request["acrostic"] = ACROSTICS[(i // 10) % len(ACROSTICS)]
        out.append(request)
    return out


# -- worker side: runs with either tree first on PYTHONPATH and uses only what both offer --------------------
def generate_all(model_dir: str, batch: list[dict], out_path: str, neural_dir: str | None = None) -> None:
    import inspect

    from exhibits.poems.generator import PoemGenerator
    from exhibits.poems.model import PoemModel
    from exhibits.poems.preferences import parse_preferences

    started, started_cpu = time.perf_counter(), time.process_time()
    if neural_dir:
        from exhibits.poems.neural import NeuralModel

        generator = PoemGenerator(PoemModel.load(Path(model_dir)), neural=NeuralModel.load(Path(neural_dir)))
    else:
        generator = PoemGenerator(PoemModel.load(Path(model_dir)))
    load = (time.perf_counter() - started, time.process_time() - started_cpu)
    generator.generate(parse_preferences({"poet": "杜甫", "form": "五言绝句", "seed": 0}))  # warm
    with_history = "history" in inspect.signature(generator.generate).parameters
    history_lines: dict[str, set[str]] = defaultdict(set)
    recent: list[list[str]] = []
    with open(out_path, "w", encoding="utf-8") as out:
        out.write(json.dumps({"load_seconds": load[0], "load_cpu": load[1]}) + "\n")
        for request in batch:
            prefs = parse_preferences(request)
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                if with_history:  # as the station does (museum.poem_station.station_history)
                    from exhibits.poems.generator import THIN_POETS, History

                    lines = set().union(*(history_lines[p] for p in THIN_POETS)) \
                        if prefs.poet in THIN_POETS else set()
                    poem = generator.generate(prefs, history=History(recent[-MAX_RECENT:], set(lines)))
                else:  # the old station: its last 50 poems
                    poem = generator.generate(prefs, recent[-50:])
            except Exception as error:  # noqa: BLE001 - counted and reported
                out.write(json.dumps({"request": request, "error": f"{type(error).__name__}: {error}"},
                                     ensure_ascii=False) + "\n")
                continue
            wall, cpu = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
            recent.append(list(poem.lines))
            history_lines[prefs.poet].update(poem.lines)
            out.write(json.dumps({"request": request, "lines": list(poem.lines), "notes": list(poem.notes),
                                  "wall_ms": wall, "cpu_ms": cpu}, ensure_ascii=False) + "\n")
        out.write(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                              "load_average": os.getloadavg()[0]}) + "\n")


def first_request(model_dir: str, out_path: str, neural_dir: str | None = None) -> None:
    """A fresh process: create the app as a server worker does, then time its first poem request."""
    t0 = time.perf_counter()
    from museum import create_app, poem_station
    from museum.catalogue.schema import create_schema
    from museum.extensions import db

    instance = tempfile.mkdtemp(prefix="poems-first-")
    app = create_app({"TESTING": True, "INSTANCE_PATH": instance, "SECRET_KEY": "bench",
                      "SEARCH_INDEXER_THREAD": False, "POEMS_MODEL_DIR": model_dir,
                      "POEMS_PER_KIOSK_PER_MINUTE": 100,
                      **({"POEMS_LANGUAGE_MODEL": "neural", "POEMS_NEURAL_DIR": neural_dir}
                         if neural_dir else {})})
    with app.app_context():
        create_schema(db)
    if hasattr(poem_station, "warm_up"):  # what `museum serve` does as a worker starts
        poem_station.warm_up(app)
    ready = time.perf_counter() - t0
    with open("/proc/self/statm") as handle:  # what the server's memory watch sees (shared pages included)
        resident = int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    client = app.test_client()
    t1 = time.perf_counter()
    response = client.post("/api/v1/poems",
                           json={"poet": "苏轼", "form": "七言律诗", "theme": "山水", "seed": 11})
    first = time.perf_counter() - t1
    t2 = time.perf_counter()  # a second, different request: what a warm worker takes for one
    client.post("/api/v1/poems", json={"poet": "元稹", "form": "七言律诗", "theme": "送别", "seed": 12})
    second = time.perf_counter() - t2
    Path(out_path).write_text(json.dumps({"ready_seconds": ready, "resident_mb": resident,
                                          "first_ms": first * 1000, "second_ms": second * 1000,
                                          "status": response.status_code}))


def run_side(code_root: str, model_dir: str, batch: list[dict], label: str, skip_first: bool,
             neural_dir: str | None = None) -> dict:
    """Generate ``batch`` with the code at ``code_root`` in a subprocess (with the neural model of
    ``neural_dir``, if given); returns its records."""
    extra = ["--neural", neural_dir] if neural_dir else []
    env = {**os.environ, "PYTHONPATH": code_root}
    work = Path(tempfile.mkdtemp(prefix=f"poems-{label}-"))
    (work / "requests.json").write_text(json.dumps(batch, ensure_ascii=False), encoding="utf-8")
    script = str(Path(__file__).resolve())
    started = time.perf_counter()
    subprocess.run([sys.executable, script, "--worker", "generate", "--model", model_dir, *extra,
                    "--requests", str(work / "requests.json"), "--out", str(work / "poems.jsonl")],
                   env=env, check=True, cwd=code_root)
    records = [json.loads(line) for line in (work / "poems.jsonl").read_text(encoding="utf-8").splitlines()]
    first = {}
    if not skip_first:
        subprocess.run([sys.executable, script, "--worker", "first", "--model", model_dir, *extra,
                        "--out", str(work / "first.json")], env=env, check=True, cwd=code_root,
                       stdout=subprocess.DEVNULL)
        first = json.loads((work / "first.json").read_text())
    return {"label": label, "records": records, "first": first, "seconds": time.perf_counter() - started}


# -- judging side: this tree's code --------------------------------------------------------------------------
def corpus_hits(corpus_root: Path, lines: list[str], limit_files: int | None = None
                ) -> tuple[set[str], set[str], set[str]]:
    """(4-grams, 5-grams of ``lines`` found in a corpus line; pairs that ended ≥ 2 corpus lines)."""
    from exhibits.poems.corpus import iter_regulated

    wanted = {n: {line[i:i + n] for line in lines for i in range(len(line) - n + 1)} for n in (4, 5)}
    found: dict[int, set[str]] = {4: set(), 5: set()}
    tails: Counter[str] = Counter()
    for poem in iter_regulated(corpus_root, limit_files):
        for line in poem.lines:
            tails[line[-2:]] += 1
            for n in (4, 5):
                for i in range(len(line) - n + 1):
                    if line[i:i + n] in wanted[n]:
                        found[n].add(line[i:i + n])
    return found[4], found[5], {pair for pair, k in tails.items() if k >= 2}


def percentile(values: list[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(values, q)) if values else float("nan")


def judge(side: dict, table, grams4: set[str], grams5: set[str], tails: set[str], lexicon) -> dict:
    from exhibits.poems import parallelism, themes
    from exhibits.poems.generator import THIN_POETS
    from exhibits.poems.verify import heard_faults, independent_check

    words = set(lexicon.words)
    nouns = {w for w, name in lexicon.words.items() if name == parallelism.NOUN}
    poems = [r for r in side["records"] if "lines" in r]
    lushi = [p["lines"] for p in poems if len(p["lines"]) == 8]
    parallel_count = sum(parallelism.poem_parallel(lines, lexicon, table.tone_of) for lines in lushi)
    parallel = parallel_count / max(1, len(lushi))
    failures = [r for r in side["records"] if "error" in r]
    meta = {k: v for r in side["records"] if "request" not in r for k, v in r.items()}
    lines = [line for p in poems for line in p["lines"]]
    copied4 = sum(any(line[i:i + 4] in grams4 for i in range(len(line) - 3)) for line in lines)
    copied5 = sum(any(line[i:i + 5] in grams5 for i in range(len(line) - 4)) for line in lines)
    whole = sum(line[-2:] in tails or line[-2:] in words for line in lines)
    fault_counts: Counter[str] = Counter()
    valid = 0
    examples = []
    for p in poems:
        faults = heard_faults(table, p["lines"])
        valid += not faults
        for fault in faults:
            fault_counts[fault.split(": ", 1)[-1].split(" (")[0]] += 1
        if faults and len(examples) < 3:
            examples.append(f"{' '.join(p['lines'])} — {'; '.join(faults)}")
    independent = sum(independent_check(p["lines"])[0] for p in poems)
    # a marker is a word: it lies inside a line (清|明 across two lines is not 清明)
    clashes = [p for p in poems
               if any(themes.clashing_marker(line, p["request"].get("season")) for line in p["lines"])]
    given = used = named = 0
    for p in poems:
        text, notes = "".join(p["lines"]), " ".join(p["notes"])
        for word in p["request"].get("keywords", []):
            given += 1
            used += word in text
            named += word not in text and word in notes
    imagery: Counter[str] = Counter()
    theme_words = {w for table_ in (themes.THEMES, themes.SEASONS, themes.MOODS) for e in table_.values()
                   for w in e["words"]}
    for p in poems:  # what the visitor asked for (keywords, acrostic) is not the station's stock imagery
        text = "".join(p["lines"])
        asked = p["request"].get("keywords", []) + [p["request"].get("acrostic", "")]
        found = {line[i:i + 2] for line in p["lines"] for i in range(len(line) - 1) if line[i:i + 2] in nouns}
        imagery.update(w for w in found | {w for w in theme_words if w in text}
                       if not any(k and (k in w or w in k) for k in asked))
    acrostic = {c: [0, 0] for c in "峰啼溪听"}
    for p in poems:
        wanted = p["request"].get("acrostic", "")
        for i, c in enumerate(wanted[:len(p["lines"])]):
            if c in acrostic:
                acrostic[c][0] += 1
                acrostic[c][1] += p["lines"][i][0] == c
    line_poems: dict[str, set[int]] = defaultdict(set)
    thin_line_poems: dict[str, set[int]] = defaultdict(set)
    for n, p in enumerate(poems):
        for line in p["lines"]:
            line_poems[line].add(n)
            if p["request"]["poet"] in THIN_POETS:
                thin_line_poems[line].add(n)
    by_form: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for p in poems:
        by_form[p["request"]["form"]].append((p["wall_ms"], p["cpu_ms"]))
    n = max(1, len(poems))
    return {
        "label": side["label"], "poems": len(poems), "failures": len(failures),
        "failure_examples": [f"{f['error']} ({json.dumps(f['request'], ensure_ascii=False)})"
                             for f in failures[:3]],
        "copied4": copied4 / max(1, len(lines)), "copied5": copied5 / max(1, len(lines)),
        "whole_word_ends": whole / max(1, len(lines)),
        "heard_valid": valid / n, "faults": fault_counts.most_common(6), "fault_examples": examples,
        "independent": independent / n, "parallel": parallel,
        "clashes": len(clashes), "clash_examples": [" ".join(p["lines"]) + f" ({p['request']['season']})"
                                                    for p in clashes[:2]],
        "keywords_used": used / max(1, given), "keywords_named": named,
        "keywords_silent": given - used - named, "keywords_given": given,
        "imagery_top": [(w, k / n) for w, k in imagery.most_common(5)],
        "acrostic": acrostic,
        "repeated_lines": sum(len(s) > 1 for s in line_poems.values()),
        "thin_repeated_lines": sum(len(s) > 1 for s in thin_line_poems.values()),
        "timing": {form: (percentile([w for w, _ in v], 50), percentile([w for w, _ in v], 95),
                          percentile([c for _, c in v], 50), percentile([c for _, c in v], 95))
                   for form, v in sorted(by_form.items())},
        "load_seconds": meta.get("load_seconds"), "peak_mb": meta.get("peak_mb"),
        "load_average": meta.get("load_average", float("nan")),
        "first": side["first"], "seconds": side["seconds"],
    }


def report(results: list[dict], requests_count: int) -> None:
    def row(name: str, fmt, key, target: str = "") -> None:
        cells = "".join(f"{fmt(r) if callable(fmt) else format(r[key], fmt):>26}" for r in results)
        print(f"{name:<44}{cells}   {target}")

    print(f"{'':<44}" + "".join(f"{r['label']:>26}" for r in results) + "   target")
    row("poems written / failures", lambda r: f"{r['poems']} / {r['failures']}", None, f"of {requests_count}")
    row("lines sharing ≥4 chars with a corpus line", ".1%", "copied4", "≤ 1 %")
    row("lines sharing ≥5 chars with a corpus line", ".1%", "copied5")
    row("lines ending on a whole word", ".1%", "whole_word_ends")
    row("metre and rhyme valid as heard", ".1%", "heard_valid", "≥ 97 %")
    row("  pingshui-rhyme check (2nd opinion)", ".1%", "independent")
    row("律诗 with both middle couplets 对仗", ".1%", "parallel")
    row("season clashes (poems)", "d", "clashes", "0")
    row("keywords used", ".1%", "keywords_used", "≥ 95 %")
    row("keywords left out, named / silent",
        lambda r: f"{r['keywords_named']} / {r['keywords_silent']}", None, "silent 0")
    row("most frequent imagery word not asked for", lambda r: "{} {:.1%}".format(*r["imagery_top"][0])
        if r["imagery_top"] else "-", None, "≤ 8 %")
    for c in "峰啼溪听":
        row(f"acrostics with {c}: heads its line",
            lambda r, c=c: "{1} of {0}".format(*r["acrostic"][c]), None, "all")
    row("lines repeated across poems (all / thin poets)",
        lambda r: f"{r['repeated_lines']} / {r['thin_repeated_lines']}", None, "thin 0")
    forms = sorted({f for r in results for f in r["timing"]})
    for form in forms:
        row(f"{form} wall p50 / p95 ms", lambda r, f=form: "{:.0f} / {:.0f}".format(*r["timing"][f][:2])
            if f in r["timing"] else "-", None, "七言律诗 p95 ≤ 300" if form == "七言律诗" else "")
        row(f"{form} CPU p50 / p95 ms", lambda r, f=form: "{:.0f} / {:.0f}".format(*r["timing"][f][2:])
            if f in r["timing"] else "-", None)
    row("first request after start (ms)", lambda r: f"{r['first'].get('first_ms', float('nan')):.0f}", None,
        "≤ 1000")
    row("  the second request (ms)", lambda r: f"{r['first'].get('second_ms', float('nan')):.0f}", None)
    row("  worker ready after (s)", lambda r: f"{r['first'].get('ready_seconds', float('nan')):.1f}", None)
    row("model load (s) / peak memory (MB)", lambda r: f"{r['load_seconds']:.1f} / {r['peak_mb']:.0f}", None)
    row("app worker resident after start (MB)",
        lambda r: f"{r['first'].get('resident_mb', float('nan')):.0f}", None,
        "≤ 1024 (shared model pages count)")
    row("load average when the side finished", lambda r: f"{r['load_average']:.1f}", None,
        f"{os.cpu_count()} cores: wall times stretch with it, CPU times do not")
    for r in results:
        print(f"\n{r['label']}: most common faults as heard: {r['faults']}")
        for example in r["fault_examples"]:
            print(f"   {example}")
        print(f"{r['label']}: top imagery {[(w, round(s, 3)) for w, s in r['imagery_top']]}")
        for example in r["clash_examples"]:
            print(f"   clash: {example}")
        for example in r["failure_examples"]:
            print(f"   failed: {example}")
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="instance/poems/model")
    parser.add_argument("--poems", type=int, default=1000,
                        help="how many requests (the test suite runs a few)")
    parser.add_argument("--lm", choices=["ngram", "neural", "both"], default="ngram",
                        help="this tree's language model(s): each is a side of the same run")
    parser.add_argument("--neural", help="the neural model's folder (default: exhibits/poems/weights)")
    parser.add_argument("--baseline", help="a checkout of the code this replaces (e.g. /work/baseline)")
    parser.add_argument("--baseline-model", help="the model folder trained by that code")
    parser.add_argument("--baseline-neural", help="that code's neural model folder (its side then writes with"
                        " it; default: its n-gram model alone)")
    parser.add_argument("--corpus", default="node_modules/chinese-poetry")
    parser.add_argument("--corpus-files", type=int,
                        help="judge against the first N corpus files only (tests)")
    parser.add_argument("--skip-first-request", action="store_true")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--worker", choices=["generate", "first"], help=argparse.SUPPRESS)
    parser.add_argument("--requests", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "generate":
        return generate_all(args.model, json.loads(Path(args.requests).read_text(encoding="utf-8")), args.out,
                            args.neural)
    if args.worker == "first":
        return first_request(args.model, args.out, args.neural)

    from exhibits.poems import parallelism
    from exhibits.poems.model import PoemModel

    here = str(Path(__file__).resolve().parents[1])
    batch = requests(args.poems)
    from exhibits.poems.neural import WEIGHTS_DIR

    neural_dir = str(Path(args.neural or WEIGHTS_DIR).resolve())
    kinds = ["ngram", "neural"] if args.lm == "both" else [args.lm]
    sides = [run_side(here, str(Path(args.model).resolve()), batch, f"this tree ({kind})",
                      args.skip_first_request, neural_dir if kind == "neural" else None) for kind in kinds]
    if args.baseline:
        sides.append(run_side(args.baseline, str(Path(args.baseline_model).resolve()), batch,
                              f"old ({Path(args.baseline).name})", args.skip_first_request,
                              str(Path(args.baseline_neural).resolve()) if args.baseline_neural else None))
    table = PoemModel.load(Path(args.model)).tones  # the reader: this tree's table and readings for both
    lexicon = parallelism.jieba_lexicon()  # straight from jieba's data
    lines = [line for side in sides for r in side["records"] for line in r.get("lines", [])]
    grams4, grams5, tails = corpus_hits(Path(args.corpus), lines, args.corpus_files)
    results = [judge(side, table, grams4, grams5, tails, lexicon) for side in sides]
    report(results, len(batch))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
