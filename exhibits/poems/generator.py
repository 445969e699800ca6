"""The poem station's generator: preferences in, a checked regulated poem with its annotations out."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from exhibits.poems import ngram, rerank, themes
from exhibits.poems.corpus import POETS
from exhibits.poems.decoder import Decoder, theme_bonus
from exhibits.poems.exceptions import GenerationFailed
from exhibits.poems.planning import line_keywords, plan_poem
from exhibits.poems.preferences import Preferences
from exhibits.poems.reading import heard_tones
from exhibits.poems.verify import heard_faults

THIN_POETS = {"白行简", "苏洵"}  # too few regulated poems: the model leans on the whole corpus
ATTEMPTS = 3  # plans with every keyword; then three more with the acrostic alone (the keywords named), the
# second with a wider, noisier search (a request the station's history leaves few ways to write), the third
# also without the words the corpus's poems of the season avoid (the season's markers still hold)
IMAGERY_WEIGHT = 40.0  # penalty (nats) of an imagery word per unit of its share of the recent poems
OVERUSED_SHARE = 0.03  # a theme word in this share of the recent poems is not forced into another


@dataclass
class History:
    """What the station wrote before, the same for the API and the CLI (read from its database).

    ``recent``: its recent poems (their imagery is penalised by how many of them use it; their lines are
    never written again); ``lines``: more lines never to write again (a thin poet's earlier poems).
    """

    recent: list[list[str]] = field(default_factory=list)
    lines: set[str] = field(default_factory=set)

    def avoid_lines(self) -> set[str]:
        return self.lines | {line for poem in self.recent for line in poem}


def imagery_words(model, lines: list[str]) -> set[str]:
    """The imagery of a poem: the two-character nouns of jieba's dictionary in its lines (孤舟, 明月)."""
    nouns = model.imagery
    return {line[i:i + 2] for line in lines for i in range(len(line) - 1) if line[i:i + 2] in nouns}


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
    left_out: dict[str, str] = field(default_factory=dict)  # keyword -> why it is not in the poem

    def to_json(self) -> dict:
        return {"poet": self.preferences.poet, "form": self.preferences.form, "lines": self.lines,
                "pinyin": self.pinyin, "rhyme_group": self.rhyme_group, "pattern": self.pattern,
                "inspirations": self.inspirations, "notes": self.notes,
                "keywords_left_out": [{"keyword": k, "reason": r} for k, r in self.left_out.items()]}


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
        return [{"author": author, "title": title, "lines": lines}
                for author, title, lines in (self.poems[n] for n in best)]


class PoemGenerator:
    """``neural``: a :class:`exhibits.poems.neural.NeuralModel` to write with (its log-probabilities, given
    each line's planned keyword, inside the same constrained search); None: the n-gram model alone."""

    def __init__(self, model, beam: int = 8, neural=None):
        self.model = model
        self.neural = neural
        self.kind = "neural" if neural is not None else "ngram"
        self.decoder = Decoder(model, beam, neural)
        self._inspiration_index = InspirationIndex(model.poet_poems)
        self._theme_words = {w for table in (themes.THEMES, themes.SEASONS, themes.MOODS)
                             for entry in table.values() for w in entry["words"]}
        self.pinyin(["三峡"])  # load pypinyin's dictionaries now, not on the first visitor's poem

    def generate(self, prefs: Preferences, recent: list[list[str]] | None = None,
                 history: History | None = None) -> GeneratedPoem:
        """The poem for ``prefs``; what the station wrote before (``history``, or just its ``recent``
        poems) steers imagery away from what it used lately and bans its lines."""
        history = history or History(list(recent or []))
        words = themes.theme_words(prefs.theme, prefs.season, prefs.mood) + list(prefs.keywords)
        bonus = theme_bonus(self.model, words, self.decoder.theme_weight)
        pairs, overused = self.recent_imagery(history.recent)
        avoid = history.avoid_lines()
        grams = rerank.recent_grams(history.recent)
        chosen = None
        for attempt in range(ATTEMPTS + 3):  # each attempt its own (seeded) plan: still reproducible
            rng = np.random.default_rng([prefs.seed, prefs.fingerprint(), attempt])
            keywords = () if attempt >= ATTEMPTS else None  # late tries: the acrostic alone, keywords named
            plan = plan_poem(self.model, prefs, rng, overused, keywords,
                             corpus_seasons=attempt <= ATTEMPTS + 1)
            planned = None
            if self.neural is not None:  # its own seeded draws: the n-gram model's poems stay as they were
                planned = line_keywords(self.model, prefs, plan, np.random.default_rng(
                    [prefs.seed, prefs.fingerprint(), attempt, 1]), overused)
            hyps = self.decoder.decode(plan, prefs.poet, bonus, rng, pairs, avoid, planned,
                                       wide=attempt > ATTEMPTS)  # the last: a wider, noisier search
            hyps = [h for h in hyps if not heard_faults(self.model.tones, h.lines)]  # as the checker hears it
            if hyps:
                texts, lms = [h.lines for h in hyps], [h.lm for h in hyps]
                judgements = rerank.judge_all(self.model, texts, lms, grams)
                chosen = max(zip(judgements, hyps, strict=True), key=lambda item: item[0].total)
                break
        if chosen is None:
            raise GenerationFailed("no poem met every rule; try another seed or fewer constraints")
        best_judgement, best = chosen
        notes = list(plan.notes)
        left_out = {w: r for w, r in plan.left_out.items() if w not in "".join(best.lines)}
        notes += [f"关键词「{w}」未写入：{r}。 Keyword {w} was left out: {r}." for w, r in left_out.items()]
        if prefs.poet in THIN_POETS:
            notes.append(f"{prefs.poet}传世律绝极少，此诗多借唐宋诸家之风。"
                         f" Few regulated poems by {POETS[prefs.poet]} survive;"
                         " the style leans on the corpus.")
        if plan.acrostic:
            notes.append(f"藏头：{plan.acrostic}")
        return GeneratedPoem(prefs, best.lines, self.pinyin(best.lines), plan.rhyme_group,
                             self.pattern(plan, best.lines), self.inspirations(prefs.poet, best.lines),
                             notes, {k: round(v, 3) for k, v in best_judgement.parts.items()}, left_out)

    def recent_imagery(self, recent: list[list[str]]) -> tuple[dict[str, float], set[str]]:
        """Penalties of the imagery words of the recent poems (by the share of poems using each) and the
        theme words used in more than OVERUSED_SHARE of them."""
        if not recent:
            return {}, set()
        counts: dict[str, int] = {}
        for lines in recent:
            text = "".join(lines)
            for word in imagery_words(self.model, lines) | {w for w in self._theme_words if w in text}:
                counts[word] = counts.get(word, 0) + 1
        size = max(len(recent), 20)  # a few poems in the morning are not yet a trend
        penalties = {w: IMAGERY_WEIGHT * n / size for w, n in counts.items() if len(w) == 2}
        return penalties, {w for w, n in counts.items() if n / size > OVERUSED_SHARE}

    def pattern(self, plan, lines: list[str]) -> dict:
        template = plan.template
        # as read aloud, polyphones in context
        tones = [heard_tones(self.model.tones, line) for line in lines]
        return {"name": template.name, "template": template.patterns, "tones": tones,
                "rhyme_lines": [i + 1 for i in template.rhyme_lines]}

    @staticmethod
    def pinyin(lines: list[str]) -> list[list[str]]:
        """Each character's reading as the metre hears it (:func:`exhibits.poems.reading.readings`: 不 is bù,
        a polyphone read as its word requires), so the pinyin shown never contradicts the tones checked."""
        from exhibits.poems.reading import readings

        return [list(readings(line)) for line in lines]

    def inspirations(self, poet: str, lines: list[str], count: int = 3) -> list[dict]:
        """The real poems by ``poet`` sharing the most (rarity-weighted) character pairs with ours."""
        return self._inspiration_index.best(poet, lines, count)
