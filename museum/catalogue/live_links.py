"""Live links: the gallery's video link to a remote site (the Baiheliang Underwater Museum 白鹤梁水下博物馆).

A link (``live_links``, audited) has a slug (the kiosk station ``live:<slug>``), the site's name and the
current view's caption in the six languages, the HLS stream's URL, a fallback playlist of recorded clips
(played when the stream drops or stalls) and the day's guided sessions (``HH:MM-HH:MM`` and an optional
guide's name; times in the museum's ``TIMEZONE``), and ``kiosk_media``: whether the gallery's station sends
its camera and microphone to the guide during a guided session (off: the session is one-way, the guide's audio
and video to the gallery).

Guided sessions are WebRTC calls between the station and a guide's page; their signalling (offers, answers,
ICE candidates: :func:`send_signal`, :func:`signals_after`) goes through the ``guided_signals`` table, so it
works across the service's worker processes.

Recorded clips are short videos kept in the media store under ``live-clips/<name>.mp4``
(:func:`add_clip` checks them with ffprobe first); a playlist names clips, and an unknown clip is refused.
:func:`validate` checks what a curator typed and raises :class:`LiveLinkError` naming the field.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from languages import LANGUAGES
from museum.catalogue import audit
from museum.catalogue.db import Base
from museum.exceptions import BadParameter

SLUG = re.compile(r"[a-z0-9][a-z0-9\-]{0,59}")
CLIP = re.compile(r"[a-z0-9][a-z0-9_\-]{0,59}")
CLIP_PREFIX = "live-clips/"
SESSION = re.compile(r"(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})(?:\s+(.*))?")
CLIP_CODECS = ("h264", "vp9", "vp8", "av1")  # what the kiosk's Chromium plays in an MP4 or WebM file
MAX_CLIP_SECONDS = 600
MAX_TEXT = 300


class LiveLink(Base):
    __tablename__ = "live_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[dict] = mapped_column(JSON, default=dict)  # {"zh": "白鹤梁水下博物馆", "en": …}
    caption: Mapped[dict] = mapped_column(JSON, default=dict)  # the current view, six languages
    stream_url: Mapped[str] = mapped_column(String(500))
    playlist: Mapped[list] = mapped_column(JSON, default=list)  # clip names, played in order, looped
    # [{"start": "10:00", "end": "10:30", "guide": ""}]
    sessions: Mapped[list] = mapped_column(JSON, default=list)
    # guided sessions: the station's camera and microphone go to the guide (else one-way, guide → gallery)
    kiosk_media: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


audit.track(LiveLink, "slug")


class GuidedSignal(Base):
    """One signalling message of a guided session: from ``sender`` (``guide`` or ``station``) about the link
    ``link``; ``kind`` is ``start``, ``offer``, ``answer``, ``candidate`` or ``bye``; ``payload`` the SDP or
    the ICE candidate as the browser gave it. Numbered: a receiver asks for the messages after the last it
    saw. Kept for :data:`SIGNAL_KEEP` (a session's negotiation takes seconds)."""

    __tablename__ = "guided_signals"
    # numbers never reused (SQLite would reuse the highest after a delete): receivers' cursors stay valid
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    link: Mapped[str] = mapped_column(String(60), index=True)
    sender: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(12))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime)


# What can be wrong with a curator's input, by problem: the English message (the CLI's and the log's); the
# curator pages say the same in the curator's language (museum/curator/live.py, same keys and parameters).
PROBLEMS = {
    "url_scheme": "%(value)s must be an http:// or https:// address of an HLS playlist (…/index.m3u8)",
    "url_m3u8": "%(value)s must name an HLS playlist ending in .m3u8",
    "too_long": "at most %(max)d characters",
    "unknown_language": "unknown language %(value)s",
    "chinese_required": "the Chinese text is required",
    "session_format": "line %(line)d: %(value)s must read HH:MM-HH:MM and optionally the guide's name, "
                      "e.g. 10:00-10:30 王老师",
    "session_time": "line %(line)d: %(value)s is not a time of day",
    "session_order": "line %(line)d: the session must end after it starts",
    "session_overlap": "%(first)s and %(second)s overlap",
    "playlist_empty": "name at least one recorded clip, played while the live view is down",
    "clip_unknown": "there is no recorded clip called %(value)s (clips: %(clips)s)",
    "slug": "%(value)s must be lower-case letters, digits and '-' (at most 60)",
    "clip": "%(value)s",  # a clip file's problem, from ffprobe (command line only)
    "signal_kind": "%(value)s is not a signalling message (start, offer, answer, candidate, bye)",
    "signal_payload": "the message's payload must be a JSON object of at most %(max)d bytes",
}


class LiveLinkError(BadParameter):
    """A live link's field that cannot be stored: ``field`` (``stream_url``, ``caption.zh``, ``sessions``…),
    ``code`` (a key of :data:`PROBLEMS`) and its ``params``, as every MuseumError the workspace translates;
    the message begins with the field's name."""

    def __init__(self, field: str, code: str, **params):
        self.field = field
        super().__init__(f"{field}: " + PROBLEMS[code] % params, code=code, **params)


def language_codes() -> list[str]:
    return list(LANGUAGES)


def check_stream_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LiveLinkError("stream_url", "url_scheme", value=repr(url[:80]))
    if not parts.path.endswith(".m3u8"):
        raise LiveLinkError("stream_url", "url_m3u8", value=repr(url[:80]))
    if len(url) > 500:
        raise LiveLinkError("stream_url", "too_long", max=500)
    return url


def stream_origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _texts(field: str, values: dict | None, *, required: bool) -> dict:
    values = values or {}
    codes = language_codes()
    for code in values:
        if code not in codes:
            raise LiveLinkError(field, "unknown_language", value=repr(code))
    cleaned = {code: text.strip() for code, text in values.items() if isinstance(text, str) and text.strip()}
    for code, text in cleaned.items():
        if len(text) > MAX_TEXT:
            raise LiveLinkError(f"{field}.{code}", "too_long", max=MAX_TEXT)
    if required and "zh" not in cleaned:
        raise LiveLinkError(f"{field}.zh", "chinese_required")
    return cleaned


def parse_sessions(text: str) -> list[dict]:
    """One guided session a line, ``HH:MM-HH:MM`` and optionally the guide's name; sorted, no overlaps."""
    sessions = []
    for number, line in enumerate((text or "").splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        match = SESSION.fullmatch(line)
        if not match:
            raise LiveLinkError("sessions", "session_format", line=number, value=repr(line[:40]))
        h1, m1, h2, m2, guide = match.groups()
        start, end = int(h1) * 60 + int(m1), int(h2) * 60 + int(m2)
        if int(h1) > 23 or int(h2) > 23 or int(m1) > 59 or int(m2) > 59:
            raise LiveLinkError("sessions", "session_time", line=number, value=repr(line[:40]))
        if end <= start:
            raise LiveLinkError("sessions", "session_order", line=number)
        guide = (guide or "").strip()
        if len(guide) > 80:
            raise LiveLinkError("sessions", "too_long", max=80)
        sessions.append({"start": f"{start // 60:02d}:{start % 60:02d}",
                         "end": f"{end // 60:02d}:{end % 60:02d}", "guide": guide})
    sessions.sort(key=lambda s: s["start"])
    for before, after in zip(sessions, sessions[1:], strict=False):
        if after["start"] < before["end"]:
            raise LiveLinkError("sessions", "session_overlap", first=f"{before['start']}-{before['end']}",
                                second=f"{after['start']}-{after['end']}")
    return sessions


def sessions_text(sessions: list[dict]) -> str:
    return "\n".join(f"{s['start']}-{s['end']}" + (f" {s['guide']}" if s.get("guide") else "")
                     for s in sessions)


def parse_playlist(text: str, known: set[str]) -> list[str]:
    """One clip name a line (or separated by commas); each must be a stored clip."""
    names = [name.strip() for name in re.split(r"[\n,，]", text or "") if name.strip()]
    if not names:
        raise LiveLinkError("playlist", "playlist_empty")
    for name in names:
        if name not in known:
            raise LiveLinkError("playlist", "clip_unknown", value=repr(name[:60]),
                                clips=", ".join(sorted(known)) or "—")
    return names


def validate(data: dict, known_clips: set[str]) -> dict:
    """What a curator typed (``name_<lang>``, ``caption_<lang>``, ``stream_url``, ``playlist``,
    ``sessions``), checked; the columns to store. Raises :class:`LiveLinkError` naming the field."""
    return {
        "name": _texts("name", {c: data.get(f"name_{c}", "") for c in language_codes()}, required=True),
        "caption": _texts("caption", {c: data.get(f"caption_{c}", "") for c in language_codes()},
                          required=True),
        "stream_url": check_stream_url(data.get("stream_url", "")),
        "playlist": parse_playlist(data.get("playlist", ""), known_clips),
        "sessions": parse_sessions(data.get("sessions", "")),
        "kiosk_media": data.get("kiosk_media") in ("on", "1", "true", True),
    }


def get(session: Session, slug: str) -> LiveLink | None:
    return session.scalar(select(LiveLink).where(LiveLink.slug == slug))


def all_links(session: Session) -> list[LiveLink]:
    return list(session.scalars(select(LiveLink).order_by(LiveLink.slug)))


def save(session: Session, slug: str, values: dict) -> LiveLink:
    if not SLUG.fullmatch(slug or ""):
        raise LiveLinkError("slug", "slug", value=repr(slug))
    link = get(session, slug)
    if link is None:
        link = LiveLink(slug=slug)
        session.add(link)
    for key, value in values.items():
        setattr(link, key, value)
    session.flush()
    return link


# --- guided sessions: signalling ---------------------------------------------------------------------

SENDERS = ("guide", "station")
SIGNAL_KINDS = ("start", "offer", "answer", "candidate", "bye")
SIGNAL_KEEP = timedelta(minutes=10)
MAX_SIGNAL_BYTES = 20_000  # an SDP offer with audio and video is 3–6 kB


def send_signal(session: Session, link: str, sender: str, kind: str, payload) -> int:
    """Store one signalling message from ``sender`` (checked: :class:`LiveLinkError` names the problem);
    its number. A ``start`` from the guide begins a new session: older messages of the link go."""
    if sender not in SENDERS:
        raise ValueError(sender)
    if kind not in SIGNAL_KINDS:
        raise LiveLinkError("kind", "signal_kind", value=repr(str(kind)[:20]))
    payload = payload if payload is not None else {}
    if not isinstance(payload, dict) or len(json.dumps(payload)) > MAX_SIGNAL_BYTES:
        raise LiveLinkError("payload", "signal_payload", max=MAX_SIGNAL_BYTES)
    now = datetime.now(UTC).replace(tzinfo=None)
    old = GuidedSignal.created_at < now - SIGNAL_KEEP
    if kind == "start":
        old = (GuidedSignal.link == link) | old
    session.execute(delete(GuidedSignal).where(old))
    signal = GuidedSignal(link=link, sender=sender, kind=kind, payload=payload, created_at=now)
    session.add(signal)
    session.flush()
    return signal.id


def signals_after(session: Session, link: str, receiver: str, after: int) -> tuple[list[dict], int]:
    """The messages to ``receiver`` (from the other side) numbered after ``after``, and the newest number
    of the link (a receiver that starts late begins there)."""
    rows = session.scalars(select(GuidedSignal).where(
        GuidedSignal.link == link, GuidedSignal.id > after, GuidedSignal.sender != receiver)
        .order_by(GuidedSignal.id).limit(100))
    newest = session.scalar(select(func.max(GuidedSignal.id)).where(GuidedSignal.link == link)) or 0
    return [{"id": r.id, "kind": r.kind, "payload": r.payload} for r in rows], newest


# --- recorded clips ---------------------------------------------------------------------------------

def clip_key(name: str) -> str:
    return f"{CLIP_PREFIX}{name}.mp4"


def clip_names(storage) -> set[str]:
    return {key.removeprefix(CLIP_PREFIX).removesuffix(".mp4") for key in storage.list(CLIP_PREFIX)
            if key.endswith(".mp4")}


def probe_clip(path: Path) -> dict:
    """ffprobe's view of a clip: its video codec and duration; :class:`LiveLinkError` if it is no clip the
    kiosk can play."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        raise LiveLinkError("clip", "clip", value="ffprobe is missing (Debian's ffmpeg package)")
    answer = subprocess.run([ffprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
                             str(path)], capture_output=True, text=True, timeout=60, check=False)
    if answer.returncode != 0:
        raise LiveLinkError("clip", "clip", value=f"{path.name!r} is not a video ffprobe can read")
    info = json.loads(answer.stdout)
    video = [s for s in info.get("streams", []) if s.get("codec_type") == "video"]
    if not video:
        raise LiveLinkError("clip", "clip", value=f"{path.name!r} has no video stream")
    codec = video[0].get("codec_name")
    if codec not in CLIP_CODECS:
        raise LiveLinkError("clip", "clip",
                            value=f"{path.name!r} is {codec}; the kiosks play {', '.join(CLIP_CODECS)}")
    duration = float(info.get("format", {}).get("duration") or 0)
    if not 0 < duration <= MAX_CLIP_SECONDS:
        raise LiveLinkError("clip", "clip", value=f"{path.name!r} lasts {duration:.0f} s;"
                                                  f" a clip lasts at most {MAX_CLIP_SECONDS} s")
    return {"codec": codec, "seconds": duration, "width": video[0].get("width"),
            "height": video[0].get("height")}


def add_clip(storage, name: str, path: Path) -> dict:
    """Keep the video file ``path`` as the recorded clip ``name`` (checked by :func:`probe_clip`)."""
    if not CLIP.fullmatch(name or ""):
        raise LiveLinkError("clip", "clip",
                            value=f"name {name!r} must be lower-case letters, digits, '-' or '_'"
                                  " (at most 60)")
    info = probe_clip(path)
    storage.put(clip_key(name), path)
    return info
