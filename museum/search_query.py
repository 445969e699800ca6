"""The search request's text and filters, parsed once for ``GET /api/v1/search`` and the public search
page (``/<lang>/search``): same parameters, same checks, same 400s naming the parameter."""

from __future__ import annotations

from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from museum.schemas import SLUG, Schema, Term, Values
from search.planner import MAX_QUERY_CHARS
from search.query import Filters

MAX_VALUES = 20
MAX_YEAR = 9_999_999


def _query_length(q: str) -> str:
    if len(q) > MAX_QUERY_CHARS:
        raise ValidationError(f"is {len(q)} characters long; the limit is {MAX_QUERY_CHARS}")
    return q


def _year(description: str) -> fields.Integer:
    return fields.Integer(validate=validate.Range(-MAX_YEAR, MAX_YEAR), metadata={"description": description})


class Query(Schema):
    q = fields.String(load_default="", validate=_query_length, metadata={
        "maxLength": MAX_QUERY_CHARS,
        "description": "Free text in any of the six languages or pinyin, with no query syntax (empty: every "
        f"published record); longer than {MAX_QUERY_CHARS} characters is a 400"})


class FilterQuery(Query):
    category = Values(Term("category"), max_values=MAX_VALUES, metadata={
        "description": "Category keys (names in any language are also accepted; unknown ones are a 400); "
        f"repeat the parameter or separate values by commas, at most {MAX_VALUES} values"})
    period = Values(Term("period"), max_values=MAX_VALUES, metadata={
        "description": "Period keys (names in any language are also accepted; unknown ones are a 400); "
        f"repeat the parameter or separate values by commas, at most {MAX_VALUES} values"})
    gallery = Values(
        fields.String(validate=validate.Regexp(
            SLUG, error="{input!r} is not a gallery slug (lower-case letters, digits, '-')")),
        max_values=MAX_VALUES,
        metadata={"description": "Gallery slugs; repeat the parameter or separate values by commas, "
                                 f"at most {MAX_VALUES} values"})
    year_from = _year("Earliest year (negative for BCE); after year_to is a 400")
    year_to = _year("Latest year (negative for BCE)")
    has_3d = fields.Boolean(metadata={"description": "Only records with (true) or without (false) a 3D model "
                                      "(1/0, yes/no and on/off are accepted too; anything else is a 400)"})

    @validates_schema
    def _years_in_order(self, data: dict, **kwargs) -> None:
        if data.get("year_from") is not None and data.get("year_to") is not None \
                and data["year_from"] > data["year_to"]:
            raise ValidationError(f"is after year_to ({data['year_to']})", field_name="year_from")


ERAS = ("bce", "ce")


def _reader_year(description: str, key: str) -> fields.Integer:
    return fields.Integer(data_key=key, validate=validate.Range(1, MAX_YEAR),
                          metadata={"description": description})


def _era(description: str) -> fields.String:
    return fields.String(load_default="ce", validate=validate.OneOf(ERAS),
                         metadata={"description": description})


class PageFilterQuery(FilterQuery):
    """The public page's filters: years as the reader says them (``from=300&from_era=bce`` is 300 BC, there
    is no year 0), turned into the signed years of the API (``year_from=-300``), which the page also accepts
    so old links keep working; the reader's years win when both are given."""

    from_year = _reader_year("First year, counted in its era (1 or later)", "from")
    from_era = _era("The first year's era: bce or ce")
    to_year = _reader_year("Last year, counted in its era (1 or later)", "to")
    to_era = _era("The last year's era: bce or ce")

    @post_load
    def _signed_years(self, data: dict, **kwargs) -> dict:
        for year, era, signed in (("from_year", "from_era", "year_from"), ("to_year", "to_era", "year_to")):
            era_value = data.pop(era)
            if year in data:
                data[signed] = -data.pop(year) if era_value == "bce" else data.pop(year)
        if data.get("year_from") is not None and data.get("year_to") is not None \
                and data["year_from"] > data["year_to"]:
            raise ValidationError("the first year is after the last year", field_name="from")
        return data


def filters(query: dict) -> Filters:
    """The search filters of a parsed :class:`FilterQuery`."""
    return Filters(categories=tuple(dict.fromkeys(query.get("category", ()))),
                   periods=tuple(dict.fromkeys(query.get("period", ()))),
                   galleries=tuple(dict.fromkeys(query.get("gallery", ()))), year_from=query.get("year_from"),
                   year_to=query.get("year_to"), has_3d=query.get("has_3d"), published_only=True)
