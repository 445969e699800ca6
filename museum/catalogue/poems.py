"""The poems written at the 三游诗人 station: the request, the result and when it was made."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String
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
