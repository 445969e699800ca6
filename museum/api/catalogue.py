"""Objects and galleries."""

from __future__ import annotations

from flask import jsonify

from museum.api import bp, params
from museum.catalogue import repository, serialise
from museum.catalogue.vocabulary import URL_SEGMENTS
from museum.exceptions import BadParameter, NotFound
from museum.extensions import db
from museum.open_data import external_url


@bp.get("/objects")
def list_objects():
    page, size = params.paging()
    lang = params.language()
    category, period = params.term("category"), params.term("period")
    gallery = None
    from flask import request

    if request.args.get("gallery"):
        gallery = repository.get_gallery(db.session, request.args["gallery"])
        if gallery is None:
            raise BadParameter(f"gallery: unknown gallery {request.args['gallery'][:80]!r}")
    result = repository.list_records(db.session, page=page, size=size, category=category, period=period,
                                     gallery=gallery)
    return jsonify({
        "total": result.total,
        "page": page,
        "size": size,
        "items": [serialise.summary(r, lang, url=external_url("public.record", lang=URL_SEGMENTS[lang],
                                                              accession=r.accession_number))
                  for r in result.items],
    })


@bp.get("/objects/<accession>")
def get_object(accession: str):
    record = repository.get_record(db.session, accession)
    if record is None:
        raise NotFound(f"no published object with accession number {accession!r}")
    data = serialise.full(record)
    data["url"] = external_url("public.record", lang="zh", accession=accession)
    return jsonify(data)


@bp.get("/galleries")
def list_galleries():
    counts = repository.gallery_counts(db.session)
    return jsonify({"items": [serialise.gallery(g, counts.get(g.id, 0)) for g in repository.list_galleries(db.session)]})


@bp.get("/galleries/<slug>")
def get_gallery(slug: str):
    gallery = repository.get_gallery(db.session, slug)
    if gallery is None:
        raise NotFound(f"no gallery {slug!r}")
    counts = repository.gallery_counts(db.session)
    return jsonify(serialise.gallery(gallery, counts.get(gallery.id, 0)))
