"""Shows and rooms, read from JSON documents, and their validation.

A room has named outputs: ``{"name": "wall-west", "kind": "video"}`` for an LED wall or the ceiling (it shows
videos and stills), ``{"name": "surround", "kind": "audio", "layout": "5.1"}`` for the loudspeakers. A show
is a timeline: ``{"slug", "title": {lang: text}, "duration": seconds, "cues": [...]}``, each cue
``{"output", "start", "duration", "media": key, "text": {lang: text}, "fade_in", "fade_out"}`` (seconds from
the show's start). A cue's media plays from its beginning at the cue's start (looped if shorter).

:func:`read_show` refuses a document that is not a show at all (:class:`ShowError`); :func:`problems` lists
what is wrong with a readable show in a room: each a :class:`Problem` with a code and its parameters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from exhibits.shows.exceptions import ShowError
from exhibits.shows.probe import MediaInfo

LANGUAGES = ("zh", "zh-Hant", "en", "ja", "ko", "fr")
SLUG = re.compile(r"[a-z0-9][a-z0-9\-]{0,59}")
KEY = re.compile(r"[A-Za-z0-9][\w.\-/]{0,299}")
OUTPUT_KINDS = ("video", "audio")
SURROUND_LAYOUTS = ("5.1", "7.1")
MAX_SECONDS = 4 * 3600
MAX_TEXT = 300
# which media a kind of output plays
PLAYS = {"video": ("video", "still"), "audio": ("audio",)}

# Every problem, by code: the English message (the CLI's); the workspace translates the same codes.
MESSAGES = {
    "missing_media": "cue %(cue)d (%(output)s): the media %(key)s is not in the media store",
    "unreadable_media": "cue %(cue)d (%(output)s): %(key)s is no picture, video or sound ffprobe can read",
    "channel_layout": "cue %(cue)d (%(output)s): %(key)s is %(found)s; the output plays %(expected)s",
    "wrong_kind": "cue %(cue)d (%(output)s): %(key)s is %(found)s; a %(expected)s output cannot play it",
    "overlap": "%(output)s: cue %(first)d and cue %(second)d overlap",
    "unknown_output": "cue %(cue)d: the room has no output called %(output)s",
    "past_end": "cue %(cue)d (%(output)s): ends at %(end)s s, after the show's end (%(duration)s s)",
    "fades": "cue %(cue)d (%(output)s): its fades last longer than the cue",
}


@dataclass(frozen=True)
class Output:
    name: str
    kind: str = "video"
    layout: str | None = None  # an audio output's channel layout


@dataclass(frozen=True)
class Cue:
    output: str
    start: float
    duration: float
    media: str
    text: dict = field(default_factory=dict)
    fade_in: float = 0.0
    fade_out: float = 0.0

    @property
    def end(self) -> float:
        return self.start + self.duration

    def as_json(self) -> dict:
        return {"output": self.output, "start": self.start, "duration": self.duration, "media": self.media,
                "text": dict(self.text), "fade_in": self.fade_in, "fade_out": self.fade_out}


@dataclass(frozen=True)
class Show:
    slug: str
    title: dict
    duration: float
    cues: tuple[Cue, ...]

    def as_json(self) -> dict:
        return {"slug": self.slug, "title": dict(self.title), "duration": self.duration,
                "cues": [cue.as_json() for cue in self.cues]}

    def cues_of(self, output: str) -> list[Cue]:
        return sorted((cue for cue in self.cues if cue.output == output), key=lambda cue: cue.start)

    def cue_at(self, output: str, position: float) -> Cue | None:
        """The cue playing on ``output`` at ``position`` seconds into the show (None between cues)."""
        return next((cue for cue in self.cues_of(output) if cue.start <= position < cue.end), None)

    @property
    def starts(self) -> list[float]:
        """The moments a cue starts on some output, in order."""
        return sorted({cue.start for cue in self.cues})


@dataclass(frozen=True)
class Problem:
    code: str
    params: dict

    @property
    def message(self) -> str:
        return MESSAGES[self.code] % self.params


def _number(value, where: str, *, low: float = 0.0, high: float = MAX_SECONDS, positive=False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ShowError(where, "number", f"{value!r} must be a number of seconds")
    if value < low or value > high or (positive and value <= 0):
        raise ShowError(where, "number_range", f"{value!r} must be from {low:g} to {high:g} seconds",
                        low=f"{low:g}", high=f"{high:g}")
    return float(value)


def read_texts(values, where: str) -> dict:
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise ShowError(where, "texts", "must be an object {language: text}")
    texts = {}
    for code, text in values.items():
        if code not in LANGUAGES:
            raise ShowError(where, "unknown_language",
                            f"unknown language {code!r}; use {', '.join(LANGUAGES)}")
        if not isinstance(text, str) or len(text) > MAX_TEXT:
            raise ShowError(f"{where}.{code}", "text", f"must be a text of at most {MAX_TEXT} characters",
                            most=MAX_TEXT)
        if text.strip():
            texts[code] = text.strip()
    return texts


def read_cue(data, index: int) -> Cue:
    where = f"cues[{index}]"
    if not isinstance(data, dict):
        raise ShowError(where, "cue", "must be an object {output, start, duration, media, text?, fade_in?, "
                                      "fade_out?}")
    known = {"output", "start", "duration", "media", "text", "fade_in", "fade_out"}
    for name in data:
        if name not in known:
            raise ShowError(f"{where}.{name}", "unknown_field",
                            f"unknown field (expected {', '.join(sorted(known))})")
    output, media = data.get("output"), data.get("media")
    if not isinstance(output, str) or not SLUG.fullmatch(output):
        raise ShowError(f"{where}.output", "output_name",
                        f"{output!r} must be an output's name (lower-case letters, digits and '-')")
    if not isinstance(media, str) or not KEY.fullmatch(media) or ".." in media:
        raise ShowError(f"{where}.media", "media_key", f"{media!r} must be a key of the media store")
    return Cue(output=output, start=_number(data.get("start"), f"{where}.start"),
               duration=_number(data.get("duration"), f"{where}.duration", positive=True), media=media,
               text=read_texts(data.get("text"), f"{where}.text"),
               fade_in=_number(data.get("fade_in", 0), f"{where}.fade_in", high=60),
               fade_out=_number(data.get("fade_out", 0), f"{where}.fade_out", high=60))


def read_show(data) -> Show:
    """A show from its JSON document; :class:`ShowError` names the first field that is not right."""
    if not isinstance(data, dict):
        raise ShowError("show", "document", "must be a JSON object {slug, title, duration, cues}")
    slug = data.get("slug")
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        raise ShowError("slug", "slug", f"{slug!r} must be lower-case letters, digits and '-' (at most 60)")
    title = read_texts(data.get("title"), "title")
    if "zh" not in title:
        raise ShowError("title.zh", "chinese_required", "the Chinese title is required")
    cues = data.get("cues")
    if not isinstance(cues, list) or not cues:
        raise ShowError("cues", "cues", "must be a list of at least one cue")
    return Show(slug=slug, title=title, duration=_number(data.get("duration"), "duration", positive=True),
                cues=tuple(read_cue(cue, index) for index, cue in enumerate(cues)))


def read_outputs(data) -> tuple[Output, ...]:
    if not isinstance(data, list) or not data:
        raise ShowError("outputs", "outputs", "must be a list of at least one output {name, kind, layout?}")
    outputs = []
    for index, item in enumerate(data):
        where = f"outputs[{index}]"
        if not isinstance(item, dict) or not SLUG.fullmatch(str(item.get("name", ""))):
            raise ShowError(where, "output_name", "must be {name, kind, layout?} with a lower-case name")
        kind = item.get("kind", "video")
        if kind not in OUTPUT_KINDS:
            raise ShowError(f"{where}.kind", "output_kind", f"{kind!r} must be video or audio")
        layout = item.get("layout")
        if kind == "audio" and layout not in SURROUND_LAYOUTS:
            raise ShowError(f"{where}.layout", "output_layout",
                            f"{layout!r}: an audio output's layout is {' or '.join(SURROUND_LAYOUTS)}")
        outputs.append(Output(item["name"], kind, layout if kind == "audio" else None))
    if len({output.name for output in outputs}) != len(outputs):
        raise ShowError("outputs", "output_twice", "each output is named once")
    return tuple(outputs)


def problems(show: Show, outputs: tuple[Output, ...] | list[Output] | None,
             media: Callable[[str], MediaInfo | None | str]) -> list[Problem]:
    """What is wrong with ``show`` in a room with ``outputs`` (None: no room plays it, its outputs are not
    checked); ``media(key)`` is the file's :class:`MediaInfo`, None when the store has no such key, or
    ``"unreadable"``."""
    found: list[Problem] = []
    by_name = {output.name: output for output in outputs or ()}
    infos: dict[str, MediaInfo | None | str] = {}
    for number, cue in enumerate(show.cues, 1):
        place = {"cue": number, "output": cue.output}
        if cue.end > show.duration + 1e-6:
            found.append(Problem("past_end", {**place, "end": f"{cue.end:g}",
                                              "duration": f"{show.duration:g}"}))
        if cue.fade_in + cue.fade_out > cue.duration + 1e-6:
            found.append(Problem("fades", place))
        output = by_name.get(cue.output)
        if output is None and outputs is not None:
            found.append(Problem("unknown_output", place))
        if cue.media not in infos:
            infos[cue.media] = media(cue.media)
        info = infos[cue.media]
        if info is None:
            found.append(Problem("missing_media", {**place, "key": cue.media}))
            continue
        if info == "unreadable":
            found.append(Problem("unreadable_media", {**place, "key": cue.media}))
            continue
        if output is None:
            continue
        if info.kind not in PLAYS[output.kind]:
            found.append(Problem("wrong_kind", {**place, "key": cue.media, "found": info.kind,
                                                "expected": output.kind}))
        elif output.kind == "audio" and info.layout != output.layout:
            found.append(Problem("channel_layout", {**place, "key": cue.media,
                                                    "found": info.channel_layout or f"{info.channels} ch",
                                                    "expected": output.layout}))
    numbered = list(enumerate(show.cues, 1))
    for name in sorted({cue.output for cue in show.cues}):
        mine = sorted(((n, cue) for n, cue in numbered if cue.output == name), key=lambda item: item[1].start)
        for (first, a), (second, b) in zip(mine, mine[1:], strict=False):
            if b.start < a.end - 1e-6:
                found.append(Problem("overlap", {"output": name, "first": first, "second": second}))
    return found


@dataclass(frozen=True)
class Changes:
    """What changed from one version of a show to another: cues added, removed, and moved (the same media
    on the same output at another start or with another length), the title and the length."""

    added: tuple[Cue, ...]
    removed: tuple[Cue, ...]
    moved: tuple[tuple[Cue, Cue], ...]  # (before, after)
    title: bool
    duration: bool
    edited: int = 0  # cues kept in place whose text or fades changed

    @property
    def none(self) -> bool:
        return not (self.added or self.removed or self.moved or self.title or self.duration or self.edited)


def compare(before: Show, after: Show) -> Changes:
    """The changes that make ``before`` into ``after``. Cues have no identity of their own: a cue of
    ``after`` equal to one of ``before`` (output, times, media) is kept; of the rest, a cue on the same output
    playing the same media is the same cue moved (paired in order of start); what is left was added or
    removed. A cue whose text or fades alone changed is kept and counted as edited."""
    def place(cue: Cue) -> tuple:
        return (cue.output, cue.media, round(cue.start, 3), round(cue.duration, 3))

    left = sorted(before.cues, key=lambda cue: (cue.output, cue.start))
    right = sorted(after.cues, key=lambda cue: (cue.output, cue.start))
    edited = 0
    for cue in list(right):
        match = next((old for old in left if place(old) == place(cue)), None)
        if match is not None:
            left.remove(match)
            right.remove(cue)
            edited += match != cue
    moved = []
    for cue in list(right):
        match = next((old for old in left if (old.output, old.media) == (cue.output, cue.media)), None)
        if match is not None:
            left.remove(match)
            right.remove(cue)
            moved.append((match, cue))
    return Changes(added=tuple(right), removed=tuple(left), moved=tuple(moved),
                   title=before.title != after.title, duration=before.duration != after.duration,
                   edited=edited)
