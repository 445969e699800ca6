"""Quality and speed of the 三游诗人 poem station, against real poems measured in the same run.

    .venv/bin/python benchmarks/poems_quality.py --model instance/poems/model [--poems 1000]

Prints: metrical pass rate (independent pingshui-rhyme checker, with the poems that fail) and
full-template rate; novelty (lines identical to / within one character of a corpus line); variety
(most common 4-character sequence, theme words present); 对仗 of 律诗 middle couplets with
:mod:`exhibits.poems.parallelism` (word classes from jieba's data, tones), for generated 律诗 and, as
the measure's own check, for the metrically regular real 律诗 of six poets (middle couplets against
first and last couplets and against lines paired at random); a style classifier's confusion matrix
(trained on real poems of six poets); load time, memory, p50/p95 wall and CPU ms per poem.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import time
from collections import Counter, defaultdict, deque
from pathlib import Path

import numpy as np

from exhibits.poems import features, parallelism, themes
from exhibits.poems.corpus import POETS
from exhibits.poems.generator import PoemGenerator
from exhibits.poems.model import PoemModel
from exhibits.poems.patterns import FORMS
from exhibits.poems.preferences import parse_preferences
from exhibits.poems.verify import full_template_match, independent_check

CLASSIFIED = ["白居易", "元稹", "苏轼", "苏辙", "李白", "杜甫"]


def parallel_report(model, lushi: list[list[str]], real: list[list[str]]) -> None:
    """对仗 of generated and real 律诗, with the controls that show the measure discriminates."""
    lexicon = parallelism.jieba_lexicon()  # straight from jieba's data, not the model's copy
    tone_of = model.tones.tone_of

    def share(pairs):
        return sum(parallelism.analyse_couplet(a, b, lexicon, tone_of).parallel for a, b in pairs) / max(1, len(pairs))

    def poems(group):
        return sum(parallelism.poem_parallel(lines, lexicon, tone_of) for lines in group) / max(1, len(group))

    regular = [lines for lines in real if independent_check(lines)[0]]
    middle = [c for lines in regular for c in parallelism.middle_couplets(lines)]
    rng = np.random.default_rng(0)
    seconds = {n: [b for a, b in middle if len(a) == n] for n in (5, 7)}
    shuffled = [(a, seconds[len(a)][int(rng.integers(len(seconds[len(a)])))]) for a, _ in middle]
    generated = [c for lines in lushi for c in parallelism.middle_couplets(lines)]
    print(f"对仗 (both middle couplets parallel): generated 律诗 {poems(lushi):.1%} (couplets {share(generated):.1%})"
          f"  | peer: real 律诗 of six poets {poems(regular):.1%} (couplets {share(middle):.1%};"
          f" {len(regular)} metrically regular of {len(real)} 8-line poems; all 8-line: {poems(real):.1%})")
    print(f"   the measure's controls on the same real 律诗: first couplets {share([(x[0], x[1]) for x in regular]):.1%},"
          f" last couplets {share([(x[6], x[7]) for x in regular]):.1%},"
          f" a middle couplet's first line with another's second line {share(shuffled):.1%}")
    for lines in lushi[:1] + regular[:1]:
        for a, b in parallelism.middle_couplets(lines):
            print("   " + parallelism.analyse_couplet(a, b, lexicon, tone_of).describe())


class NaiveBayes:
    def __init__(self, docs: dict[str, list[str]]):
        self.classes = list(docs)
        self.counts = {c: Counter(g for d in ds for g in self.grams(d)) for c, ds in docs.items()}
        self.totals = {c: sum(v.values()) for c, v in self.counts.items()}
        self.vocab = len(set().union(*self.counts.values()))

    @staticmethod
    def grams(text: str) -> list[str]:
        return list(text) + [text[i:i + 2] for i in range(len(text) - 1)]

    def predict(self, text: str) -> str:
        def score(c):
            return sum(math.log((self.counts[c][g] + 1) / (self.totals[c] + self.vocab)) for g in self.grams(text))
        return max(self.classes, key=score)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="instance/poems/model")
    parser.add_argument("--poems", type=int, default=1000)
    args = parser.parse_args()
    started, started_cpu = time.perf_counter(), time.process_time()
    model = PoemModel.load(Path(args.model))
    generator = PoemGenerator(model)
    load_seconds, load_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    generator.generate(parse_preferences({"poet": "杜甫", "form": "五言绝句", "seed": 0}))  # warm-up

    requests = []
    poets, forms, theme_names = list(POETS), list(FORMS), list(themes.THEMES)
    for i in range(args.poems):
        requests.append({"poet": poets[i % len(poets)], "form": forms[(i // len(poets)) % 4],
                         "theme": theme_names[(i // 36) % 4], "season": list(themes.SEASONS)[i % 4], "seed": i})
    poems, times, cpu_times, failures = [], defaultdict(list), defaultdict(list), 0
    recent: deque = deque(maxlen=50)  # as the station does: its last 50 poems
    for request in requests:
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            poem = generator.generate(parse_preferences(request), list(recent))
        except Exception:  # noqa: BLE001 - counted and reported
            failures += 1
            continue
        times[request["form"]].append((time.perf_counter() - t0) * 1000)
        cpu_times[request["form"]].append((time.process_time() - c0) * 1000)
        poems.append((request, poem))
        recent.append(poem.lines)
    n = len(poems)
    checks = [(request, poem, independent_check(poem.lines)) for request, poem in poems]
    passed = sum(ok for _, _, (ok, _) in checks)
    full = sum(full_template_match(p.lines) for _, p in poems)
    lines = [line for _, p in poems for line in p.lines]
    exact = sum(int(features.contains(model.exact_lines, features.line_hash(features.line_codes([line])))[0])
                for line in lines)
    near = sum(features.near_copy(line, model.near_lines) for line in lines)
    grams = Counter(g for _, p in poems for g in {line[i:i + 4] for line in p.lines for i in range(len(line) - 3)})
    top_gram, top_count = grams.most_common(1)[0] if grams else ("", 0)
    with_theme = sum(any(w in "".join(p.lines) or any(c in "".join(p.lines) for c in w)
                         for w in themes.THEMES[r["theme"]]["words"]) for r, p in poems)
    with_theme_word = sum(any(w in "".join(p.lines) for w in themes.THEMES[r["theme"]]["words"]) for r, p in poems)
    lushi = [p for _, p in poems if len(p.lines) == 8]
    real_lushi = [lines for poet in CLASSIFIED for _, lines in model.poet_poems.get(poet, []) if len(lines) == 8]
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"poems generated: {n} of {len(requests)} ({failures} failures)")
    print(f"independent check (pingshui-rhyme) pass: {passed / n:.1%}   full template at every position: {full / n:.1%}")
    for request, poem, (_, message) in [c for c in checks if not c[2][0]][:10]:
        print(f"   FAILED {request['poet']} {request['form']} seed {request['seed']}: {' '.join(poem.lines)} — {message}")
    print(f"lines identical to a corpus line: {exact}   within one character: {near / len(lines):.1%}")
    print(f"most common 4-char sequence: {top_gram} in {top_count / n:.1%} of poems")
    print(f"theme word present: {with_theme_word / n:.1%} (whole word)  {with_theme / n:.1%} (word or one of its characters)")
    parallel_report(model, [p.lines for p in lushi], real_lushi)

    rng = np.random.default_rng(0)
    train, held = defaultdict(list), []
    for poet in CLASSIFIED:
        texts = ["".join(lines) for _, lines in model.poet_poems.get(poet, [])]
        rng.shuffle(texts)
        cut = max(1, len(texts) // 10)
        held += [(poet, t) for t in texts[:cut]]
        train[poet] = texts[cut:]
    classifier = NaiveBayes(train)
    real_accuracy = sum(classifier.predict(t) == poet for poet, t in held) / max(1, len(held))
    matrix = {a: Counter() for a in CLASSIFIED}
    for request, poem in poems:
        if request["poet"] in CLASSIFIED:
            matrix[request["poet"]][classifier.predict("".join(poem.lines))] += 1
    total = sum(sum(row.values()) for row in matrix.values())
    correct = sum(matrix[p][p] for p in CLASSIFIED)
    print(f"style classifier (naive Bayes, chars+bigrams): held-out real poems {real_accuracy:.1%} (peer); "
          f"generated poems {correct / max(1, total):.1%}; chance {1 / len(CLASSIFIED):.1%}")
    print("requested \\ predicted  " + " ".join(f"{p:>4}" for p in CLASSIFIED))
    for poet in CLASSIFIED:
        print(f"{poet:>8}              " + " ".join(f"{matrix[poet][q]:>5}" for q in CLASSIFIED))
    print(f"model load {load_seconds:.2f} s wall, {load_cpu:.2f} s CPU   peak memory {rss_mb:.0f} MB")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("form        wall p50  wall p95   cpu p50   cpu p95 (ms)")
    every, every_cpu = [], []
    for form, values in times.items():
        every += values
        every_cpu += cpu_times[form]
        print(f"{form}   {np.percentile(values, 50):7.0f}  {np.percentile(values, 95):8.0f}  "
              f"{np.percentile(cpu_times[form], 50):8.0f}  {np.percentile(cpu_times[form], 95):8.0f}")
    print(f"all forms  {np.percentile(every, 50):7.0f}  {np.percentile(every, 95):8.0f}  "
          f"{np.percentile(every_cpu, 50):8.0f}  {np.percentile(every_cpu, 95):8.0f}")


if __name__ == "__main__":
    main()
