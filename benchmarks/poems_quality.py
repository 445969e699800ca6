"""Quality and speed of the 三游诗人 poem station, against real poems measured in the same run.

    .venv/bin/python benchmarks/poems_quality.py --model instance/poems/model [--poems 1000]

Prints: metrical pass rate (independent pingshui-rhyme checker) and full-template rate; novelty
(lines identical to / within one character of a corpus line); variety (most common 4-character
sequence, theme words present); 对仗 of 律诗 middle couplets (generated vs real 律诗); a style
classifier's confusion matrix (trained on real poems of six poets); load time, memory, p50/p95 ms.
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

from exhibits.poems import features, themes
from exhibits.poems.corpus import POETS
from exhibits.poems.generator import PoemGenerator
from exhibits.poems.model import PoemModel
from exhibits.poems.patterns import FORMS
from exhibits.poems.preferences import parse_preferences
from exhibits.poems.verify import full_template_match, independent_check

CLASSIFIED = ["白居易", "元稹", "苏轼", "苏辙", "李白", "杜甫"]


def parallel(model, lines: list[str]) -> bool:
    """Middle couplets parallel: opposite tones at even positions and ≥ 80 % same word class."""
    for first, second in ((lines[2], lines[3]), (lines[4], lines[5])):
        same = sum(model.classes.get(a, "x") == model.classes.get(b, "y") for a, b in zip(first, second, strict=True))
        tones = all(model.tones.tone_of(first[i]) != model.tones.tone_of(second[i]) or
                    len(model.tones.tone_of(first[i])) == 2 for i in range(1, len(first), 2))
        if same < 0.8 * len(first) or not tones:
            return False
    return True


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
    started = time.perf_counter()
    model = PoemModel.load(Path(args.model))
    generator = PoemGenerator(model)
    load_seconds = time.perf_counter() - started
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
    passed = sum(independent_check(p.lines)[0] for _, p in poems)
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
    print(f"lines identical to a corpus line: {exact}   within one character: {near / len(lines):.1%}")
    print(f"most common 4-char sequence: {top_gram} in {top_count / n:.1%} of poems")
    print(f"theme word present: {with_theme_word / n:.1%} (whole word)  {with_theme / n:.1%} (word or one of its characters)")
    print(f"对仗 middle couplets parallel: generated 律诗 {sum(parallel(model, p.lines) for p in lushi) / max(1, len(lushi)):.1%}"
          f"  | peer: real 律诗 of six poets {sum(parallel(model, x) for x in real_lushi) / max(1, len(real_lushi)):.1%}")

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
    print(f"model load {load_seconds:.2f} s   peak memory {rss_mb:.0f} MB")
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
