"""The poem station's generator: preferences in, a checked regulated poem with its annotations out."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from exhibits.poems import rerank, themes
from exhibits.poems.corpus import POETS
from exhibits.poems.decoder import Decoder, theme_bonus
from exhibits.poems.exceptions import GenerationFailed
from exhibits.poems.planning import plan_poem, resolved
from exhibits.poems.preferences import Preferences

THIN_POETS = {"白行简", "苏洵"}
ATTEMPTS = 3  # too few regulated poems: the model leans on the whole corpus


@dataclass
class GeneratedPoem:
    preferences: Preferences
    lines: list[str]
    pinyin: list[list[str]]
    rhyme_group: str
    pattern: dict
    inspirations: list[dict]
    notes: list[str] = field(default_factory=list)
    scores: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"poet": self.preferences.poet, "form": self.preferences.form, "lines": self.lines,
                "pinyin": self.pinyin, "rhyme_group": self.rhyme_group, "pattern": self.pattern,
                "inspirations": self.inspirations, "notes": self.notes}


class PoemGenerator:
    def __init__(self, model, beam: int = 8):
        self.model = model
        self.decoder = Decoder(model, beam)
        self._index: dict[str, tuple[dict, list]] = {}
        import opencc

        self._s2t = opencc.OpenCC("s2t")
        self.pinyin(["三峡"])  # load pypinyin's dictionaries now, not on the first visitor's poem

    def generate(self, prefs: Preferences, recent: list[list[str]] | None = None) -> GeneratedPoem:
        words = themes.theme_words(prefs.theme, prefs.season, prefs.mood) + list(prefs.keywords)
        bonus = theme_bonus(self.model, words)
        pairs = rerank.recent_pairs(recent or [])
        hyps: list = []
        for attempt in range(ATTEMPTS):  # each attempt its own (seeded) plan: still reproducible
            rng = np.random.default_rng([prefs.seed, prefs.fingerprint(), attempt])
            plan = plan_poem(self.model, prefs, rng)
            if attempt == ATTEMPTS - 1 and plan.forced:  # last try: keep only the acrostic
                plan.forced = {k: v for k, v in plan.forced.items() if k[1] == 0 and plan.acrostic}
                plan.notes.append("关键词未能全部写入。 Not every keyword could be placed.")
            hyps = [h for h in self.decoder.decode(plan, prefs.poet, bonus, rng, pairs)
                    if self._conversion_stable(plan, h.lines)]
            if hyps:
                break
        if not hyps:
            raise GenerationFailed("no poem met every rule; try another seed or fewer constraints")
        grams = rerank.recent_grams(recent or [])
        judged = [(rerank.judge(self.model, h.lines, h.lm, grams), h) for h in hyps]
        best_judgement, best = max(judged, key=lambda item: item[0].total)
        notes = list(plan.notes)
        if prefs.poet in THIN_POETS:
            notes.append(f"{prefs.poet}传世律绝极少，此诗多借唐宋诸家之风。"
                         f" Few regulated poems by {POETS[prefs.poet]} survive; the style leans on the corpus.")
        if plan.acrostic:
            notes.append(f"藏头：{plan.acrostic}")
        return GeneratedPoem(prefs, best.lines, self.pinyin(best.lines), plan.rhyme_group,
                             self.pattern(plan, best.lines), self.inspirations(prefs.poet, best.lines),
                             notes, {k: round(v, 3) for k, v in best_judgement.parts.items()})

    def _conversion_stable(self, plan, lines: list[str]) -> bool:
        """A checker converts whole lines with OpenCC s2t: the characters it sees must keep our tones."""
        table = self.model.tones
        for number, (line, pattern) in enumerate(zip(lines, plan.template.patterns, strict=True)):
            converted = self._s2t.convert(line)
            for i, (simple, traditional) in enumerate(zip(line, converted, strict=True)):
                if resolved(self.model, simple, pattern[i]) not in table.traditional.get(traditional, ""):
                    return False
            if number in plan.template.rhyme_lines and plan.rhyme_group not in \
                    table.traditional_groups.get(converted[-1], []):
                return False
        return True

    def pattern(self, plan, lines: list[str]) -> dict:
        template = plan.template
        tones = ["".join(resolved(self.model, c, want) for c, want in zip(line, pattern, strict=True))
                 for line, pattern in zip(lines, template.patterns, strict=True)]
        return {"name": template.name, "template": template.patterns, "tones": tones,
                "rhyme_lines": [i + 1 for i in template.rhyme_lines]}

    @staticmethod
    def pinyin(lines: list[str]) -> list[list[str]]:
        from pypinyin import Style, pinyin

        return [[syllable[0] for syllable in pinyin(line, style=Style.TONE)] for line in lines]

    def inspirations(self, poet: str, lines: list[str], count: int = 3) -> list[dict]:
        """The real poems by ``poet`` sharing the most (rarity-weighted) character pairs with ours."""
        index, poems = self._poet_index(poet)
        pairs = {line[i:i + 2] for line in lines for i in range(len(line) - 1)}
        chars = set("".join(lines))
        scores: Counter[int] = Counter()
        for pair in pairs:
            for number in index.get(pair, ()):
                scores[number] += 2.0 / math.log(2 + len(index[pair]))
        for char in chars:
            for number in index.get(char, ()):
                scores[number] += 0.3 / math.log(2 + len(index[char]))
        best = [n for n, _ in scores.most_common(count)]
        return [{"author": poems[n][0], "title": poems[n][1], "lines": poems[n][2]} for n in best]

    def _poet_index(self, poet: str) -> tuple[dict, list]:
        if poet not in self._index:
            own = [(poet, t, lines) for t, lines in self.model.poet_poems.get(poet, [])]
            if len(own) < 3:  # lean on the other station poets, as the model does on the corpus
                own += [(p, t, lines) for p in POETS if p != poet for t, lines in self.model.poet_poems.get(p, [])]
            index: dict[str, list[int]] = defaultdict(list)
            for number, (_, _, lines) in enumerate(own):
                keys = {line[i:i + 2] for line in lines for i in range(len(line) - 1)} | set("".join(lines))
                for key in keys:
                    index[key].append(number)
            self._index[poet] = (dict(index), own)
        return self._index[poet]
