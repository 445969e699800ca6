"""How a reader hears a line: each character's reading in its word, and the 平仄 that reading gives.

A polyphone (多音字) is read as its word requires — 相思 xiāng sī, 不 bù, 长安 cháng ān, 远行 yuǎn xíng —
not with whichever tone a slot of the template wants. Readings come from pypinyin's phrase dictionary
(the words it knows, found by forward maximum matching, exactly as ``pypinyin.pinyin`` segments a line)
and, outside those words, a character's main reading (pypinyin's first reading of it).

The reading is mapped onto the 平水韵 table (:mod:`exhibits.poems.tones`): a character the table gives one
tone class keeps it (so 入声 characters read today in tones 1/2, 国 白 十, stay 仄); a character the table
gives both classes takes the class of its reading: modern tones 1 and 2 are 平, 3 and 4 仄 (a neutral tone
falls back to the main reading).

The generator's decoder and the station's checker (:func:`heard_tones`, :func:`poem_faults`) use this one
function, so what the decoder writes is what the checker hears.
"""

from __future__ import annotations

import functools
import unicodedata

from exhibits.poems.tones import PING, ZE

_TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}


@functools.cache
def _dictionaries():
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT
    from pypinyin.seg import mmseg

    return PHRASES_DICT, PINYIN_DICT, mmseg.seg


@functools.lru_cache(maxsize=8192)
def tone_number(syllable: str) -> int:
    """1-4 for a tone-marked syllable ('xiāng' → 1), 5 for the neutral tone."""
    for mark in unicodedata.normalize("NFD", syllable):
        if mark in _TONE_MARKS:
            return _TONE_MARKS[mark]
    return 5


@functools.lru_cache(maxsize=65536)
def main_reading(char: str) -> str:
    """A character's main reading (pypinyin's first), tone-marked; '' when pypinyin has none."""
    _, single, _ = _dictionaries()
    readings = single.get(ord(char))
    return readings.split(",")[0] if readings else ""


# Mandarin writes the tone sandhi of 不 and 一 (bú, yí before a fourth tone) into pypinyin's phrases; the
# citation tone is the character's reading (不 is read bù, 仄, in 不见 as anywhere).
_SANDHI = {"不": ("bú", "bù"), "一": ("yí", "yī")}


@functools.lru_cache(maxsize=200_000)
def readings(line: str) -> tuple[str, ...]:
    """The tone-marked reading of every character of ``line`` in its word (pypinyin's segmentation)."""
    phrases, _, segmenter = _dictionaries()
    out: list[str] = []
    for word in segmenter.cut(line):
        found = phrases.get(word) if len(word) > 1 else None
        if found is not None and len(found) == len(word):
            out.extend(options[0] for options in found)
        else:
            out.extend(main_reading(char) for char in word)
    for i, char in enumerate(line):
        sandhi = _SANDHI.get(char)
        if sandhi and out[i] == sandhi[0]:
            out[i] = sandhi[1]
    return tuple(out)


def tone_class(table, char: str, reading: str) -> str:
    """平 or 仄 of ``char`` read as ``reading`` (see the module's rule); '' when the table has no tone."""
    tones = table.tone_of(char)
    if len(tones) == 1:
        return next(iter(tones))
    if not tones:
        return ""
    number = tone_number(reading) if reading else 5
    if number == 5:
        number = tone_number(main_reading(char)) if main_reading(char) else 5
    if number in (1, 2):
        return PING
    if number in (3, 4):
        return ZE
    return ""


def heard_tones(table, line: str) -> str:
    """The line's 平仄 as read aloud ('?' for a character without a known tone)."""
    return "".join(tone_class(table, char, reading) or "?"
                   for char, reading in zip(line, readings(line), strict=True))


def main_tone(table, char: str) -> str:
    """The tone class of a character read alone (its main reading)."""
    return tone_class(table, char, main_reading(char))


def rhyme_group(table, line: str) -> str:
    """The 平声 rhyme group the line's last character rhymes in as read: its main group (the one poets
    rhymed it in; never a second reading's, so 平 rhymes in 庚 and not 先, 能 in 蒸 and not 灰), and only
    when it is read 平 in its word ('' otherwise: 共 and 梦 are read gòng, mèng; 更 in 三更 is gēng)."""
    foot = line[-1]
    if tone_class(table, foot, readings(line)[-1]) != PING:
        return ""
    return table.rhyme_of.get(foot, "")
