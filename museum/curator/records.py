"""Record editing in the browser: all six languages side by side, drafts, publishing, history, diff, revert.

Viewers read; editors save drafts and discard them; curators also publish, unpublish and revert.
"""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import String, cast, func, or_, select

from exhibits.audio import instruments
from languages import AUTONYMS, BCP47
from museum.auth import actor_name, require_role
from museum.catalogue import revisions, vocabulary
from museum.catalogue.accounts import EDITORS, PUBLISHERS, READERS
from museum.catalogue.fields import MULTILINGUAL, SCALARS
from museum.catalogue.models import Record
from museum.curator import bp, labels, problems
from museum.exceptions import BadParameter, Conflict, MuseumError, NotFound
from museum.extensions import db

PAGE_SIZE = 50
EDITABLE_SCALARS = [f for f in SCALARS if f.name != "published"]


def _record(accession: str) -> Record:
    try:
        return revisions.get_record(db.session, accession)
    except MuseumError:
        abort(404, description=_("There is no record %(accession)s.", accession=accession))


def _form_values(data: dict) -> dict[str, str]:
    values = {f"{name}_{lang}": text
              for name in MULTILINGUAL for lang, text in (data.get(name) or {}).items()}
    values.update({f.name: "" if data.get(f.name) is None else str(data[f.name]) for f in EDITABLE_SCALARS})
    # names in the curator's language, not keys
    values["material"] = labels.material_text(data.get("material"))
    return values


def _render_form(record: Record | None, values: dict, errors: dict, status: int = 200):
    return render_template("curator/edit.html", record=record, values=values, errors=errors,
                           scalars=EDITABLE_SCALARS, multilingual=MULTILINGUAL,
                           choices=labels.choices(db.session), materials=vocabulary.MATERIALS,
                           autonyms=AUTONYMS, bcp47=BCP47), status


@bp.route("/records")
@require_role(*READERS)
def records():
    q = request.args.get("q", "").strip()
    page = max(1, request.args.get("page", 1, type=int) or 1)
    query = select(Record)
    if q:
        query = query.where(or_(Record.accession_number.startswith(q),
                                cast(Record.title, String).contains(q)))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = db.session.scalars(query.order_by(Record.accession_number)
                               .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    drafted = set(db.session.scalars(select(revisions.RecordRevision.record_id).where(
        revisions.RecordRevision.state == revisions.DRAFT,
        revisions.RecordRevision.record_id.in_([r.id for r in items]))))
    return render_template("curator/records.html", items=items, drafted=drafted, q=q, page=page,
                           pages=max(1, -(-total // PAGE_SIZE)), total=total)


@bp.route("/records/<path:accession>")
@require_role(*READERS)
def record(accession: str):
    item = _record(accession)
    draft = revisions.open_draft(db.session, item)
    current = revisions.snapshot(item)
    return render_template(
        "curator/record.html", record=item, draft=draft, current=current,
        draft_changes=revisions.diff(current, draft.data) if draft else [],
        stale=bool(draft and (draft.based_on or 0) != revisions.latest_number(db.session, item)),
        history=revisions.history(db.session, item), scalars=EDITABLE_SCALARS, autonyms=AUTONYMS,
        bcp47=BCP47, playable=item.accession_number in instruments.INSTRUMENTS)


@bp.route("/records/new", methods=["GET", "POST"])
@require_role(*EDITORS)
def new_record():
    if request.method == "GET":
        return _render_form(None, {}, {})
    form = request.form.to_dict()
    accession = form.get("accession_number", "").strip()
    data, issues = revisions.validate_form(db.session, form)
    errors = problems.form_errors(issues)
    if not errors and form.get("action") == "publish" and not current_user.has_role(*PUBLISHERS):
        abort(403, description=_("Publishing needs the curator role."))
    if not errors:
        try:
            draft = revisions.create_record(db.session, accession, data, actor_name())
            if form.get("action") == "publish":
                revisions.publish(db.session, draft.record, actor_name())
        except MuseumError as error:
            db.session.rollback()
            errors["accession_number"] = problems.error_text(error)
    if errors:
        return _render_form(None, form, errors, 422)
    db.session.commit()
    if form.get("action") == "publish":
        flash(_("Record %(accession)s created and published.", accession=accession))
    else:
        flash(_("Record %(accession)s created as a draft.", accession=accession))
    return redirect(url_for("curator.record", accession=accession), 303)


@bp.route("/records/<path:accession>/edit", methods=["GET", "POST"])
@require_role(*EDITORS)
def edit_record(accession: str):
    item = _record(accession)
    draft = revisions.open_draft(db.session, item)
    if request.method == "GET":
        return _render_form(item, _form_values(draft.data if draft else revisions.snapshot(item)), {})
    form = request.form.to_dict() | {"accession_number": item.accession_number}
    action = form.get("action", "draft")
    if action == "publish" and not current_user.has_role(*PUBLISHERS):
        abort(403, description=_("Publishing needs the curator role."))
    data, issues = revisions.validate_form(db.session, form)
    if issues:
        return _render_form(item, form, problems.form_errors(issues), 422)
    revisions.save_draft(db.session, item, data, actor_name(), form.get("note") or None)
    if action == "publish":
        number = revisions.publish(db.session, item, actor_name()).number
        flash(_("Published as version %(number)d.", number=number))
    else:
        flash(_("Draft saved. The public still sees the published version."))
    db.session.commit()
    return redirect(url_for("curator.record", accession=item.accession_number), 303)


def _act(accession: str, action) -> object:
    item = _record(accession)
    try:
        message = action(item)
        db.session.commit()
        flash(message)
    except MuseumError as error:
        db.session.rollback()
        flash(problems.error_text(error), "error")
    return redirect(url_for("curator.record", accession=accession), 303)


@bp.route("/records/<path:accession>/publish", methods=["POST"])
@require_role(*PUBLISHERS)
def publish_record(accession: str):
    def publish(item):
        if revisions.open_draft(db.session, item) is None and not item.published:
            if not item.title:
                raise Conflict(_("Nothing to publish: the record has no text yet."))
            item.published = True
            return _("Record is public again.")
        published = revisions.publish(db.session, item, actor_name())
        return _("Published as version %(number)d.", number=published.number)

    return _act(accession, publish)


@bp.route("/records/<path:accession>/unpublish", methods=["POST"])
@require_role(*PUBLISHERS)
def unpublish_record(accession: str):
    return _act(accession, lambda item: revisions.unpublish(db.session, item)
                or _("Record withdrawn from the public."))


@bp.route("/records/<path:accession>/discard", methods=["POST"])
@require_role(*EDITORS)
def discard_draft(accession: str):
    return _act(accession, lambda item: revisions.discard(db.session, item) or _("Draft discarded."))


@bp.route("/records/<path:accession>/revert/<int:number>", methods=["POST"])
@require_role(*PUBLISHERS)
def revert_record(accession: str, number: int):
    return _act(accession, lambda item: (
        _("Version %(old)d restored as version %(new)d.", old=number,
          new=revisions.revert(db.session, item, number, actor_name()).number)))


def _side(item: Record, which: str) -> tuple[str, dict]:
    if which == "current":
        return _("published now"), revisions.snapshot(item)
    if which == "draft":
        draft = revisions.open_draft(db.session, item)
        if draft is None:
            raise BadParameter(_("This record has no draft."))
        return _("draft"), draft.data
    if which.isdecimal():
        try:
            data = revisions.get_revision(db.session, item, int(which)).data
            return _("version %(number)s", number=which), data
        except MuseumError:
            raise NotFound(_("This record has no version %(number)s.", number=which)) from None
    raise BadParameter(_("%(value)s: expected a version number, “current” or “draft”.", value=which))


def _diff_sides(item: Record):
    has_draft = revisions.open_draft(db.session, item) is not None
    to = request.args.get("to") or ("draft" if has_draft else "current")
    default_from = str(int(to) - 1) if to.isdecimal() and int(to) > 1 else "current"
    source = request.args.get("from") or default_from
    (from_label, before), (to_label, after) = _side(item, source), _side(item, to)
    return source, to, from_label, to_label, revisions.diff(before, after)


@bp.route("/records/<path:accession>/diff")
@require_role(*READERS)
def diff_record(accession: str):
    """Two versions side by side. A version or draft that does not exist (a record never edited in the
    workspace has neither) is a page saying so in the curator's language, with what can be compared."""
    item = _record(accession)
    history = revisions.history(db.session, item)
    has_draft = revisions.open_draft(db.session, item) is not None
    try:
        source, to, from_label, to_label, changes = _diff_sides(item)
    except MuseumError as error:
        status = 400 if isinstance(error, BadParameter) else 404
        if not history and not has_draft:
            status = 200  # nothing to compare yet is not an error: the page explains it
        return render_template("curator/diff.html", record=item, changes=[], problem=error.message,
                               source=request.args.get("from", ""), to=request.args.get("to", ""),
                               history=history, has_draft=has_draft), status
    return render_template("curator/diff.html", record=item, changes=changes, from_label=from_label,
                           to_label=to_label, source=source, to=to, history=history, has_draft=has_draft,
                           problem=None)


@bp.route("/api/records/<path:accession>/diff")
@require_role(*READERS)
def diff_record_json(accession: str):
    item = _record(accession)
    source, to, _fl, _tl, changes = _diff_sides(item)
    return jsonify({"accession_number": item.accession_number, "from": source, "to": to,
                    "changes": [{"field": c.field, "language": c.language, "before": c.before,
                                 "after": c.after} for c in changes]})
