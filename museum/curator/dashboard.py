"""The curator dashboard: catalogue counts, open drafts, recent changes and the audit chain head."""

from __future__ import annotations

from flask import render_template
from sqlalchemy import func, select

from museum.auth import require_role
from museum.catalogue import revisions
from museum.catalogue.accounts import READERS
from museum.catalogue.audit import AuditEntry, AuditHead
from museum.catalogue.models import Gallery, Record
from museum.curator import bp
from museum.extensions import db


@bp.route("/")
@require_role(*READERS)
def dashboard():
    session = db.session
    counts = dict(session.execute(select(Record.published, func.count()).group_by(Record.published)).all())
    drafts = session.scalars(select(revisions.RecordRevision)
                             .where(revisions.RecordRevision.state == revisions.DRAFT)
                             .order_by(revisions.RecordRevision.updated_at.desc()).limit(50)).all()
    recent = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(15)).all()
    return render_template(
        "curator/dashboard.html",
        published=counts.get(True, 0), unpublished=counts.get(False, 0),
        galleries=session.scalar(select(func.count()).select_from(Gallery)),
        drafts=drafts, recent=recent, head=session.get(AuditHead, 1))
