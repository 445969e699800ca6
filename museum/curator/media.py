"""Media of a record in the browser: one add and one remove path for every media kind (images, 3D models,
audio tracks and any other registered kind), through the same holdings as ``museum image|model3d|audio``
(content checked, limits enforced, nothing kept from a refused file).

Readers see the media; curators and editors add them; curators remove them. The URL names the kind by its
folder: ``/curator/records/<accession>/media/images``, ``.../media/models/3/remove``.
"""

from __future__ import annotations

import shutil
import tempfile
from contextlib import ExitStack
from pathlib import Path

from flask import abort, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from assets.exceptions import MediaError
from assets.media import sha256_of
from languages import AUTONYMS, LANGUAGES
from museum.auth import require_role
from museum.catalogue import audit, media, repository
from museum.catalogue.accounts import EDITORS, PUBLISHERS, READERS
from museum.catalogue.audio import AudioTrack
from museum.catalogue.holdings import Holdings
from museum.catalogue.images import ObjectImage
from museum.catalogue.models import Record
from museum.catalogue.models3d import ObjectModel
from museum.curator import bp, problems
from museum.exceptions import MuseumError, Unavailable
from museum.extensions import db
from museum.media import storage
from museum.queue_access import job_queue
from museum.request_limits import accepts_uploads

REFUSALS = (MediaError, MuseumError)
OWN_SECTIONS = ("image", "model3d", "audio")  # kinds with a section of their own in curator/media.html
INGESTS = ("media.ingest", "image.ingest")  # image.ingest: queued before 0015 (museum.jobs.handlers)
JOB_KINDS = {"images": _l("Image"), "models": _l("3D model"), "audio": _l("Audio track")}  # else the folder
JOB_STATES = {"queued": _l("waiting"), "running": _l("processing"), "done": _l("done"), "dead": _l("failed")}


def _record(accession: str):
    record = repository.get_record(db.session, accession, published_only=False)
    if record is None:
        abort(404, description=_("There is no record %(accession)s.", accession=accession))
    return record


def _holdings(folder: str) -> Holdings:
    try:
        return media.holdings(folder)
    except KeyError:
        abort(404, description=_("There is no kind of media “%(folder)s”.", folder=folder))


def _page(accession: str, status: int = 200, form: str | None = None):
    record = _record(accession)
    held = {kind.name: media.holdings(kind).list(db.session, accession) for kind in media.registered()}
    others = [(kind, held[kind.name]) for kind in media.registered() if kind.name not in OWN_SECTIONS]
    return render_template(
        "curator/media.html", record=record, images=held["image"], models=held["model3d"],
        tracks=held["audio"], others=others, languages=LANGUAGES, autonyms=AUTONYMS, failed_form=form,
        jobs=record_jobs(accession), job_states=JOB_STATES, job_kinds=JOB_KINDS), status


class Upload:
    """An uploaded file in a private temporary folder, under its own (sanitised) name: the kinds sniff the
    content, and a name like ``2002.0031-2.tif`` still reads well in messages."""

    def __init__(self, storage: FileStorage | None, field: str):
        if storage is None or not storage.filename:
            raise MuseumError(f"{field}: choose a file to upload", code="no_file")
        self.folder = Path(tempfile.mkdtemp(prefix="upload-", dir=_upload_root()))
        self.path = self.folder / (secure_filename(storage.filename) or "upload")
        storage.save(self.path)
        if self.path.stat().st_size == 0:
            self.close()
            raise MuseumError(f"{field}: {storage.filename} is empty", code="empty_file",
                              file=storage.filename)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Path:
        return self.path

    def __exit__(self, *_exc) -> None:
        self.close()


def _upload_root() -> Path:
    root = Path(current_app.instance_path) / "tmp" / "uploads"
    root.mkdir(parents=True, exist_ok=True)
    return root


def _uploads(stack: ExitStack, noun: str) -> tuple[Path, dict[str, Path]]:
    """The main file (``file``) and every other file of the form (a transcript ...), each in its own folder
    until ``stack`` closes."""
    path = stack.enter_context(Upload(request.files.get("file"), noun))
    others = {name: stack.enter_context(Upload(upload, name)) for name, upload in request.files.items()
              if name != "file" and upload.filename}
    return path, others


@bp.route("/media")
@require_role(*READERS)
def media_overview():
    """Records with media: how many images, 3D models and audio tracks each has, linked to its media page."""
    counts: dict[int, dict[str, int]] = {}
    for name, model in (("images", ObjectImage), ("models", ObjectModel), ("audio", AudioTrack)):
        rows = db.session.execute(select(model.record_id, func.count()).where(model.record_id.is_not(None))
                                  .group_by(model.record_id)).all()
        for record_id, count in rows:
            counts.setdefault(record_id, {})[name] = count
    records = db.session.scalars(select(Record).where(Record.id.in_(list(counts)))
                                 .order_by(Record.accession_number)).all() if counts else []
    return render_template("curator/media_index.html", records=records, counts=counts)


@bp.route("/records/<path:accession>/media")
@require_role(*READERS)
def record_media(accession: str):
    _say_what_a_job_added(request.args.get("added"), accession)
    return _page(accession)


def _say_what_a_job_added(job_id: str | None, accession: str) -> None:
    """``?added=JOB`` (where the page goes when an upload's job is done): say what it added."""
    if not job_id:
        return
    try:
        job = job_queue().get(job_id)
    except Unavailable:
        return
    if job is None or job.status != "done" or job.payload.get("accession") != accession or not job.result:
        return
    if job.result.get("created"):
        flash(_("Added: %(names)s", names=job.result["identifier"]), "ok")
    else:
        flash(_("This file was already attached."), "ok")


@bp.route("/records/<path:accession>/media/<folder>", methods=["POST"])
@accepts_uploads
@require_role(*EDITORS)
def add_media(accession: str, folder: str):
    """Add the uploaded ``file`` to the record as an item of the kind whose folder is ``folder``."""
    _record(accession)
    holdings = _holdings(folder)
    noun = holdings.kind.noun
    if current_app.config["QUEUE_UPLOADS"]:
        return _queue_upload(accession, holdings)
    try:
        with ExitStack() as stack:
            path, others = _uploads(stack, noun)
            with db.transaction() as session:
                added = holdings.add(session, accession, path, storage(),
                                     limits=holdings.limits(current_app.config),
                                     **holdings.form_options(request.form, others))
                created = [a for a in added if a.created]
                names = [holdings.describe(a.item) for a in created]
                warnings = [problems.notice_text(warning) for a in created for warning in a.warnings]
    except REFUSALS as error:
        flash(_refusal(error, noun), "error")
        return _page(accession, 422, holdings.kind.name)
    if not created:
        flash(_("This file was already attached."), "ok")
    elif warnings:
        flash(_("Added: %(names)s; but %(warnings)s", names=", ".join(names), warnings="; ".join(warnings)),
              "error")
    else:
        flash(_("Added: %(names)s", names=", ".join(names)), "ok")
    return redirect(url_for("curator.record_media", accession=accession))


def _queue_upload(accession: str, holdings: Holdings):
    """The upload answered at once: checked from its header and its form (a refusal is immediate, as
    before), staged in the media storage with the form's other files, and left to a worker (the
    ``media.ingest`` job); 202 with the job's link, the media page showing its progress."""
    try:
        with ExitStack() as stack:
            path, others = _uploads(stack, holdings.kind.noun)
            holdings.kind.check(path, holdings.limits(current_app.config))
            form = {name: value for name, value in request.form.items() if name != "csrf_token"}
            options = holdings.form_options(form, others)
            holdings.check_options(options)
            sha = sha256_of(path)
            if holdings.attached(db.session, accession, sha, options) is not None:
                flash(_("This file was already attached."), "ok")
                return redirect(url_for("curator.record_media", accession=accession))
            # one staging place per (file, kind, record): the same upload twice is one job (its idempotency
            # key), the same file for two records two jobs that do not take each other's file away
            folder = f"uploads/{sha}/{holdings.kind.folder}/{secure_filename(accession) or 'record'}"
            key = f"{folder}/{path.name}"
            files = {field: {"key": f"{folder}/{field}/{other.name}", "name": other.name}
                     for field, other in others.items()}
            _stage({key: path} | {files[field]["key"]: other for field, other in others.items()})
    except REFUSALS as error:
        flash(_refusal(error, holdings.kind.noun), "error")
        return _page(accession, 422, holdings.kind.name)
    job = job_queue().enqueue("media.ingest", {
        "folder": holdings.kind.folder, "accession": accession, "key": key, "name": path.name, "sha256": sha,
        "form": form, "files": files, "actor": audit.actor_of(db.session)},
        key=f"media:{holdings.kind.name}:{accession}:{sha}")
    flash(_("%(file)s is being processed: its progress is shown below.", file=path.name), "ok")
    body, status = _page(accession, 202)
    return body, status, {"Location": url_for("curator.job", job_id=job.id),
                          "Link": f'<{url_for("curator.job", job_id=job.id)}>; rel="monitor"'}


def _stage(files: dict[str, Path]) -> None:
    """Move each file into the media storage under its key; all or none (a store failing half way takes
    back what it had staged)."""
    staged = []
    try:
        for key, path in files.items():
            storage().put(key, path, move=True)
            staged.append(key)
    except BaseException:
        for key in staged:
            storage().delete(key)
        raise


def record_jobs(accession: str, limit: int = 200) -> list:
    """This record's uploads still waiting, being processed or failed (the newest jobs first)."""
    try:
        jobs = job_queue().list(limit=limit)
    except Unavailable:  # the queue's server is down: the page still shows what the record holds
        return []
    return [job for job in jobs
            if job.kind in INGESTS and job.payload.get("accession") == accession
            and job.status != "done"]


@bp.route("/jobs/<job_id>")
@require_role(*READERS)
def job(job_id: str):
    """One job as JSON: its state and progress (the media page polls it)."""
    found = job_queue().get(job_id)
    if found is None:
        abort(404, description=_("There is no job %(job)s.", job=job_id))
    data = found.as_dict()
    data["status_label"] = str(JOB_STATES[found.status])
    return jsonify(data)


def _refusal(error: Exception, noun: str) -> str:
    """A refused upload in the curator's language, naming the file (the main one first)."""
    if isinstance(error, MuseumError) and error.code not in problems.UPLOADS:
        return problems.error_text(error)
    uploads = sorted(request.files.items(), key=lambda item: item[0] != "file")
    originals = [upload.filename for _name, upload in uploads if upload.filename]
    names = [secure_filename(name) or name for name in originals]
    return problems.upload_problem(error, names + originals, noun)


@bp.route("/records/<path:accession>/media/images/<name>/rights", methods=["POST"])
@require_role(*PUBLISHERS)
def image_rights(accession: str, name: str):
    """Set the rights statement of the record's image ``name`` (audited: ``object_images`` is tracked)."""
    from museum.catalogue import rights
    from museum.catalogue.images import IMAGES, set_rights

    _record(accession)
    statement = rights.resolve(request.form.get("rights", ""))
    if statement is None:
        flash(_("Choose a rights statement from the list."), "error")
        return redirect(url_for("curator.record_media", accession=accession), 303)
    with db.transaction() as session:
        if IMAGES.find(session, accession, name) is None:
            abort(404)
        set_rights(session, name, statement.key)
    flash(_("%(name)s: %(statement)s", name=name, statement=statement.name(g.lang)), "ok")
    return redirect(url_for("curator.record_media", accession=accession), 303)


@bp.route("/records/<path:accession>/media/<folder>/<name>/remove", methods=["POST"])
@require_role(*PUBLISHERS)
def remove_media(accession: str, folder: str, name: str):
    """Remove the record's item ``name`` (an image's identifier, a model's or a track's number)."""
    _record(accession)
    holdings = _holdings(folder)
    with db.transaction() as session:
        item = holdings.find(session, accession, name)
        if item is None:
            abort(404)
        holdings.remove(session, item, storage())  # its files go once the rows are gone
    flash(_("%(name)s removed.", name=name), "ok")
    return redirect(url_for("curator.record_media", accession=accession))
