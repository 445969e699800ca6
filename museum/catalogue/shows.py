"""Immersive shows in the catalogue: ``shows`` (each a show document, see ``exhibits/shows/model.py``) and
``show_rooms`` (a room's outputs and its programme), both audited. A room's display devices are kiosks with
the station ``display:<room>/<output>``.

Media named by cues are keys of the media store: generated imagery and videos under ``show-media/``, sound
as an audio track's file (``audio/<folder>/track.opus``). :func:`check` probes each key once with ffprobe
and lists the show's problems in its room.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, Float, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from exhibits.shows import model, programme, storyboard, thumbnails
from exhibits.shows.probe import MediaInfo, ProbeFailed, probe
from museum.catalogue import audit
from museum.catalogue.db import Base
from museum.catalogue.versioning import DocumentVersion, next_number
from museum.exceptions import BadParameter, NotFound

MEDIA_PREFIX = "show-media/"
PLAYABLE_PREFIXES = (MEDIA_PREFIX, "audio/")  # what the display pages may fetch through /kiosk/shows/media
MIME = {".mp4": "video/mp4", ".webm": "video/webm", ".png": "image/png", ".jpg": "image/jpeg",
        ".opus": "audio/ogg; codecs=opus", ".flac": "audio/flac", ".m4a": "audio/mp4", ".ogg": "audio/ogg"}


class ShowRow(Base):
    __tablename__ = "shows"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[dict] = mapped_column(JSON, default=dict)
    duration: Mapped[float] = mapped_column(Float)
    cues: Mapped[list] = mapped_column(JSON, default=list)

    def show(self) -> model.Show:
        return model.read_show({"slug": self.slug, "title": self.title, "duration": self.duration,
                                "cues": self.cues})


class ShowRoom(Base):
    __tablename__ = "show_rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[dict] = mapped_column(JSON, default=dict)
    outputs: Mapped[list] = mapped_column(JSON, default=list)  # [{"name", "kind", "layout"?}]
    programme: Mapped[dict] = mapped_column(JSON, default=dict)  # {"hours", "loop", "special_days"}

    def output_list(self) -> tuple[model.Output, ...]:
        return model.read_outputs(self.outputs)

    def the_programme(self) -> programme.Programme:
        return programme.read_programme(self.programme)


class ShowVersion(DocumentVersion, Base):
    """A show as a curator saved it from the timeline editor: every save a new numbered version (the
    ``shows`` row holds the latest, which the displays play)."""

    __tablename__ = "show_versions"
    __table_args__ = (UniqueConstraint("show_slug", "number"),)
    SUMMARY_FIELDS = ("author", "problem_count", "restored_from")

    show_slug: Mapped[str] = mapped_column(String(60), index=True)
    author: Mapped[str | None] = mapped_column(String(120))
    problem_count: Mapped[int] = mapped_column(Integer, default=0)
    restored_from: Mapped[int | None] = mapped_column(Integer)  # the version this one restored, if any

    def show(self) -> model.Show:
        return model.read_show(self.document)


audit.track(ShowRow, "slug")
audit.track(ShowRoom, "slug")
audit.track(ShowVersion, "show_slug")


class ShowImportError(BadParameter):
    """A show or room document that cannot be stored (its field, code and params)."""

    def __init__(self, error):
        self.field = error.field
        super().__init__(str(error), code=error.code, **error.params)


def get_show(session: Session, slug: str) -> ShowRow | None:
    return session.scalar(select(ShowRow).where(ShowRow.slug == slug))


def get_room(session: Session, slug: str) -> ShowRoom | None:
    return session.scalar(select(ShowRoom).where(ShowRoom.slug == slug))


def all_shows(session: Session) -> list[ShowRow]:
    return list(session.scalars(select(ShowRow).order_by(ShowRow.slug)))


def all_rooms(session: Session) -> list[ShowRoom]:
    return list(session.scalars(select(ShowRoom).order_by(ShowRoom.slug)))


def save_show(session: Session, document: dict) -> ShowRow:
    try:
        show = model.read_show(document)
    except model.ShowError as error:
        raise ShowImportError(error) from None
    row = get_show(session, show.slug)
    if row is None:
        row = ShowRow(slug=show.slug)
        session.add(row)
    data = show.as_json()
    row.title, row.duration, row.cues = data["title"], data["duration"], data["cues"]
    session.flush()
    return row


def save_room(session: Session, document: dict) -> ShowRoom:
    """A room ``{slug, name, outputs, programme}``."""
    try:
        if not isinstance(document, dict):
            raise model.ShowError("room", "document", "must be an object {slug, name, outputs, programme}")
        slug = document.get("slug")
        if not isinstance(slug, str) or not model.SLUG.fullmatch(slug):
            raise model.ShowError("slug", "slug", f"{slug!r} must be lower-case letters, digits and '-'")
        name = model.read_texts(document.get("name"), "name")
        outputs = model.read_outputs(document.get("outputs"))
        plan = programme.read_programme(document.get("programme", {}))
    except model.ShowError as error:
        raise ShowImportError(error) from None
    row = get_room(session, slug)
    if row is None:
        row = ShowRoom(slug=slug)
        session.add(row)
    row.name = name
    row.outputs = [{"name": o.name, "kind": o.kind, **({"layout": o.layout} if o.layout else {})}
                   for o in outputs]
    row.programme = plan.as_json()
    session.flush()
    return row


def import_document(session: Session, document: dict) -> list[str]:
    """A JSON file of ``museum show import``: a show, a room, or ``{"rooms": [...], "shows": [...]}``."""
    if not isinstance(document, dict):
        raise ShowImportError(model.ShowError("file", "document", "must be a JSON object"))
    saved = []
    if "rooms" in document or "shows" in document:
        for room in document.get("rooms", []):
            saved.append(f"room {save_room(session, room).slug}")
        for show in document.get("shows", []):
            saved.append(f"show {save_show(session, show).slug}")
    elif "outputs" in document:
        saved.append(f"room {save_room(session, document).slug}")
    else:
        saved.append(f"show {save_show(session, document).slug}")
    return saved


def versions(session: Session, slug: str) -> list[ShowVersion]:
    """A show's saved versions, the newest first."""
    return list(session.scalars(select(ShowVersion).where(ShowVersion.show_slug == slug)
                                .order_by(ShowVersion.number.desc())))


def get_version(session: Session, slug: str, number: int) -> ShowVersion | None:
    return session.scalar(select(ShowVersion).where(ShowVersion.show_slug == slug,
                                                    ShowVersion.number == number))


def save_version(session: Session, slug: str, document: dict, author: str | None,
                 problem_count: int, restored_from: int | None = None) -> ShowVersion:
    """Store ``document`` (read as :func:`save_show` reads an imported one: refused with the field named)
    as the show ``slug``'s next version and as the show the displays play."""
    if not isinstance(document, dict) or document.get("slug") != slug:
        raise ShowImportError(model.ShowError("slug", "slug", f"the document must be the show {slug!r}"))
    existing = get_show(session, slug)
    if existing is None:
        raise NotFound(f"no show {slug!r}")
    if not versions(session, slug):  # the show as imported (by `museum show import`) is version 1
        session.add(ShowVersion(show_slug=slug, number=1, author=None, problem_count=0,
                                document={"slug": slug, "title": existing.title,
                                          "duration": existing.duration, "cues": existing.cues}))
        session.flush()
    row = save_show(session, document)
    number = next_number(session, ShowVersion, ShowVersion.show_slug == slug)
    version = ShowVersion(show_slug=slug, number=number, author=author, problem_count=problem_count,
                          restored_from=restored_from,
                          document={"slug": row.slug, "title": row.title, "duration": row.duration,
                                    "cues": row.cues})
    session.add(version)
    session.flush()
    return version


def restore_version(session: Session, slug: str, number: int, author: str | None,
                    problem_count: int) -> ShowVersion:
    """Make version ``number`` the show again, as a new version equal to it (history is never rewritten;
    the new version and the show's row are audited as any save)."""
    old = get_version(session, slug, number)
    if old is None:
        raise NotFound(f"show {slug!r} has no version {number}")
    return save_version(session, slug, dict(old.document), author, problem_count, restored_from=number)


def version_history(session: Session, row: ShowRow) -> list[dict]:
    """The versions of a show for the workspace, the newest first: each version, its show (cues, length)
    and what changed from it to the show as it is now (:func:`exhibits.shows.model.compare`). A show never
    saved from the editor has its import as version 1, not stored yet."""
    current = row.show()
    saved = versions(session, row.slug)
    if not saved:
        return [{"number": 1, "author": None, "created_at": None, "problem_count": 0,
                 "restored_from": None, "show": current, "current": True,
                 "changes": model.compare(current, current)}]
    return [{"number": v.number, "author": v.author, "created_at": v.created_at,
             "problem_count": v.problem_count, "restored_from": v.restored_from, "show": v.show(),
             "current": index == 0, "changes": model.compare(v.show(), current)}
            for index, v in enumerate(saved)]


def media_kind(key: str) -> str:
    """What a show's media key holds, by its name: video, still or audio (ffprobe checks it at validation)."""
    kind = MIME.get(Path(key).suffix, "")
    return "still" if kind.startswith("image/") else "video" if kind.startswith("video/") else "audio"


THUMBS_PREFIX = "show-thumbs/"


def thumbnail(storage, key: str) -> tuple[str, str] | None:
    """The key and MIME type of ``key``'s thumbnail (:mod:`exhibits.shows.thumbnails`), made by ffmpeg the
    first time it is asked for (or after the media is written again) and kept in the store under
    ``show-thumbs/``; None when the store has no such media or ffmpeg cannot make one."""
    if not key.startswith(PLAYABLE_PREFIXES) or Path(key).suffix not in MIME:
        return None
    source = storage.stat(key)
    if source is None:
        return None
    kind = media_kind(key)
    name = THUMBS_PREFIX + key + thumbnails.suffix(kind)
    mime = "image/png" if name.endswith(".png") else "image/jpeg"
    made = storage.stat(name)
    if made is not None and made.modified >= source.modified:
        return name, mime
    duration, peaks = None, None
    if kind == "video":  # the poster frame's moment depends on the length
        info = media_info(storage, key)
        if not isinstance(info, MediaInfo) or info.kind != "video":
            return None
        duration = info.duration
    elif kind == "audio" and key.startswith("audio/"):  # an audio track: the peaks drawn at its ingest
        peaks_key = key.rsplit("/", 1)[0] + "/peaks.json"
        if storage.stat(peaks_key) is not None:
            with storage.open(peaks_key) as stored:
                peaks = json.load(stored)
    with storage.scratch() as folder:
        try:
            picture = thumbnails.make(Path(storage.local_path(key)), kind, duration,
                                      folder / ("thumb" + thumbnails.suffix(kind)), peaks)
        except (ProbeFailed, ValueError, TypeError):
            return None
        storage.put(name, picture, move=True)
    return name, mime


def media_keys(storage) -> list[str]:
    """What a cue may play: the show media and the audio tracks' files in the store."""
    return [key for prefix in PLAYABLE_PREFIXES for key in storage.list(prefix)
            if Path(key).suffix in MIME]


# ffprobe's answers by (store, key, size, time of the last write): the editor checks a show after every
# change, and a file written again has another size or time, so it is probed again
PROBED: dict[tuple, MediaInfo | str] = {}
PROBED_MAX = 2048


def media_info(storage, key: str) -> MediaInfo | None | str:
    """ffprobe's view of a stored media file: None if the store has no such key, "unreadable" if ffprobe
    cannot read it."""
    stat = storage.stat(key)
    if stat is None:
        return None
    mark = (repr(storage), key, stat.bytes, stat.modified)
    if mark not in PROBED:
        try:
            found: MediaInfo | str = probe(Path(storage.local_path(key)))
        except ProbeFailed:
            found = "unreadable"
        if len(PROBED) >= PROBED_MAX:
            PROBED.clear()
        PROBED[mark] = found
    return PROBED[mark]


def check(storage, show: model.Show, room: ShowRoom | None) -> list[model.Problem]:
    outputs = room.output_list() if room is not None else None
    return model.problems(show, outputs, lambda key: media_info(storage, key))


def rooms_playing(session: Session, slug: str) -> list[ShowRoom]:
    return [room for room in all_rooms(session) if slug in room.programme.get("loop", [])]


def display_plan(session: Session, room: ShowRoom, output: str, zone: str, now: float) -> dict:
    """What a display of ``output`` in ``room`` needs for today: the day's plan (anchor, closes, period,
    shows' offsets), the next day's (so a room open at midnight plays on), each show's cues on that output."""
    names = [o.name for o in room.output_list()]
    if output not in names:
        raise NotFound(f"room {room.slug} has no output {output!r}")
    local = ZoneInfo(zone)
    day = datetime.fromtimestamp(now, local).date()
    plan_of = room.the_programme()
    rows = {row.slug: row for row in all_shows(session) if row.slug in plan_of.loop}
    durations = {slug: row.duration for slug, row in rows.items()}
    plan = programme.day_plan(plan_of, durations, day, local)
    following = programme.day_plan(plan_of, durations, day + timedelta(days=1), local)
    shows = {}
    for slug, row in rows.items():
        show = row.show()
        shows[slug] = {"title": show.title, "duration": show.duration,
                       "cues": [cue.as_json() for cue in show.cues_of(output)]}
    kind = next(o.kind for o in room.output_list() if o.name == output)
    return {"room": room.slug, "output": output, "kind": kind, "plan": plan, "next": following,
            "shows": shows,
            "day": day.isoformat()}


def storyboard_png(storage, show: model.Show, outputs, lang: str = "zh") -> bytes:
    def local(key: str) -> Path | None:
        return Path(storage.local_path(key)) if storage.stat(key) is not None else None

    def length(key: str) -> float | None:
        info = media_info(storage, key)
        return info.duration if isinstance(info, MediaInfo) else None

    return storyboard.render(show, list(outputs), local, lang, length)
