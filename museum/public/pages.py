"""Home (galleries), gallery (its objects, paged) and object pages."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from languages import URL_SEGMENTS
from museum import browse
from museum.catalogue import repository
from museum.extensions import current_language, db
from museum.public import bp

MAX_PAGE = 1_000_000  # far beyond any gallery; keeps the offset within the database's integers


@bp.app_context_processor
def _site_counts():
    """The footer's facts: what this instance holds (not the museum's whole collection)."""
    def site_counts() -> browse.SiteCounts | None:
        try:
            return browse.site_counts()
        except SQLAlchemyError:  # an error page about the database itself still renders
            return None
    return {"site_counts": site_counts}


@bp.route("/")
def root():
    """Send the visitor to their language (Accept-Language; default Chinese)."""
    response = redirect(url_for("public.home", lang=URL_SEGMENTS[current_language()]), code=302)
    response.headers["Vary"] = "Accept-Language"
    return response


@bp.route("/<lang>/")
def home():
    session = db.session
    galleries = repository.list_galleries(session)
    counts = repository.gallery_counts(session)
    return render_template("public/home.html", galleries=galleries, counts=counts, featured=browse.featured(),
                           covers=browse.gallery_covers(galleries), objects_3d=browse.with_3d(),
                           recent=browse.recently_published())


@bp.route("/<lang>/galleries/<slug>")
def gallery(slug: str):
    session = db.session
    found = repository.get_gallery(session, slug)
    if found is None:
        abort(404)
    page = request.args.get("page", "1")
    if not page.isdecimal() or not 1 <= int(page) <= MAX_PAGE:
        abort(400, f"page must be a whole number from 1 to {MAX_PAGE:,}")
    size = current_app.config["GALLERY_PAGE_SIZE"]
    results = repository.list_records(session, page=int(page), size=size, gallery=found)
    if int(page) > results.pages:
        abort(404)
    return render_template("public/gallery.html", gallery=found, results=results,
                           cards=browse.cards(results.items))


@bp.route("/<lang>/objects/<accession>")
def record(accession: str):
    found = repository.get_record(db.session, accession)
    if found is None:
        abort(404)
    return render_template("public/object.html", record=found)


@bp.route("/<lang>/objects/<accession>/request", methods=["GET", "POST"])
def access_request(accession: str):
    """Ask the museum for an image its rights keep from download (museum/catalogue/access_requests.py)."""
    from flask import g

    from museum.catalogue import access_requests
    from museum.catalogue.images import IMAGES

    found = repository.get_record(db.session, accession)
    if found is None:
        abort(404)
    images = IMAGES.of(db.session, found)
    item = request.values.get("item") or (images[0].identifier if images else "")
    if item not in {image.identifier for image in images}:
        abort(404)
    form = {key: request.form.get(key, "") for key in ("name", "email", "purpose")}
    wrong: list[str] = []
    if request.method == "POST":
        wrong = access_requests.problems(**form)
        if not wrong:
            with db.transaction() as session:
                access_requests.add(session, accession, item, language=g.lang, **form)
            return render_template("public/request.html", record=found, item=item, sent=True, form={},
                                   wrong=[])
    return render_template("public/request.html", record=found, item=item, sent=False, form=form,
                           wrong=wrong), 422 if wrong else 200


def _open_web_model(accession: str, refused: str) -> bytes:
    """The web level of the object's first 3D model, when its rights open downloads (404 without one, 403
    with ``refused`` when the rights keep it)."""
    from museum.catalogue import models3d as store
    from museum.catalogue import rights
    from museum.media import storage

    found = repository.get_record(db.session, accession)
    models = store.MODELS.list(db.session, accession) if found is not None else []
    web = models[0].file("web") if models else None
    if web is None:
        abort(404)
    if not rights.for_item(models[0].rights, found.licence).open:
        abort(403, description=refused)
    with storage().open(store.PREFIX + web.name) as stream:
        return stream.read()


def _download(data: bytes, mimetype: str, filename: str):
    from flask import Response

    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


@bp.route("/<lang>/objects/<accession>/model.glb")
def model_download(accession: str):
    """The object's first 3D model as a plain GLB any glTF tool opens (the page's viewer loads the smaller
    quantized, meshopt-compressed level), when its rights open downloads."""
    from assets.models.webglb import plain_glb

    glb = _open_web_model(accession, _("The rights of this model do not allow a download."))
    return _download(plain_glb(glb), "model/gltf-binary", f"{accession}.glb")


@bp.route("/<lang>/objects/<accession>/print.stl")
def model_print(accession: str):
    """The object's first 3D model for a 3D printer (STL, millimetres, on a base plate), when its rights
    open downloads; none for restricted models (assets/models/printing.py)."""
    from assets.models.exceptions import DerivativeFailed
    from assets.models.printing import print_stl

    glb = _open_web_model(accession, _("The rights of this model do not allow a 3D print."))
    try:
        data, _mesh = print_stl(glb)
    except DerivativeFailed:
        abort(422, description=_("This model is not closed, so no 3D print can be made of it."))
    return _download(data, "model/stl", f"{accession}.stl")
