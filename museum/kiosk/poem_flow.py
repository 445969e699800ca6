"""What the poem station's touch flow offers, in the visitor's language: the poets (a seal with their initial
and one line on their Three Gorges journey), the forms, themes, seasons, moods, the imagery chips with a
gloss, the characters of the acrostic grid, and every message of the flow (errors with what to do next).

The choices' values stay the Chinese ones the API takes; what a visitor reads is translated through the
message catalogues (traditional characters for zh-Hant converted from the simplified values).
"""

from __future__ import annotations

from flask_babel import gettext as _

from exhibits.poems import themes
from exhibits.poems.corpus import POETS
from exhibits.poems.generator import THIN_POETS
from exhibits.poems.patterns import FORMS
from museum.catalogue.chinese import to_traditional

ENGLISH_NAME = "Poets of the Three Travels"  # the station's English name (三游诗人), also the msgid below


def _journeys() -> dict[str, str]:
    return {
        "白居易": _("In 819 he found the cave at the mouth of the Xiling Gorge with Yuan Zhen and his "
                  "brother, and wrote its preface: the first Three Travels."),
        "元稹": _("In 819, leaving his exile at Tongzhou, he met the Bai brothers at Yiling and explored the "
                 "cave with them."),
        "白行简": _("Bai Juyi's younger brother and author of the tale of Li Wa: the third traveller of "
                  "819."),
        "苏洵": _("In 1059 he took his sons Su Shi and Su Zhe down the Yangtze; at the cave they made the "
                 "second Three Travels."),
        "苏轼": _("At 22 he sailed through the Gorges with his father and brother in 1059 and wrote a poem "
                 "at the cave."),
        "苏辙": _("He went down the Gorges with his father and brother in 1059 and wrote his own poem on the "
                 "cave."),
        "李白": _("Pardoned in 759 on his way into exile, he sailed from Baidi to Jiangling in a single "
                 "day."),
        "杜甫": _("He lived at Kuizhou by the Kui Gate from 766 to 768 and wrote some 400 poems "
                 "there."),
        "刘禹锡": _("Prefect of Kuizhou from 822, he wrote his Bamboo Branch songs after the songs of the "
                  "Gorges."),
    }


def _names() -> dict[str, str]:
    """The poets' names for readers of each language (Chinese readers read the Chinese name)."""
    return {"白居易": _("Bai Juyi"), "元稹": _("Yuan Zhen"), "白行简": _("Bai Xingjian"), "苏洵": _("Su Xun"),
            "苏轼": _("Su Shi"), "苏辙": _("Su Zhe"), "李白": _("Li Bai"), "杜甫": _("Du Fu"),
            "刘禹锡": _("Liu Yuxi")}


def _forms() -> list[dict]:
    return [
        {"value": list(FORMS)[0], "label": _("Five-character quatrain"),
         "shape": _("4 lines of 5 characters"), "lines": 4, "chars": 5},
        {"value": list(FORMS)[1], "label": _("Seven-character quatrain"),
         "shape": _("4 lines of 7 characters"), "lines": 4, "chars": 7},
        {"value": list(FORMS)[2], "label": _("Five-character regulated verse"),
         "shape": _("8 lines of 5 characters"), "lines": 8, "chars": 5},
        {"value": list(FORMS)[3], "label": _("Seven-character regulated verse"),
         "shape": _("8 lines of 7 characters"), "lines": 8, "chars": 7},
    ]


def _themes() -> dict[str, str]:
    return {"山水": _("Landscape"), "怀古": _("The past"), "送别": _("Farewell"), "思乡": _("Homesickness")}


def _seasons() -> dict[str, str]:
    return {"春": _("Spring"), "夏": _("Summer"), "秋": _("Autumn"), "冬": _("Winter")}


def _moods() -> dict[str, str]:
    return {"豪放": _("Bold"), "闲适": _("At ease"), "惆怅": _("Wistful"), "宁静": _("Serene")}


def _imagery() -> dict[str, str]:
    return {"峡": _("gorge"), "猿": _("gibbons"), "巫山": _("Mount Wu"), "白帝": _("Baidi City"),
            "夔门": _("the Kui Gate"), "神女": _("the Goddess Peak"), "江": _("the river"), "舟": _("boat"),
            "云": _("clouds"), "月": _("the moon"), "瞿塘": _("Qutang Gorge"), "巴山": _("the hills of Ba"),
            "滩": _("rapids"), "帆": _("sail")}


# The acrostic grid: characters often found in names and wishes, and words of the Gorges, that open a line
# well; the visitor taps up to MAX_ACROSTIC_LENGTH of them (no keyboard at the station).
ACROSTIC_CHARACTERS = ("春秋山水江月云风花雪明清安乐平和长远心思"
                       "文华玉兰英红梅竹松青天星海晨光新家福德诗")


# readers shown the Chinese words in traditional characters (Japanese and Korean readers know those forms)
TRADITIONAL_READERS = ("zh-Hant", "ja", "ko")


def station_choices(lang: str) -> dict:
    """Every choice of the flow as {value (the API's), zh (shown in Chinese), label (translated)}."""
    han = to_traditional if lang in TRADITIONAL_READERS else str
    chinese = lang in ("zh", "zh-Hant")

    def item(value: str, label: str, **more) -> dict:
        return {"value": value, "zh": han(value), "label": "" if chinese else label, **more}

    names, journeys = _names(), _journeys()
    # the seal: the poet's given name (the surnames repeat: three 苏, two 白), cut in a red square
    poets = [item(poet, names[poet], journey=journeys[poet], seal=han(poet[1:]), thin=poet in THIN_POETS)
             for poet in POETS]
    forms = [item(f["value"], f["label"], shape=f["shape"], lines=f["lines"], chars=f["chars"])
             for f in _forms()]
    if chinese:  # the form's name is its own label; the shape is its gloss
        for form in forms:
            form["label"] = ""
    return {
        "poets": poets, "forms": forms,
        "themes": [item(k, v) for k, v in _themes().items() if k in themes.THEMES],
        "seasons": [item(k, v) for k, v in _seasons().items() if k in themes.SEASONS],
        "moods": [item(k, v) for k, v in _moods().items() if k in themes.MOODS],
        "imagery": [item(k, v) for k, v in _imagery().items() if k in themes.GORGES_KEYWORDS],
        "acrostic": [{"value": c, "zh": han(c)} for c in ACROSTIC_CHARACTERS],
    }


def station_text(lang: str, choices: dict) -> dict:
    """The flow's messages for its script (errors say what happened and what to do next), the gloss of
    the imagery words (none for Chinese readers) and how a poem is signed (poet and form)."""
    words = {**_imagery(), **_themes(), **_seasons(), **_moods()}
    romanised = lang in ("en", "fr")  # Japanese and Korean readers read the poet's name in characters
    return {
        "gloss": {} if lang in ("zh", "zh-Hant") else words,
        "poets": {p["value"]: p["label"] if romanised else p["zh"] for p in choices["poets"]},
        "forms": {f["value"]: f["label"] or f["zh"] for f in choices["forms"]},
        "manner": _("In the manner of %(poet)s", poet="{poet}"),
        "choose_poet": _("Tap a poet to begin"),
        "writing": _("The poet is writing…"),
        "no_translation": _("No translation of this new poem exists yet. Some of its words:"),
        "no_translation_plain": _("No translation of this new poem exists yet."),
        "acrostic_dropped": _("Your characters could not open the lines in this form's metre: the poem is "
                              "written without them."),
        "left_out": _("Not in the poem:"),
        "sent": _("Your poem is on the wall"),
        "send": _("Send to the wall"),
        "qr_alt": _("QR code: the address of your poem's page"),
        "sending": _("Sending…"),
        "errors": {
            "invalid": _("One of your choices cannot be used here. Go back and choose other characters or "
                         "words."),
            "generation": _("The poet found no poem for these choices. Tap Try again, or go back and change "
                            "a choice."),
            "busy": _("Many poems were written here in the last minute. Wait a minute, then tap Try again."),
            "unavailable": _("The poet is resting: the station is not ready. Please ask a member of staff."),
            "network": _("The station cannot reach the museum's server. Tap Try again in a moment."),
            "wall": _("Your poem could not be sent to the wall. Tap Send to the wall again."),
        },
    }
