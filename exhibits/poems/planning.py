"""Before decoding: choose the 平仄 template, the rhyme group and where forced characters go.

Forced characters are the 藏头 acrostic (first character of each line), every keyword the visitor gave
(one a line, at a word slot) and, when the visitor gave none, one theme word (the one the station used
least in its recent poems). Each is checked against the template as it is heard (strict positions, 孤平,
三平尾; :mod:`exhibits.poems.reading`) so the decoder only ever sees plans that can be met; a keyword that
cannot be placed is kept with the reason in ``left_out`` (the generator names it in its notes). A chosen
season bans the other seasons' markers (:data:`exhibits.poems.themes.SEASON_MARKERS`) and what its poems avoid
(:mod:`exhibits.poems.seasons`) from the whole poem; when the visitor chose none, the plan still sets the poem
in one season (the one the visitor's words imply, else one drawn as often as the corpus's poets wrote it), so
willows of spring never stand beside autumn's maples.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from exhibits.poems import ngram, themes
from exhibits.poems.features import word_slots
from exhibits.poems.patterns import Template, all_templates, line_faults
from exhibits.poems.preferences import Preferences
from exhibits.poems.reading import heard_tones


@dataclass
class Plan:
    template: Template
    rhyme_group: str
    rhymes: list[str]
    forced: dict[tuple[int, int], str] = field(default_factory=dict)  # (line, position) -> char
    keywords: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    acrostic: str = ""
    banned_chars: set[str] = field(default_factory=set)  # never written (another season's markers)
    banned_pairs: set[str] = field(default_factory=set)
    left_out: dict[str, str] = field(default_factory=dict)  # keyword -> why it is not in the poem
    season: str | None = None  # the visitor's season, or the one the plan set the poem in


# How often the corpus's poets set a poem in each season (poems whose title names one): a season-less poem's
# season is drawn with these weights.
SEASON_WEIGHTS = {"春": 8176, "夏": 1845, "秋": 5942, "冬": 1299}


def implied_season(prefs: Preferences, rng: np.random.Generator) -> str | None:
    """The season a poem is set in when the visitor chose none: among the seasons none of the visitor's words
    (keywords, acrostic) clash with, one drawn by :data:`SEASON_WEIGHTS`; ``None`` when the visitor's words
    already span seasons (then nothing is banned: the visitor asked for both)."""
    words = [*prefs.keywords, prefs.acrostic] if prefs.acrostic else list(prefs.keywords)
    fitting = [s for s in SEASON_WEIGHTS if not any(themes.clashing_marker(w, s) for w in words)]
    if not fitting:
        return None
    weights = np.array([SEASON_WEIGHTS[s] for s in fitting], dtype=float)
    return fitting[int(rng.choice(len(fitting), p=weights / weights.sum()))]


def fits(model, template: Template, placed: dict[tuple[int, int], str]) -> bool:
    """Whether forced characters can stand where they are without breaking the line's rules. Each run of
    forced characters is read as a word (相思 平平, 不 仄); the free positions are assumed to fit."""
    by_line: dict[int, dict[int, str]] = {}
    for (line, position), char in placed.items():
        by_line.setdefault(line, {})[position] = char
    for line, chars in by_line.items():
        pattern = template.patterns[line]
        tones = list(pattern)
        for start, word in _runs(chars):
            heard = heard_tones(model.tones, word)
            if "?" in heard:
                return False
            tones[start:start + len(word)] = heard
            if start + len(word) == template.length:
                return False  # line ends are the rhyme's or a pure 仄: never forced
        if line_faults("".join(tones), pattern):
            return False
    return True


def _runs(chars: dict[int, str]) -> list[tuple[int, str]]:
    runs: list[tuple[int, str]] = []
    for position in sorted(chars):
        if runs and runs[-1][0] + len(runs[-1][1]) == position:
            runs[-1] = (runs[-1][0], runs[-1][1] + chars[position])
        else:
            runs.append((position, chars[position]))
    return runs


def plan_poem(model, prefs: Preferences, rng: np.random.Generator,
              overused: set[str] | frozenset = frozenset(),
              keywords: tuple[str, ...] | None = None, corpus_seasons: bool = True) -> Plan:
    """A plan for ``prefs``; ``overused``: theme words not to force (the station wrote them lately);
    ``keywords``: the keywords to place (default: all the visitor gave); ``corpus_seasons``: also ban what
    the corpus's poems of the season avoid (the generator's last try drops it; the markers always hold)."""
    length, count = prefs.length, prefs.line_count
    notes: list[str] = []
    acrostic = prefs.acrostic
    season = prefs.season or implied_season(prefs, rng)
    clashes = themes.season_clashes(season, corpus=corpus_seasons)
    if acrostic:
        problem = _acrostic_problem(model, acrostic, count)
        marker = themes.clashing_marker(acrostic, season)
        if problem is None and marker and len(marker) == 1:
            problem = f"{marker} belongs to another season than {prefs.season}"
        if problem:
            notes.append(f"藏头「{acrostic}」无法入律：{problem}；已改为不藏头。"
                         f" The acrostic could not be kept: {problem}.")
            acrostic = ""
    templates = all_templates(length, count)
    preferred_rhymed = length == 7
    weights = np.array([0.65 if t.first_rhymes == preferred_rhymed else 0.35 for t in templates])
    order = rng.choice(len(templates), size=len(templates), replace=False, p=weights / weights.sum())
    acrostic_places = {(i, 0): c for i, c in enumerate(acrostic)}
    template = next((templates[i] for i in order if fits(model, templates[i], acrostic_places)), None)
    if template is None:
        notes.append(f"藏头「{acrostic}」的平仄无法与任何格律相合；已改为不藏头。"
                     f" No 平仄 template fits the acrostic's tones, so it was dropped.")
        acrostic, acrostic_places = "", {}
        template = templates[int(order[0])]
    forced = dict(acrostic_places)
    reserved = set(forced.values())
    group, rhymes = _choose_rhyme(model, prefs.poet, template, reserved, rng)
    left_out: dict[str, str] = {}
    placed_words: list[str] = []
    wanted = list(prefs.keywords if keywords is None else keywords)
    for word in list(prefs.keywords):
        if word not in wanted:
            left_out[word] = "no poem met every rule with it (tried with it first)"
    for word in wanted:
        reason = _keyword_problem(model, prefs, word, reserved, placed_words, count)
        if reason is None:
            spot = _place(model, template, word, forced, rng, rhymes)
            if spot is None:
                reason = "no place in the lines fits its tones and the metre"
            else:
                for offset, char in enumerate(word):
                    forced[(spot[0], spot[1] + offset)] = char
                reserved.update(word)
                placed_words.append(word)
                continue
        left_out[word] = reason
    if not prefs.keywords:  # the theme: one of its words, the least used lately first
        theme = [w for w in themes.theme_words(prefs.theme, None, None)
                 if not themes.clashing_marker(w, season)]
        rng.shuffle(theme)
        theme.sort(key=lambda w: w in overused)
        for word in theme:
            if any(c in reserved for c in word):
                continue
            spot = _place(model, template, word, forced, rng, rhymes)
            if spot is not None:
                for offset, char in enumerate(word):
                    forced[(spot[0], spot[1] + offset)] = char
                reserved.update(word)
                placed_words.append(word)
                break
    rhymes = [c for c in rhymes if c not in reserved and c not in clashes]
    return Plan(template, group, rhymes, forced, placed_words, notes, acrostic,
                {m for m in clashes if len(m) == 1}, {m for m in clashes if len(m) == 2}, left_out, season)


def _keyword_problem(model, prefs: Preferences, word: str, reserved: set[str], placed: list[str],
                     count: int) -> str | None:
    """Why a keyword cannot be placed before any metre is tried (None: try it)."""
    marker = themes.clashing_marker(word, prefs.season)
    if marker:
        return f"{marker} belongs to another season than the chosen {prefs.season}"
    if len(set(word)) != len(word) or any(c in reserved for c in word):
        return "it repeats a character of the acrostic or of another keyword, and no character may come twice"
    if len(placed) >= count:
        return f"every one of the {count} lines already holds a keyword"
    if len(word) >= prefs.length:
        return f"it is too long for a line of {prefs.length} characters with its own line end"
    missing = [c for c in word
               if not model.tones.known(c) or c not in model.ids or not model.generable[model.ids[c]]]
    if missing:
        return f"{''.join(missing)} is not in the station's vocabulary with a known tone"
    return None


def _acrostic_problem(model, acrostic: str, count: int) -> str | None:
    if len(acrostic) > count:
        return f"{len(acrostic)} characters for a poem of {count} lines"
    if len(set(acrostic)) != len(acrostic):
        return "a character repeats, and a regulated poem never repeats a character"
    unknown = [c for c in acrostic if not model.tones.known(c) or c not in model.ids]
    if unknown:
        return f"the tone of {''.join(unknown)} is not in the 平水韵 table"
    return None


def _choose_rhyme(model, poet: str, template: Template, reserved: set[str], rng) -> tuple[str, list[str]]:
    need = len(template.rhyme_lines) + 4
    usage = model.poet_rhymes.get(poet, {})
    groups, weights = [], []
    for group, chars in sorted(model.rhymes.items()):
        usable = [c for c in chars if c not in reserved]
        if len(usable) >= need:
            groups.append(group)
            weights.append((usage.get(group, 0) + 1) ** 0.7 * min(len(usable), 60))
    if not groups:  # tiny training slices: take the largest group
        group = max(model.rhymes, key=lambda g: len(model.rhymes[g]))
        return group, model.rhymes[group]
    weights = np.array(weights, dtype=float)
    group = groups[int(rng.choice(len(groups), p=weights / weights.sum()))]
    return group, model.rhymes[group]


MIN_LINE_ENDS = 2  # ways a line may end after a word placed just before its last character


def _line_ends_after(model, char: str, rhymes: list[str] | None) -> int:
    """How many characters may end a line right after ``char`` (the line ends on a pair real lines ended on
    or a word: :meth:`exhibits.poems.constraints.Constraints.forbid`); among ``rhymes`` when it rhymes,
    else among the pure 仄 characters an unrhymed line ends on."""
    shift = np.uint64(ngram.BITS)
    key, keys = np.uint64(model.ids[char]) << shift, model.end_pairs
    following = keys[np.searchsorted(keys, key):np.searchsorted(keys, key + (np.uint64(1) << shift))]
    ids = (following & np.uint64(ngram.MASK)).astype(np.int64)
    if rhymes is None:
        return int(np.count_nonzero(model.pure_ze[ids]))
    wanted = {model.ids[c] for c in rhymes if c in model.ids}
    return sum(int(i) in wanted for i in ids)


def _place(model, template: Template, word: str, forced: dict, rng,
           rhymes: list[str] = ()) -> tuple[int, int] | None:
    """Where ``word`` can stand (line, start): never ending a line, and just before a line's last character
    only when that character can still end the line on a real pair (石碑 + a rhyme: 碑 ends few lines)."""
    if not all(model.tones.known(c) and c in model.ids and model.generable[model.ids[c]] for c in word):
        return None
    starts = word_slots(template.length) if len(word) == 2 else range(template.length - len(word))
    spots = [(line, start) for line in range(template.lines) for start in starts
             if start + len(word) < template.length
             and not any((line, start + k) in forced for k in range(len(word)))
             and not any(key[0] == line and key[1] > 0 for key in forced)]
    ends = {rhymed: _line_ends_after(model, word[-1], list(rhymes) if rhymed else None)
            for rhymed in (True, False)}
    spots = [(line, start) for line, start in spots if start + len(word) < template.length - 1
             or ends[line in template.rhyme_lines] >= MIN_LINE_ENDS]
    rng.shuffle(spots)
    heard = heard_tones(model.tones, word)
    exact = [s for s in spots if template.patterns[s[0]][s[1]:s[1] + len(word)] == heard]
    for line, start in exact + [s for s in spots if s not in exact]:
        trial = dict(forced)
        trial.update({(line, start + k): c for k, c in enumerate(word)})
        if fits(model, template, trial):
            return line, start
    return None


PLAN_NEIGHBOURS = 40  # characters nearest the theme (co-occurrence vectors) a line's keyword may come from
# 起承转合: where a poem turns from the scene to the poet's feeling — the third line of a quatrain, the third
# couplet (颈联) of an eight-line poem. Those lines take the mood's words first; the others the scene's
# (theme and season) first.
TURN_LINES = {4: (2,), 8: (4, 5)}


def line_keywords(model, prefs: Preferences, plan: Plan, rng: np.random.Generator,
                  overused: set[str] | frozenset = frozenset()) -> list[str]:
    """One keyword a line (Wang et al. 2016's plan): the visitor's or theme word forced into the line where
    there is one; else a theme, season or mood word not yet used (the least used lately first; the mood's
    words first in the lines where the poem turns, :data:`TURN_LINES`), else one of
    the characters closest to all of them in the corpus's co-occurrence vectors. None of another season's
    markers nor of the plan's banned characters; no keyword twice; one place name of the Gorges in all
    (:data:`themes.PLACE_NAMES`) unless the visitor asked for more."""
    count = plan.template.lines
    keywords = [""] * count
    by_line: dict[int, dict[int, str]] = {}
    for (line, position), char in plan.forced.items():
        if position > 0 or not plan.acrostic:  # the acrostic's characters are forced anyway, not the plan
            by_line.setdefault(line, {})[position] = char
    for line, chars in by_line.items():
        keywords[line] = max((word for _, word in _runs(chars)), key=len)
    used = set("".join(keywords)) | set(plan.acrostic)
    words = [w for w in themes.theme_words(prefs.theme, prefs.season, prefs.mood) + list(prefs.keywords)
             if not themes.clashing_marker(w, plan.season) and not set(w) & plan.banned_chars]
    rng.shuffle(words)
    words.sort(key=lambda w: w in overused)
    ids = [model.ids[c] for w in words for c in w if c in model.ids]
    neighbours: list[str] = []
    if ids:
        centre = model.vectors[ids].mean(axis=0)
        closeness = model.vectors @ centre
        closeness[~model.generable] = -np.inf
        for c in plan.banned_chars:
            if c in model.ids:
                closeness[model.ids[c]] = -np.inf
        best = np.argsort(-closeness, kind="stable")[:PLAN_NEIGHBOURS]
        neighbours = [model.chars[i - 3] for i in best if i >= 3 and np.isfinite(closeness[i])]
        rng.shuffle(neighbours)
    places = sum(any(place in word for place in themes.PLACE_NAMES) for word in keywords)
    feeling = set(themes.MOODS[prefs.mood]["words"]) if prefs.mood else set()
    scene = [w for w in words if w not in feeling]
    turn = [w for w in words if w in feeling]
    for line in range(count):
        if keywords[line]:
            continue
        ordered = turn + scene if line in TURN_LINES.get(count, ()) else scene + turn
        for word in ordered + neighbours:
            place = any(name in word for name in themes.PLACE_NAMES)
            if set(word) & used or (place and places and word not in prefs.keywords):
                continue  # one place name anchors a poem; more are names dropped in
            keywords[line] = word
            used.update(word)
            places += place
            break
    return keywords
