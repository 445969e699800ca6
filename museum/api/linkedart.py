"""Linked Art JSON-LD of an object at ``/api/v1/objects/<accession>.jsonld`` (a HumanMadeObject).

Types and units are Getty AAT terms as the Linked Art model uses them; the catalogue's category, period
and material have no AAT mapping yet, so they are given as labelled types and statements.
"""

from __future__ import annotations

import json

from flask import Response
from marshmallow import fields, validate

from languages import BCP47, LANGUAGES
from museum.api.contract import bp, errors, json_schema, uri
from museum.catalogue import repository, rights, vocabulary
from museum.catalogue.images import IMAGES
from museum.exceptions import NotFound
from museum.extensions import db
from museum.open_data import MUSEUM_NAME, external_url, iso_year, linked_art_url, object_page_url
from museum.schemas import Schema

CONTEXT = "https://linked.art/ns/v1/linked-art.json"
MEDIA_TYPE = f'application/ld+json;profile="{CONTEXT}"'
AAT = "http://vocab.getty.edu/aat/"


def _aat(number: str, label: str, kind: str = "Type") -> dict:
    return {"id": AAT + number, "type": kind, "_label": label}


PRIMARY_NAME = _aat("300404670", "Primary Name")
ACCESSION_NUMBER = _aat("300312355", "Accession Number")
DESCRIPTION = _aat("300435416", "Description")
MATERIAL_STATEMENT = _aat("300435429", "Material Statement")
DIMENSION_STATEMENT = _aat("300435430", "Dimensions Description")
BRIEF_TEXT = _aat("300418049", "Brief Text")
WEB_PAGE = _aat("300264578", "Web Page")
# BCP 47 tag -> AAT language
LANGUAGE_TERMS = {"zh-Hans": _aat("300388113", "Chinese", "Language"),
                  "zh-Hant": _aat("300388113", "Chinese", "Language"),
                  "en": _aat("300388277", "English", "Language"),
                  "ja": _aat("300388486", "Japanese", "Language"),
                  "ko": _aat("300388633", "Korean", "Language"),
                  "fr": _aat("300388306", "French", "Language")}
DIMENSIONS = {"height_cm": _aat("300055644", "Height"), "width_cm": _aat("300055647", "Width"),
              "depth_cm": _aat("300072633", "Depth"), "diameter_cm": _aat("300055624", "Diameter")}
CENTIMETRES = _aat("300379098", "centimeters", "MeasurementUnit")
GRAMS = _aat("300379225", "grams", "MeasurementUnit")
WEIGHT = _aat("300056240", "Weight")


def _texts(values: dict | None, kind: str, classified_as: list[dict], **extra) -> list[dict]:
    out = []
    for lang in LANGUAGES:
        text = (values or {}).get(lang)
        if text:
            out.append({"type": kind, "content": text, "classified_as": classified_as,
                        "language": [LANGUAGE_TERMS[BCP47[lang]]], **extra})
    return out


def _timespan(record) -> dict | None:
    if record.start_year is None and record.end_year is None:
        return None
    span: dict = {"type": "TimeSpan"}
    if record.start_year is not None:
        span["begin_of_the_begin"] = f"{iso_year(record.start_year)}-01-01T00:00:00Z"
    if record.end_year is not None:
        span["end_of_the_end"] = f"{iso_year(record.end_year)}-12-31T23:59:59Z"
    period = vocabulary.by_key("period", record.period)
    label = vocabulary.format_years(record.start_year, record.end_year, "en")
    span["identified_by"] = [{"type": "Name", "content": period.name("en") if period else label}]
    span["_label"] = label
    return span


def linked_art(record) -> dict:
    accession = record.accession_number
    data = {"@context": CONTEXT, "id": linked_art_url(accession), "type": "HumanMadeObject",
            "_label": record.label("en"),
            "identified_by": _texts(record.title, "Name", [PRIMARY_NAME]) + [
                {"type": "Identifier", "content": accession, "classified_as": [ACCESSION_NUMBER]}]}
    category = vocabulary.by_key("category", record.category)
    if category:
        data["classified_as"] = [{"type": "Type", "_label": category.name("en")}]
    statements = _texts(record.description, "LinguisticObject", [DESCRIPTION])
    if record.material:
        material = vocabulary.label("material", record.material, "zh")[0]
        statements.append({"type": "LinguisticObject", "content": material,
                           "classified_as": [MATERIAL_STATEMENT],
                           "language": [LANGUAGE_TERMS["zh-Hans"]]})
    if record.dimensions_text:
        statements.append({"type": "LinguisticObject", "content": record.dimensions_text,
                           "classified_as": [DIMENSION_STATEMENT]})
    if statements:
        data["referred_to_by"] = statements
    dimensions = [{"type": "Dimension", "value": getattr(record, name), "unit": CENTIMETRES,
                   "classified_as": [term]}
                  for name, term in DIMENSIONS.items() if getattr(record, name) is not None]
    if record.weight_g is not None:
        dimensions.append({"type": "Dimension", "value": record.weight_g, "unit": GRAMS,
                           "classified_as": [WEIGHT]})
    if dimensions:
        data["dimension"] = dimensions
    timespan = _timespan(record)
    if timespan or record.find_site:
        production: dict = {"type": "Production"}
        if timespan:
            production["timespan"] = timespan
        if record.find_site:
            site = vocabulary.label("place", record.find_site, "zh")[0]
            production["referred_to_by"] = [{"type": "LinguisticObject", "content": f"出土地点：{site}",
                                             "language": [LANGUAGE_TERMS["zh-Hans"]]}]
        data["produced_by"] = production
    owner = {"type": "Group", "_label": MUSEUM_NAME["en"],
             "identified_by": _texts(MUSEUM_NAME, "Name", [PRIMARY_NAME])}
    data["current_owner"] = [owner]
    if record.gallery is not None:
        data["current_location"] = {"type": "Place", "_label": record.gallery.label("en"),
                                    "identified_by": _texts(record.gallery.name, "Name", [PRIMARY_NAME])}
    data["subject_of"] = [{"type": "LinguisticObject", "_label": "Object page",
                           "digitally_carried_by": [{"type": "DigitalObject", "classified_as": [WEB_PAGE],
                                                     "format": "text/html",
                                                     "access_point": [{"id": object_page_url(accession, lang),
                                                                       "type": "DigitalObject"}]}],
                           "language": [LANGUAGE_TERMS[BCP47[lang]]]} for lang in LANGUAGES]
    if record.rights or record.licence:
        data["referred_to_by"] = data.get("referred_to_by", []) + [{
            "type": "LinguisticObject", "content": " ".join(p for p in (record.rights, record.licence) if p),
            "classified_as": [_aat("300435434", "Copyright/License Statement"), BRIEF_TEXT]}]
    images = IMAGES.of(db.session, record)
    if images:  # each image as a digital object subject to its own right (museum/catalogue/rights.py)
        data["representation"] = [
            {"type": "VisualItem", "digitally_shown_by": [
                _digital_image(image.identifier, rights.for_item(image.rights, record.licence))]}
            for image in images]
    return data


def _digital_image(identifier: str, statement: rights.Statement) -> dict:
    return {"type": "DigitalObject", "classified_as": [_aat("300215302", "Digital Image")],
            "access_point": [{"id": external_url("iiif.image_base", identifier=identifier),
                              "type": "DigitalObject"}],
            "subject_to": [_right(statement)]}


def _right(statement: rights.Statement) -> dict:
    """A Linked Art Right classified by its rightsstatements.org or Creative Commons URI."""
    return {"type": "Right", "_label": statement.name("en"),
            "classified_as": [{"id": statement.iiif_uri, "type": "Type", "_label": statement.name("en")}],
            "identified_by": [{"type": "Name", "content": statement.name("en")}]}


class Identification(Schema):
    type = fields.String(required=True, validate=validate.OneOf(["Name", "Identifier"]))
    content = fields.String(required=True)


class Dimension(Schema):
    type, unit = fields.String(required=True), fields.Dict(required=True)
    value = fields.Float(required=True)


class LinkedArtObject(Schema):
    context = fields.String(data_key="@context", required=True, metadata=json_schema(const=CONTEXT))
    id = uri(required=True)
    type = fields.String(required=True, metadata=json_schema(const="HumanMadeObject"))
    label = fields.String(data_key="_label", required=True)
    identified_by = fields.List(fields.Nested(Identification), required=True, validate=validate.Length(min=1))
    dimension = fields.List(fields.Nested(Dimension))


@bp.get("/objects/<accession>.jsonld", tags=["catalogue", "open data"])
@bp.doc(operationId="getObjectLinkedArt")
@bp.response(200, LinkedArtObject, content_type="application/ld+json", description="Linked Art JSON-LD")
@errors(404)
def linked_art_object(accession: str):
    """One published object as Linked Art JSON-LD

    A HumanMadeObject in the Linked Art model (https://linked.art/), with AAT types.
    """
    record = repository.get_record(db.session, accession)
    if record is None:
        raise NotFound(f"no published object with accession number {accession!r}")
    body = json.dumps(linked_art(record), ensure_ascii=False, indent=1)
    response = Response(body, content_type=MEDIA_TYPE)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
