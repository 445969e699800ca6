"""OAI-PMH 2.0 at ``/oai``: published records as ``oai_dc``, galleries as sets, signed resumption tokens.

Identifiers are ``oai:<OAI_REPOSITORY_IDENTIFIER>:<accession number>``. Unpublished records never
appear; the repository keeps no record of deletions (``deletedRecord`` is ``no``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

from flask import Blueprint, Flask, Response, current_app, request

from museum.catalogue import repository
from museum.extensions import db
from museum.oai import records
from museum.oai.protocol import OAIError, Request, format_datestamp, make_token, parse, time_range
from museum.open_data import MUSEUM_NAME, external_url

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
for _prefix, _uri in (("", OAI_NS), ("oai_dc", records.OAI_DC_NS), ("dc", records.DC_NS),
                      ("xsi", records.XSI_NS)):
    register_namespace(_prefix, _uri)

bp = Blueprint("oai", __name__)


def _q(name: str) -> str:
    return f"{{{OAI_NS}}}{name}"


def _add(parent: Element, name: str, text: str | None = None, **attributes) -> Element:
    element = SubElement(parent, _q(name), {k: v for k, v in attributes.items() if v is not None})
    if text is not None:
        element.text = text
    return element


def identifier_of(accession: str) -> str:
    return f"oai:{current_app.config['OAI_REPOSITORY_IDENTIFIER']}:{accession}"


def accession_of(identifier: str) -> str | None:
    prefix = f"oai:{current_app.config['OAI_REPOSITORY_IDENTIFIER']}:"
    if identifier.startswith(prefix) and len(identifier) > len(prefix):
        return identifier[len(prefix):]
    return None


@bp.route("/oai", methods=["GET", "POST"])
def endpoint():
    source = request.form if request.method == "POST" else request.args
    values = {name: source.getlist(name) for name in source.keys()}
    base = external_url("oai.endpoint")
    root = Element(_q("OAI-PMH"))
    root.set(f"{{{records.XSI_NS}}}schemaLocation", f"{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    _add(root, "responseDate", format_datestamp(datetime.now(UTC)))
    request_element = _add(root, "request", base)
    try:
        parsed = parse(values, current_app.config["SECRET_KEY"])
        for name, given in values.items():
            request_element.set(name, given[0])
        HANDLERS[parsed.verb](root, parsed)
    except OAIError as error:
        _add(root, "error", error.message, code=error.code)
    declaration = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    body = declaration + tostring(root, encoding="utf-8", xml_declaration=False)
    return Response(body, content_type="text/xml; charset=utf-8")


def _identify(root: Element, _request: Request) -> None:
    element = _add(root, "Identify")
    _add(element, "repositoryName", f"{MUSEUM_NAME['zh']} {MUSEUM_NAME['en']}")
    _add(element, "baseURL", external_url("oai.endpoint"))
    _add(element, "protocolVersion", "2.0")
    _add(element, "adminEmail", current_app.config["OAI_ADMIN_EMAIL"])
    _add(element, "earliestDatestamp", format_datestamp(records.earliest_datestamp(db.session)))
    _add(element, "deletedRecord", "no")
    _add(element, "granularity", "YYYY-MM-DDThh:mm:ssZ")


def _find(identifier: str):
    accession = accession_of(identifier)
    record = repository.get_record(db.session, accession) if accession else None
    if record is None:
        raise OAIError("idDoesNotExist", f"no published record has the identifier {identifier[:120]!r}")
    return record


def _list_metadata_formats(root: Element, req: Request) -> None:
    if "identifier" in req.args:
        _find(req.args["identifier"])
    element = _add(root, "ListMetadataFormats")
    for prefix, (schema, namespace) in records.METADATA_FORMATS.items():
        fmt = _add(element, "metadataFormat")
        _add(fmt, "metadataPrefix", prefix)
        _add(fmt, "schema", schema)
        _add(fmt, "metadataNamespace", namespace)


def _list_sets(root: Element, _request: Request) -> None:
    galleries = repository.list_galleries(db.session)
    if not galleries:
        raise OAIError("noSetHierarchy", "this repository has no galleries to use as sets")
    element = _add(root, "ListSets")
    for gallery in galleries:
        item = _add(element, "set")
        _add(item, "setSpec", gallery.slug)
        _add(item, "setName", gallery.label("zh"))
        _add(item, "setDescription").append(records.set_description(gallery))


def _check_prefix(prefix: str) -> None:
    if prefix not in records.METADATA_FORMATS:
        raise OAIError("cannotDisseminateFormat",
                       f"metadataPrefix {prefix[:40]!r} is not supported; use oai_dc")


def _header(parent: Element, record) -> None:
    header = _add(parent, "header")
    _add(header, "identifier", identifier_of(record.accession_number))
    _add(header, "datestamp", format_datestamp(record.updated_at))
    if record.gallery is not None:
        _add(header, "setSpec", record.gallery.slug)


def _record(parent: Element, record) -> None:
    element = _add(parent, "record")
    _header(element, record)
    _add(element, "metadata").append(records.oai_dc(record))


def _get_record(root: Element, req: Request) -> None:
    _check_prefix(req.args["metadataPrefix"])
    record = _find(req.args["identifier"])
    _record(_add(root, "GetRecord"), record)


def _list(root: Element, req: Request) -> None:
    _check_prefix(req.args["metadataPrefix"])
    gallery = None
    if "set" in req.args:
        gallery = repository.get_gallery(db.session, req.args["set"])
        if gallery is None:
            raise OAIError("noRecordsMatch", f"there is no set {req.args['set'][:80]!r}")
    start, end = time_range(req.args)
    query = records.published_query(gallery=gallery, start=start, end=end)
    size = current_app.config["OAI_PAGE_SIZE"]
    found, total, more = records.page(db.session, query, after=req.after, size=size)
    if not found:
        if req.after is not None:
            raise OAIError("badResumptionToken", "the resumption token points past the end of the list")
        raise OAIError("noRecordsMatch", "no published records match the request")
    element = _add(root, req.verb)
    for record in found:
        (_header if req.verb == "ListIdentifiers" else _record)(element, record)
    if more or req.after is not None:
        cursor = str(req.cursor)
        token = (make_token(req.verb, req.args, found[-1].accession_number, req.cursor + len(found),
                            current_app.config["SECRET_KEY"]) if more else None)
        _add(element, "resumptionToken", token, completeListSize=str(total), cursor=cursor)


HANDLERS = {"Identify": _identify, "ListMetadataFormats": _list_metadata_formats, "ListSets": _list_sets,
            "GetRecord": _get_record, "ListIdentifiers": _list, "ListRecords": _list}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
