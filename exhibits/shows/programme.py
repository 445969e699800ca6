"""A room's programme: its opening hours, the shows it loops through back to back from opening time,
and special days (closed, or other hours). :func:`day_plan` answers what plays when on a day; the display
pages get it as an anchor (the opening moment, as Unix time), a loop period and the shows' offsets, and
compute the show and position from the shared clock alone."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from exhibits.shows.exceptions import ShowError
from exhibits.shows.model import SLUG

HOURS = re.compile(r"(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})")


@dataclass(frozen=True)
class Programme:
    hours: str = "09:00-17:30"  # HH:MM-HH:MM; 24:00 is the end of the day
    loop: tuple[str, ...] = ()  # show slugs, played in order, back to back, again and again
    special_days: dict = field(default_factory=dict)  # "YYYY-MM-DD": "closed" or "HH:MM-HH:MM"

    def as_json(self) -> dict:
        return {"hours": self.hours, "loop": list(self.loop), "special_days": dict(self.special_days)}


def parse_hours(text: str, where: str = "hours") -> tuple[int, int]:
    """Minutes from midnight of opening and closing."""
    match = HOURS.fullmatch((text or "").strip())
    if not match:
        raise ShowError(where, "hours", f"{text!r} must read HH:MM-HH:MM, e.g. 09:00-17:30")
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    opens, closes = h1 * 60 + m1, h2 * 60 + m2
    if h1 > 23 or m1 > 59 or m2 > 59 or closes > 24 * 60 or closes <= opens:
        raise ShowError(where, "hours", f"{text!r}: closing must come after opening, within the day")
    return opens, closes


def read_programme(data) -> Programme:
    if not isinstance(data, dict):
        raise ShowError("programme", "document", "must be an object {hours, loop, special_days?}")
    hours = data.get("hours", "09:00-17:30")
    parse_hours(hours)
    loop = data.get("loop", [])
    if not isinstance(loop, list) or not all(isinstance(s, str) and SLUG.fullmatch(s) for s in loop):
        raise ShowError("loop", "loop", "must be a list of show slugs")
    special = data.get("special_days", {}) or {}
    if not isinstance(special, dict):
        raise ShowError("special_days", "special_days",
                        "must be an object {YYYY-MM-DD: closed | HH:MM-HH:MM}")
    for day, value in special.items():
        try:
            date.fromisoformat(day)
        except (TypeError, ValueError):
            raise ShowError("special_days", "special_days", f"{day!r} is not a date YYYY-MM-DD") from None
        if value != "closed":
            parse_hours(value, f"special_days.{day}")
    return Programme(hours=hours, loop=tuple(loop), special_days=dict(special))


def day_plan(programme: Programme, durations: dict[str, float], day: date, zone: ZoneInfo) -> dict | None:
    """The day's plan: ``anchor`` (opening, Unix seconds), ``closes`` (Unix seconds), ``period`` (the loop's
    length) and ``shows`` ([{slug, offset, duration}] within the loop); None when closed or nothing to play.
    Shows missing from ``durations`` (deleted) are left out."""
    hours = programme.special_days.get(day.isoformat(), programme.hours)
    if hours == "closed":
        return None
    opens, closes = parse_hours(hours)
    shows, offset = [], 0.0
    for slug in programme.loop:
        if slug in durations:
            shows.append({"slug": slug, "offset": offset, "duration": durations[slug]})
            offset += durations[slug]
    if not shows:
        return None
    midnight = datetime.combine(day, time(0), zone)
    start = midnight + timedelta(minutes=opens)
    end = midnight + timedelta(minutes=closes)
    return {"anchor": start.timestamp(), "closes": end.timestamp(), "period": offset, "shows": shows}


def playing(plan: dict | None, now: float) -> tuple[str, float] | None:
    """The show playing at Unix time ``now`` and the position in it (seconds), or None."""
    if plan is None or not plan["anchor"] <= now < plan["closes"]:
        return None
    into = (now - plan["anchor"]) % plan["period"]
    for show in plan["shows"]:
        if show["offset"] <= into < show["offset"] + show["duration"]:
            return show["slug"], into - show["offset"]
    return None
