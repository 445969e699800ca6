"""The public search page (``/<lang>/search``): results as image cards, facets and the year range in a
drawer (a ``<details>``: closed on phones, so the results come first; always open on wide screens),
highlights, paging and "did you mean", in all six languages (its words are in the message catalogues).
Same parameters and engine as ``GET /api/v1/search``."""

from __future__ import annotations

from flask import g, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from museum import browse
from museum.catalogue.models import Gallery
from museum.catalogue.search_service import get_service
from museum.exceptions import BadParameter
from museum.extensions import db
from museum.public import bp
from museum.schemas import load_query
from museum.search_query import PageFilterQuery, filters
from search.query import MAX_WINDOW, SearchRequest
from search.related import suggest

PAGE_SIZE = 20
MAX_SUGGESTIONS = 6  # searches tried for a query with no hits (each is one small engine query)
YEAR_PARAMETERS = ("from", "from_era", "to", "to_era", "year_from", "year_to")
FILTER_PARAMETERS = ("category", "period", "gallery", "from", "to", "year_from", "year_to", "has_3d")


def _page() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdecimal() or not 1 <= int(raw) <= MAX_WINDOW // PAGE_SIZE:
        raise BadParameter(f"page must be a whole number from 1 to {MAX_WINDOW // PAGE_SIZE}")
    return int(raw)


def _url(**changes) -> str:
    """This page's URL with some parameters changed (None removes one); paging starts again."""
    args = {k: v for k, v in request.args.items() if k not in ("page", "cursor")}
    args.update(changes)
    return url_for("public.search", **{k: v for k, v in args.items() if v not in (None, "")})


@bp.route("/<lang>/search")
def search():
    lang = g.get("lang", "zh")
    args, year_problem = _checked_years()
    query = load_query(PageFilterQuery(), args)
    q, chosen = query["q"], filters(query)
    cursor = request.args.get("cursor") or None
    result = get_service().search(SearchRequest(q=q, lang=lang, page=_page(), size=PAGE_SIZE, filters=chosen,
                                                cursor=cursor))
    gallery_names = {gallery.slug: gallery.label(lang) for gallery in db.session.scalars(select(Gallery))}
    active = sum(1 for p in FILTER_PARAMETERS if args.get(p))
    cards = browse.cards_by_accession(hit.accession_number for hit in result.hits)
    help_ = _no_results_help(q, lang, gallery_names) if result.total == 0 and q.strip() else None
    return render_template("public/search.html", q=q, result=result, filters=chosen, cards=cards,
                           gallery_names=gallery_names, url=_url, active=active, page_size=PAGE_SIZE,
                           no_results=help_, years=_years_shown(chosen), year_problem=year_problem,
                           indexable=_indexable(q, result.total))


INDEXABLE_QUERY = 40  # characters: a term, a name or an accession number; longer text is a visitor's sentence


def _indexable(q: str, total: int) -> bool:
    """Whether a search engine may index this page: the search page itself and a single term's results
    (``?q=青铜`` — what the glossary's related-term links lead to, a topic page) are; filtered, paged, cursor
    or year combinations (an endless space of URLs) and pages with no results (soft 404s) are not."""
    if set(request.args) - {"q"}:
        return False
    return not q.strip() or (len(q) <= INDEXABLE_QUERY and total > 0)


def _checked_years():
    """The request's parameters, and a message in the reader's language if its years cannot be used: the
    search then runs without them (the reader's other choices and typed years are kept on the page)."""
    given = {key for key in YEAR_PARAMETERS if request.args.get(key, "").strip()}
    if not given:
        return request.args, None
    years_only = MultiDict([(key, request.args[key]) for key in given])
    try:
        load_query(PageFilterQuery(), years_only)
        return request.args, None
    except BadParameter as error:
        message = (_("The first year is after the last year.") if "first year is after" in str(error) else
                   _("A year is a whole number from 1 (there is no year 0), then its era: BC or AD."))
        rest = MultiDict([(k, v) for k, v in request.args.items(multi=True) if k not in YEAR_PARAMETERS])
        return rest, message


def _years_shown(chosen) -> dict:
    """The year fields as the reader writes them (300 and BC), from the signed years of the filters or,
    when those were refused, from what was typed."""
    shown = {}
    for side, signed in (("from", chosen.year_from), ("to", chosen.year_to)):
        if signed is not None:
            shown[side], shown[f"{side}_era"] = str(abs(signed)), "bce" if signed < 0 else "ce"
        else:
            shown[side] = request.args.get(side, "")
            shown[f"{side}_era"] = request.args.get(f"{side}_era", "ce")
    return shown


def _no_results_help(q: str, lang: str, gallery_names: dict) -> dict:
    """For a search that found nothing: spelling/pinyin suggestions and related glossary terms that do find
    objects (with their counts, over the whole collection), and the galleries where those objects are."""
    service, offered, galleries = get_service(), [], {}
    for suggestion in suggest(q, lang, limit=MAX_SUGGESTIONS):
        found = service.search(SearchRequest(q=suggestion.term, lang=lang, size=1))
        if not found.total:
            continue
        offered.append((suggestion, found.total))
        for bucket in (found.facets or {}).get("gallery", []):
            galleries[bucket["value"]] = galleries.get(bucket["value"], 0) + bucket["count"]
    ranked = sorted(galleries, key=lambda slug: -galleries[slug])
    return {"suggestions": offered,
            "galleries": [(slug, gallery_names[slug]) for slug in ranked if slug in gallery_names][:4],
            "all_galleries": not ranked}
