"""The poems written at the 三游诗人 station: the request, the result and when it was made."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from museum.catalogue.db import Base
from museum.catalogue.models import utcnow


class StationPoem(Base):
    __tablename__ = "poems"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True, index=True)
    request: Mapped[dict] = mapped_column(JSON, default=dict)
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    fingerprint: Mapped[str] = mapped_column(String(24), default="", index=True)  # request incl. seed
    kiosk: Mapped[str] = mapped_column(String(64), default="", index=True)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


def poem_events_after(session, after: int, limit: int = 10) -> list[tuple[int, dict]]:
    """Station poems newer than id ``after`` as (id, event data) for the projection's event stream."""
    rows = session.scalars(select(StationPoem).where(StationPoem.id > after)
                           .order_by(StationPoem.id).limit(limit)).all()
    return [(row.id, {"code": row.code, "lines": row.result["lines"], "poet": row.result["poet"],
                      "form": row.result["form"]}) for row in rows]


def newest_poem_id(session) -> int:
    return session.scalar(select(func.max(StationPoem.id))) or 0


def poems_since(session, since: datetime, limit: int) -> list[StationPoem]:
    """Station poems written at or after ``since`` (naive UTC, as stored), newest first."""
    return list(session.scalars(select(StationPoem).where(StationPoem.created >= since)
                                .order_by(StationPoem.id.desc()).limit(limit)))
