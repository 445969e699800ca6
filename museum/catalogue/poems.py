"""The poems written at the 三游诗人 station: the request, the result, when it was made, and its place in
the projection wall's queue.

A poem reaches the wall when it is given a ``wall_id``, the number of its event in the wall's stream
(increasing in the order poems are sent, so a reconnecting wall resumes after the last it saw). A poem
written through the API or the CLI is on the wall at once (the default); the touch station writes its poem
off the wall and the visitor sends it with "send to the wall" (:func:`send_to_wall`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from museum.catalogue.db import Base
from museum.catalogue.models import utcnow


def _next_wall_number(context) -> int:
    """The next free wall number, for each row of one INSERT (an executemany counts on from the first)."""
    following = getattr(context, "_wall_number", None)
    if following is None:
        following = (context.connection.scalar(select(func.max(StationPoem.wall_id))) or 0) + 1
    context._wall_number = following + 1
    return following


class StationPoem(Base):
    __tablename__ = "poems"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True, index=True)
    request: Mapped[dict] = mapped_column(JSON, default=dict)
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    fingerprint: Mapped[str] = mapped_column(String(24), default="", index=True)  # request incl. seed
    kiosk: Mapped[str] = mapped_column(String(64), default="", index=True)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    wall_id: Mapped[int | None] = mapped_column(Integer, unique=True, index=True, nullable=True,
                                                default=_next_wall_number)


def send_to_wall(session, row: StationPoem) -> StationPoem:
    """Put ``row`` on the projection wall (its event joins the stream); a poem already there keeps its
    place."""
    if row.wall_id is None:
        row.wall_id = (session.scalar(select(func.max(StationPoem.wall_id))) or 0) + 1
        session.flush()
    return row


def poem_events_after(session, after: int, limit: int = 10) -> list[tuple[int, dict]]:
    """Poems sent to the wall after wall number ``after`` as (wall number, event data) for the projection's
    event stream."""
    rows = session.scalars(select(StationPoem).where(StationPoem.wall_id > after)
                           .order_by(StationPoem.wall_id).limit(limit)).all()
    return [(row.wall_id, {"code": row.code, "lines": row.result["lines"], "poet": row.result["poet"],
                      "form": row.result["form"]}) for row in rows]


def newest_poem_id(session) -> int:
    """The wall number of the last poem sent to the wall (0: none yet)."""
    return session.scalar(select(func.max(StationPoem.wall_id))) or 0


def poems_since(session, since: datetime, limit: int) -> list[StationPoem]:
    """Station poems on the wall written at or after ``since`` (naive UTC, as stored), newest first."""
    return list(session.scalars(select(StationPoem).where(StationPoem.created >= since,
                                                          StationPoem.wall_id.is_not(None))
                                .order_by(StationPoem.id.desc()).limit(limit)))
