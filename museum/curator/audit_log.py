"""Audit log pages: browse (curators), verify the chain and export it (admins)."""

from __future__ import annotations

import json

from flask import Response, jsonify, render_template, request, stream_with_context
from sqlalchemy import func, select

from museum.auth import require_role
from museum.catalogue import audit_chain
from museum.catalogue.audit import AuditEntry
from museum.curator import bp
from museum.extensions import db

PAGE_SIZE = 100
FILTERS = ("entity", "entity_key", "actor")


@bp.route("/audit")
@require_role("curator")
def audit_log():
    query = select(AuditEntry)
    filters = {name: request.args.get(name, "").strip() for name in FILTERS}
    for name, value in filters.items():
        if value:
            query = query.where(getattr(AuditEntry, name) == value)
    page = max(1, request.args.get("page", 1, type=int) or 1)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    entries = db.session.scalars(query.order_by(AuditEntry.seq.desc())
                                 .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return render_template("curator/audit.html", entries=entries, filters=filters, page=page,
                           pages=max(1, -(-total // PAGE_SIZE)), total=total, verification=None)


@bp.route("/audit/verify")
@require_role("admin")
def audit_verify():
    result = audit_chain.verify(db.session)
    return render_template("curator/audit.html", entries=[], filters={}, page=1, pages=1, total=0,
                           verification=result)


@bp.route("/api/audit/verify")
@require_role("admin")
def audit_verify_json():
    result = audit_chain.verify(db.session)
    return jsonify(result.as_dict()), 200 if result.ok else 409


@bp.route("/audit/export")
@require_role("admin")
def audit_export():
    since = max(0, request.args.get("since", 0, type=int) or 0)

    def lines():
        session = db.new_session()
        try:
            for entry in audit_chain.iter_entries(session, since):
                row = {f: getattr(entry, f) for f in ("seq", "actor", "action", "entity", "entity_key",
                                                      "before_json", "after_json", "prev_hash", "hash")}
                row["at"] = entry.at.isoformat(timespec="microseconds")
                yield json.dumps(row, ensure_ascii=False) + "\n"
        finally:
            session.close()

    return Response(stream_with_context(lines()), mimetype="application/x-ndjson",
                    headers={"Content-Disposition": "attachment; filename=audit-log.jsonl"})
