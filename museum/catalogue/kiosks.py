"""Kiosk devices: registered touch screens in the galleries, each bound to one station.

A device is registered with ``museum kiosk add NAME --station KIND[:ID]`` (the one way to make a kiosk);
its ``kiosk_…`` token is shown once and only its SHA-256 is stored. The device opens ``/kiosk/<token>``,
gets its station, and sends heartbeats; :mod:`museum.auth` recognises it by that token on every request.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from museum.catalogue.db import Base
from museum.catalogue.models import utcnow
from museum.exceptions import BadParameter

TOKEN_PREFIX = "kiosk_"
STATION = re.compile(r"(poems|projection|audio:[\w.\-]+|instrument:[\w.\-]+|gallery:[a-z0-9\-]+"
                     r"|live:[a-z0-9\-]+|display:[a-z0-9\-]+/[a-z0-9\-]+)")


class KioskDevice(Base):
    __tablename__ = "kiosk_devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    station: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[str | None] = mapped_column(String(40))
    screen: Mapped[str | None] = mapped_column(String(200))
    # the type of the page that sent the heartbeat
    station_type: Mapped[str | None] = mapped_column(String(20))
    # what the station was doing: attract, start, playing…
    state: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(64))
    heartbeats: Mapped[int] = mapped_column(Integer, default=0)
    # a live link station's stream health from its last heartbeat: mode, bitrate, latency, drops
    stream_health: Mapped[dict | None] = mapped_column(JSON)

    @property
    def kind(self) -> str:
        return self.station.split(":", 1)[0]

    @property
    def target(self) -> str | None:
        return self.station.split(":", 1)[1] if ":" in self.station else None

    def online(self, now: datetime | None = None, grace_seconds: int = 90) -> bool:
        return bool(self.last_seen_at
                    and ((now or utcnow()) - self.last_seen_at).total_seconds() <= grace_seconds)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class KioskError(BadParameter):
    """A device name or station that cannot be registered."""


def add_device(session: Session, name: str, station: str) -> tuple[KioskDevice, str]:
    name = name.strip()
    if not re.fullmatch(r"[\w.\-]{1,80}", name):
        raise KioskError(f"name: {name!r} must be letters, digits, '.', '-' or '_' (at most 80)")
    if not STATION.fullmatch(station):
        raise KioskError(f"station: {station!r} must be poems, projection, audio:<id>, "
                         f"instrument:<accession>, gallery:<slug>, live:<link> or display:<room>/<output>")
    if session.scalar(select(KioskDevice).where(KioskDevice.name == name)):
        raise KioskError(f"name: a kiosk called {name!r} already exists")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    device = KioskDevice(name=name, station=station, token_hash=digest(token))
    session.add(device)
    session.flush()
    return device, token


def device_for_token(session: Session, token: str) -> KioskDevice | None:
    if not token or len(token) > 200:
        return None
    return session.scalar(select(KioskDevice).where(KioskDevice.token_hash == digest(token)))


# The station types of the kiosk shell (museum/templates/kiosk/base.html): every station page declares one.
STATION_TYPES = ("gallery", "object", "poems", "projection", "audio", "instrument", "live",
                 "display")
STATE = re.compile(r"[a-z][a-z0-9\-]{0,39}")
VERSION = re.compile(r"[\w.+\-]{1,40}")
HEARTBEAT_FIELDS = ("station", "state", "version", "screen", "lang", "stream")
STREAM_MODES = ("live", "fallback")


def parse_heartbeat(data: object) -> dict:
    """A heartbeat's JSON body, checked: ``station`` (one of :data:`STATION_TYPES`), ``state`` (a short
    lower-case word), ``version`` (the app version the page was served with), optional ``screen`` (at most
    200 characters) and ``lang``. Raises :class:`KioskError` naming the first bad field."""
    if not isinstance(data, dict):
        raise KioskError("body: a heartbeat is a JSON object {station, state, version, screen?, lang?}")
    for field in data:
        if field not in HEARTBEAT_FIELDS:
            raise KioskError(f"{field}: unknown field (expected {', '.join(HEARTBEAT_FIELDS)})")
    station, state, version = data.get("station"), data.get("state"), data.get("version")
    if station not in STATION_TYPES:
        raise KioskError(f"station: {station!r} must be one of {', '.join(STATION_TYPES)}")
    if not isinstance(state, str) or not STATE.fullmatch(state):
        raise KioskError(f"state: {state!r} must be a lower-case word of at most 40 letters, digits or '-'")
    if not isinstance(version, str) or not VERSION.fullmatch(version):
        raise KioskError(f"version: {version!r} must be 1 to 40 letters, digits, '.', '+', '-' or '_'")
    screen = data.get("screen", "")
    if not isinstance(screen, str) or len(screen) > 200:
        raise KioskError("screen: must be a string of at most 200 characters")
    lang = data.get("lang")
    if lang is not None and (not isinstance(lang, str)
                             or not re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z]{2,4})?", lang)):
        raise KioskError(f"lang: {lang!r} must be a language tag such as zh, zh-Hant or en")
    return {"station": station, "state": state, "version": version, "screen": screen, "lang": lang,
            "stream": parse_stream_health(data.get("stream"))}


def parse_stream_health(data: object) -> dict | None:
    """A live link station's ``stream`` report: ``mode`` (live or fallback), ``drops`` (how many times the
    link dropped since the page opened), ``bitrate`` (bits per second) and ``latency`` (seconds behind the
    live edge) when known."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise KioskError("stream: must be an object {mode, drops, bitrate?, latency?}")
    for field in data:
        if field not in ("mode", "drops", "bitrate", "latency"):
            raise KioskError(f"stream.{field}: unknown field (expected mode, drops, bitrate, latency)")
    mode, drops = data.get("mode"), data.get("drops")
    if mode not in STREAM_MODES:
        raise KioskError(f"stream.mode: {mode!r} must be live or fallback")
    if not isinstance(drops, int) or isinstance(drops, bool) or not 0 <= drops < 10**9:
        raise KioskError(f"stream.drops: {drops!r} must be a whole number of at least 0")
    health = {"mode": mode, "drops": drops, "bitrate": None, "latency": None}
    for field, bound in (("bitrate", 10**10), ("latency", 86400)):
        value = data.get(field)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < bound:
            raise KioskError(f"stream.{field}: {value!r} must be a number from 0 to {bound}")
        health[field] = round(float(value), 2) if field == "latency" else int(value)
    return health


def record_heartbeat(device: KioskDevice, *, version: str | None, screen: str | None, address: str | None,
                     station_type: str | None = None, state: str | None = None,
                     stream: dict | None = None) -> None:
    device.last_seen_at = utcnow()
    device.version = (version or "")[:40] or None
    device.screen = (screen or "")[:200] or None
    device.station_type = station_type
    device.state = state
    device.address = (address or "")[:64] or None
    device.heartbeats = (device.heartbeats or 0) + 1
    if stream is not None:  # a heartbeat sent before the station's player started keeps the last report
        device.stream_health = stream


def new_drop(before: dict | None, after: dict | None) -> bool:
    """Whether a live station's heartbeat reports a drop the previous one did not: it went from live to
    recorded footage, or its count of drops grew (a page reload starts the count again)."""
    if not after or after["mode"] != "fallback":
        return False
    if not before:
        return after["drops"] > 0
    return before["mode"] == "live" or after["drops"] > before["drops"]


def list_devices(session: Session) -> list[KioskDevice]:
    return list(session.scalars(select(KioskDevice).order_by(KioskDevice.name)))
