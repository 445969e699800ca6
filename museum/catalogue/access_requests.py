"""Requests for what is not downloadable: a visitor asks the museum for an image (or a model) whose rights
restrict it (:mod:`museum.catalogue.rights`); curators read them on ``/curator/requests``. Audited."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from museum.catalogue import audit
from museum.catalogue.db import Base
from museum.catalogue.models import utcnow
from museum.exceptions import BadParameter

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LIMITS = {"name": 200, "email": 200, "purpose": 2000}


class AccessRequest(Base):
    __tablename__ = "access_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    accession_number: Mapped[str] = mapped_column(String(64), index=True)
    item: Mapped[str] = mapped_column(String(120))  # an image's identifier
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(20), default="new")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


audit.track(AccessRequest, "id")


def problems(name: str, email: str, purpose: str) -> list[str]:
    """What is wrong with a request, by field name (the page words each in the reader's language)."""
    found = []
    if not name.strip() or len(name) > LIMITS["name"]:
        found.append("name")
    if not _EMAIL.match(email.strip()) or len(email) > LIMITS["email"]:
        found.append("email")
    if not purpose.strip() or len(purpose) > LIMITS["purpose"]:
        found.append("purpose")
    return found


def add(session: Session, accession: str, item: str, name: str, email: str, purpose: str,
        language: str) -> AccessRequest:
    wrong = problems(name, email, purpose)
    if wrong:
        raise BadParameter(f"a request needs a valid {', '.join(wrong)}")
    request = AccessRequest(accession_number=accession, item=item, name=name.strip(), email=email.strip(),
                            purpose=purpose.strip(), language=language)
    session.add(request)
    session.flush()
    return request


def recent(session: Session, limit: int = 200) -> list[AccessRequest]:
    return list(session.scalars(select(AccessRequest).order_by(AccessRequest.id.desc()).limit(limit)))
