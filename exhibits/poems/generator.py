"""The poem station's generator: preferences in, a checked regulated poem with its annotations out."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from exhibits.poems import ngram, rerank, themes
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


def _keys(lines_by_poem: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """(poem number, key) of every distinct character (key = code point) and pair of neighbours inside
    a line (key = 2^21 · first + second code point) of each poem."""
    numbers, keys = [], []
    for length in {len(lines[0]) for lines in lines_by_poem if lines}:
        chosen = [n for n, lines in enumerate(lines_by_poem) if lines and len(lines[0]) == length]
        text = "".join("".join(lines_by_poem[n]) for n in chosen)
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64).reshape(-1, length)
        owner = np.repeat(np.array(chosen), [len(lines_by_poem[n]) for n in chosen])
        pairs = (codes[:, :-1] << 21) | codes[:, 1:]
        numbers += [np.repeat(owner, length), np.repeat(owner, length - 1)]
        keys += [codes.reshape(-1), pairs.reshape(-1)]
    if not keys:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    combined = np.sort((np.concatenate(numbers) << 42) | np.concatenate(keys))
    combined = combined[np.concatenate(([True], combined[1:] != combined[:-1]))]  # distinct
    return combined >> 42, combined & ((1 << 42) - 1)


class InspirationIndex:
    """Which station poet's poems hold which characters and pairs: sorted arrays, searched per request."""

    def __init__(self, poet_poems: dict[str, list]):
        self.poems = [(poet, title, lines) for poet in POETS for title, lines in poet_poems.get(poet, [])]
        owners = np.array([list(POETS).index(p) for p, _, _ in self.poems], dtype=np.int64)
        numbers, keys = _keys([lines for _, _, lines in self.poems])
        order = np.argsort(keys, kind="stable")
        self.keys, self.numbers = keys[order], numbers[order]
        self.members: dict[str, np.ndarray] = {}
        for k, poet in enumerate(POETS):
            members = owners == k
            if members.sum() < 3:  # lean on the other station poets, as the model does on the corpus
                members = np.ones(len(self.poems), bool)
            self.members[poet] = members

    def best(self, poet: str, lines: list[str], count: int) -> list[dict]:
        members = self.members.get(poet)
        if members is None or not len(self.keys):
            return []
        _, query = _keys([lines])
        weights = np.where(query >= 1 << 21, 2.0, 0.3)  # a shared pair counts more than a character
        lo, hi = np.searchsorted(self.keys, query, "left"), np.searchsorted(self.keys, query, "right")
        owners, positions = ngram.spans(lo, hi)
        numbers = self.numbers[positions]
        inside = members[numbers]
        owners, numbers = owners[inside], numbers[inside]
        frequency = np.bincount(owners, minlength=len(query))  # how many of the poet's poems hold the key
        scores = np.bincount(numbers, weights=weights[owners] / np.log(2 + frequency[owners]),
                             minlength=len(self.poems))
        best = [int(n) for n in np.argsort(-scores, kind="stable")[:count] if scores[n] > 0]
        return [{"author": self.poems[n][0], "title": self.poems[n][1], "lines": self.poems[n][2]} for n in best]


class PoemGenerator:
    def __init__(self, model, beam: int = 8):
        self.model = model
        self.decoder = Decoder(model, beam)
        self._inspiration_index = InspirationIndex(model.poet_poems)
        import opencc

        self._s2t = opencc.OpenCC("s2t")
        self.pinyin(["三峡"])  # load pypinyin's dictionaries now, not on the first visitor's poem

    def generate(self, prefs: Preferences, recent: list[list[str]] | None = None) -> GeneratedPoem:
        words = themes.theme_words(prefs.theme, prefs.season, prefs.mood) + list(prefs.keywords)
        bonus = theme_bonus(self.model, words)
        pairs = rerank.recent_pairs(recent or [])
        for attempt in range(ATTEMPTS):  # each attempt its own (seeded) plan: still reproducible
            rng = np.random.default_rng([prefs.seed, prefs.fingerprint(), attempt])
            plan = plan_poem(self.model, prefs, rng)
            if attempt == ATTEMPTS - 1 and plan.forced:  # last try: keep only the acrostic
                plan.forced = {k: v for k, v in plan.forced.items() if k[1] == 0 and plan.acrostic}
                plan.notes.append("关键词未能全部写入。 Not every keyword could be placed.")
            hyps = self.decoder.decode(plan, prefs.poet, bonus, rng, pairs)
            if hyps:  # the best judged candidate whose characters a checker converts as we read them
                judgements = rerank.judge_all(self.model, [h.lines for h in hyps], [h.lm for h in hyps],
                                              rerank.recent_grams(recent or []))
                ranked = sorted(zip(judgements, hyps, strict=True), key=lambda item: -item[0].total)
                chosen = next((item for item in ranked if self._conversion_stable(plan, item[1].lines)), None)
                if chosen is not None:
                    break
        else:
            raise GenerationFailed("no poem met every rule; try another seed or fewer constraints")
        best_judgement, best = chosen
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
        """A checker converts whole lines with OpenCC s2t: the characters it sees must keep our tones,
        our rhyme (rhymed feet in the group, unrhymed feet pure 仄 and sharing no group with the second
        line's foot)."""
        table = self.model.tones
        converted_lines = self._s2t.convert("\n".join(lines)).split("\n")
        if [len(c) for c in converted_lines] != [len(line) for line in lines]:
            return False
        second_foot = set(table.traditional_groups.get(converted_lines[1][-1], []))
        for number, (line, converted, pattern) in enumerate(zip(lines, converted_lines, plan.template.patterns,
                                                                strict=True)):
            for i, (simple, traditional) in enumerate(zip(line, converted, strict=True)):
                if resolved(self.model, simple, pattern[i]) not in table.traditional.get(traditional, ""):
                    return False
            foot_groups = table.traditional_groups.get(converted[-1], [])
            if number in plan.template.rhyme_lines:
                if plan.rhyme_group not in foot_groups:
                    return False
            elif table.traditional.get(converted[-1]) != "仄" or (number >= 2 and second_foot & set(foot_groups)):
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
        return self._inspiration_index.best(poet, lines, count)
