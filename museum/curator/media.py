"""Media of a record in the browser: images (IIIF), 3D models and audio tracks, added and removed through
the same pipelines as ``museum image|model3d|audio add`` (content checked, limits enforced, nothing kept
from a refused file).

Readers see the media; curators and editors add them; curators remove them.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from assets.audio.exceptions import AudioError
from assets.images.exceptions import ImageError
from assets.models.exceptions import ModelError
from languages import AUTONYMS, LANGUAGES
from museum.auth import require_role
from museum.catalogue import audio as audio_store
from museum.catalogue import images as image_store
from museum.catalogue import models3d as model_store
from museum.catalogue import repository
from museum.catalogue.accounts import EDITORS, PUBLISHERS, READERS
from museum.curator import bp
from museum.exceptions import MuseumError
from museum.extensions import db
from museum.request_limits import accepts_uploads

REFUSALS = (ImageError, ModelError, AudioError, MuseumError)


def _record(accession: str):
    record = repository.get_record(db.session, accession, published_only=False)
    if record is None:
        abort(404, description=f"no record {accession!r}")
    return record


def _page(accession: str, status: int = 200, form: str | None = None):
    record = _record(accession)
    return render_template(
        "curator/media.html", record=record, images=image_store.images_of(db.session, record),
        models=model_store.models_of(db.session, accession), tracks=audio_store.tracks_for(db.session, accession),
        languages=LANGUAGES, autonyms=AUTONYMS, failed_form=form), status


class Upload:
    """The uploaded file in a private temporary folder, under its own (sanitised) name: the pipelines
    sniff the content, and a name like ``2002.0031-2.tif`` still reads well in messages."""

    def __init__(self, storage: FileStorage | None, field: str):
        if storage is None or not storage.filename:
            raise MuseumError(f"{field}: choose a file to upload")
        self.folder = Path(tempfile.mkdtemp(prefix="upload-", dir=_upload_root()))
        self.path = self.folder / (secure_filename(storage.filename) or "upload")
        storage.save(self.path)
        if self.path.stat().st_size == 0:
            self.close()
            raise MuseumError(f"{field}: {storage.filename} is empty")

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


def _refused(accession: str, form: str, error: Exception):
    flash(f"{form}: {error}", "error")
    return _page(accession, 422, form)


@bp.route("/records/<path:accession>/media")
@require_role(*READERS)
def record_media(accession: str):
    return _page(accession)


@bp.route("/records/<path:accession>/media/images", methods=["POST"])
@accepts_uploads
@require_role(*EDITORS)
def add_image(accession: str):
    record = _record(accession)
    captions = {lang: request.form.get(f"caption_{lang}", "").strip() for lang in LANGUAGES}
    captions = {lang: text[:500] for lang, text in captions.items() if text}
    try:
        with Upload(request.files.get("file"), "image") as path, db.transaction() as session:
            record = session.merge(record)
            attached = image_store.attach_file(session, record, path, current_app.config["MEDIA_ROOT"],
                                               limits=image_store.ingest_limits(current_app.config),
                                               captions=captions, rights=request.form.get("rights") or None)
            names = [a.image.identifier for a in attached if a.created]
    except REFUSALS as error:
        return _refused(accession, "image", error)
    flash(f"image added: {', '.join(names)}" if names else "this image was already attached", "ok")
    return redirect(url_for("curator.record_media", accession=accession))


@bp.route("/records/<path:accession>/media/models", methods=["POST"])
@accepts_uploads
@require_role(*EDITORS)
def add_model(accession: str):
    _record(accession)
    units, up = request.form.get("units", "m"), request.form.get("up", "y")
    if units not in ("mm", "cm", "m") or up not in ("y", "z"):
        return _refused(accession, "model", MuseumError("units must be mm, cm or m and up y or z"))
    try:
        with Upload(request.files.get("file"), "model") as path, db.transaction() as session:
            model, created = model_store.add_model(session, accession, path, current_app.config["MEDIA_ROOT"],
                                                   units=units, up=up,
                                                   limits=model_store.model_limits(current_app.config))
            check = model.crosscheck
    except REFUSALS as error:
        return _refused(accession, "model", error)
    if not created:
        flash("this model was already attached", "ok")
    elif check.get("mismatch"):
        flash(f"model added, but its size does not match the catalogue: {check.get('message')}", "error")
    else:
        flash("model added", "ok")
    return redirect(url_for("curator.record_media", accession=accession))


@bp.route("/records/<path:accession>/media/audio", methods=["POST"])
@accepts_uploads
@require_role(*EDITORS)
def add_audio(accession: str):
    _record(accession)
    language, kind = request.form.get("lang", ""), request.form.get("kind", "guide")
    transcript = request.files.get("transcript")
    try:
        with Upload(request.files.get("file"), "audio") as path:
            script = Upload(transcript, "transcript") if transcript and transcript.filename else None
            try:
                with db.transaction() as session:
                    track = audio_store.add_track(session, accession, path, language,
                                                  current_app.config["MEDIA_ROOT"],
                                                  transcript=script.path if script else None, kind=kind,
                                                  title=request.form.get("title", "").strip()[:300] or None)
                    summary = f"{track.language} {track.duration:.1f} s, {track.loudness_lufs:.1f} LUFS"
            finally:
                if script:
                    script.close()
    except REFUSALS as error:
        return _refused(accession, "audio", error)
    flash(f"audio added: {summary}", "ok")
    return redirect(url_for("curator.record_media", accession=accession))


@bp.route("/records/<path:accession>/media/images/<identifier>/remove", methods=["POST"])
@require_role(*PUBLISHERS)
def remove_image(accession: str, identifier: str):
    record = _record(accession)
    image = image_store.image_by_identifier(db.session, identifier)
    if image is None or image.record_id != record.id:
        abort(404)
    with db.transaction() as session:
        files = image_store.remove_image(session, session.merge(image))
    _delete_files(Path(current_app.config["MEDIA_ROOT"]), files)
    flash(f"image {identifier} removed", "ok")
    return redirect(url_for("curator.record_media", accession=accession))


@bp.route("/records/<path:accession>/media/models/<int:model_id>/remove", methods=["POST"])
@require_role(*PUBLISHERS)
def remove_model(accession: str, model_id: int):
    model = next((m for m in model_store.models_of(db.session, accession) if m.id == model_id), None)
    if model is None:
        abort(404)
    with db.transaction() as session:
        names = model_store.remove_model(session, session.merge(model))
    _delete_files(Path(current_app.config["MEDIA_ROOT"]) / "models", names)
    flash(f"model {model_id} removed", "ok")
    return redirect(url_for("curator.record_media", accession=accession))


@bp.route("/records/<path:accession>/media/audio/<int:track_id>/remove", methods=["POST"])
@require_role(*PUBLISHERS)
def remove_audio(accession: str, track_id: int):
    track = next((t for t in audio_store.tracks_for(db.session, accession) if t.id == track_id), None)
    if track is None:
        abort(404)
    with db.transaction() as session:
        folder = audio_store.remove_track(session, session.merge(track))
    shutil.rmtree(Path(current_app.config["MEDIA_ROOT"]) / "audio" / folder, ignore_errors=True)
    flash(f"audio track {track_id} removed", "ok")
    return redirect(url_for("curator.record_media", accession=accession))


def _delete_files(root: Path, names: list[str]) -> None:
    for name in names:
        path = (root / name).resolve()
        if root.resolve() in path.parents:
            path.unlink(missing_ok=True)
