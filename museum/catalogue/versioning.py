"""What every versioned curator document shares: layouts, exhibitions and shows are saved whole, each save a
new numbered version of the JSON document, never an edit in place (the audit log and the comparison views
read old versions as they were).

:class:`DocumentVersion` is the columns and the summary each ``*_versions`` table has; the owner's key
(``layout_id``, ``exhibition_slug``, ``show_slug`` …), the author's column and what else a kind keeps (a
note, a problem count, who published it) stay in the kind's own class. :func:`next_number` is the number the
next save takes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from museum.catalogue.models import utcnow


class DocumentVersion:
    """Mixin for a version table: ``number`` counts from 1 for each document; ``document`` is the whole
    JSON document as saved."""

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    SUMMARY_FIELDS: tuple[str, ...] = ("author",)  # besides number and created_at, what summary() shows

    def summary(self) -> dict:
        """The version as the workspace's history lists it (JSON-ready)."""
        return {"number": self.number, **{name: getattr(self, name) for name in self.SUMMARY_FIELDS},
                "created_at": self.created_at.isoformat() + "Z"}


def next_number(session: Session, version_class: type[DocumentVersion], *where) -> int:
    """The number the next version of the document selected by ``where`` takes (1 for the first)."""
    return (session.scalar(select(func.max(version_class.number)).where(*where)) or 0) + 1
