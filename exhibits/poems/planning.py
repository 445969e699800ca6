"""Before decoding: choose the 平仄 template, the rhyme group and where forced characters go.

Forced characters are the 藏头 acrostic (first character of each line) and one or two keywords placed
at a word slot of a line. Each is checked against the template (strict positions, 孤平, 三平尾) so the
decoder only ever sees plans that can be met; what cannot be met is explained in ``notes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from exhibits.poems import themes
from exhibits.poems.features import word_slots
from exhibits.poems.patterns import OPPOSITE, Template, all_templates, line_faults
from exhibits.poems.preferences import Preferences


@dataclass
class Plan:
    template: Template
    rhyme_group: str
    rhymes: list[str]
    forced: dict[tuple[int, int], str] = field(default_factory=dict)  # (line, position) -> char
    keywords: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    acrostic: str = ""


def resolved(model, char: str, want: str) -> str:
    tones = model.tones.tone_of(char)
    return want if want in tones else OPPOSITE[want]


def fits(model, template: Template, placed: dict[tuple[int, int], str]) -> bool:
    """Whether forced characters can stand where they are without breaking the line's rules."""
    by_line: dict[int, dict[int, str]] = {}
    for (line, position), char in placed.items():
        by_line.setdefault(line, {})[position] = char
    for line, chars in by_line.items():
        pattern = template.patterns[line]
        tones = list(pattern)
        for position, char in chars.items():
            tones[position] = resolved(model, char, pattern[position])
            if position == template.length - 1:
                return False  # line ends are the rhyme's or a pure 仄: never forced
        if line_faults("".join(tones), pattern):
            return False
    return True


def plan_poem(model, prefs: Preferences, rng: np.random.Generator) -> Plan:
    length, count = prefs.length, prefs.line_count
    notes: list[str] = []
    acrostic = prefs.acrostic
    if acrostic:
        problem = _acrostic_problem(model, acrostic, count)
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
    words = [k for k in prefs.keywords]
    theme = themes.theme_words(prefs.theme, None, None)
    rng.shuffle(theme)
    placed_words: list[str] = []
    for word in words + theme:
        if len(placed_words) >= (2 if prefs.keywords or count == 8 else 1):
            break
        if word in placed_words or any(c in reserved for c in word):
            continue
        spot = _place(model, template, word, forced, rng)
        if spot is None:
            if word in words:
                notes.append(f"关键词「{word}」无法入律，未能写入。 Keyword {word} does not fit the metre.")
            continue
        for offset, char in enumerate(word):
            forced[(spot[0], spot[1] + offset)] = char
        reserved.update(word)
        placed_words.append(word)
    return Plan(template, group, [c for c in rhymes if c not in reserved], forced, placed_words, notes,
                acrostic)


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


def _place(model, template: Template, word: str, forced: dict, rng) -> tuple[int, int] | None:
    if not all(model.tones.known(c) and c in model.ids and model.generable[model.ids[c]] for c in word):
        return None
    starts = word_slots(template.length) if len(word) == 2 else range(template.length - len(word))
    spots = [(line, start) for line in range(template.lines) for start in starts
             if start + len(word) < template.length
             and not any((line, start + k) in forced for k in range(len(word)))
             and not any(key[0] == line and key[1] > 0 for key in forced)]
    rng.shuffle(spots)
    exact = [s for s in spots if all(template.patterns[s[0]][s[1] + k] in model.tones.tone_of(c)
                                     for k, c in enumerate(word))]
    for line, start in exact + [s for s in spots if s not in exact]:
        trial = dict(forced)
        trial.update({(line, start + k): c for k, c in enumerate(word)})
        if fits(model, template, trial):
            return line, start
    return None
