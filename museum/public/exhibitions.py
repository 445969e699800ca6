"""Online exhibitions for visitors: the list (``/<lang>/exhibitions``), each exhibition
(``/<lang>/exhibitions/<slug>``, its published version only) and the Atom feed of new exhibitions and
newly published objects (``/<lang>/feed.atom``)."""

from __future__ import annotations

from flask import Response, abort, g, render_template
from sqlalchemy import select

from assets.images import cards
from languages import BCP47, OG_LOCALES, URL_SEGMENTS
from museum import exhibition_pages
from museum.catalogue import exhibitions
from museum.catalogue.models import Record
from museum.exceptions import NotFound
from museum.extensions import db
from museum.feeds import FeedEntry, atom_feed
from museum.i18n import plain
from museum.open_data import MUSEUM_NAME, external_url, object_page_url
from museum.public import bp
from museum.public.share_cards import exhibition_share_url

FEED_SIZE = 30


@bp.route("/<lang>/exhibitions")
def exhibitions_index():
    shown = exhibitions.published(db.session)
    covers = {e.id: exhibition_pages.cover_for(e.document) for e in shown}
    return render_template("public/exhibitions.html", exhibitions=shown, covers=covers)


@bp.route("/<lang>/exhibitions/<slug>")
def exhibition(slug: str):
    try:
        found = exhibitions.get(db.session, slug)
    except NotFound:
        abort(404)
    if found.status != exhibitions.PUBLISHED or not found.document:
        abort(404)
    return render_template("public/exhibition.html", exhibition=found, document=found.document,
                           blocks=exhibition_pages.blocks_for(found.document),
                           cover=exhibition_pages.cover_for(found.document), preview=False,
                           share=_sharing(found))


def _sharing(found) -> dict:
    """What the page's head announces: Open Graph and Twitter values, each channel's share image."""
    lang = g.get("lang", "zh")
    document = found.document
    title = plain(document.get("title"), lang) or found.slug
    return {"title": title, "description": (plain(document.get("summary"), lang) or title)[:300],
            "url": external_url("public.exhibition", lang=URL_SEGMENTS[lang], slug=found.slug),
            "site_name": MUSEUM_NAME[lang], "locale": OG_LOCALES[lang],
            "published": found.first_published_at, "updated": found.published_at,
            "images": {channel: (exhibition_share_url(found.slug, channel, lang), size)
                       for channel, size in cards.CHANNELS.items()}}


@bp.route("/<lang>/feed.atom")
def feed():
    lang = g.get("lang", "zh")
    entries = []
    for shown in exhibitions.published(db.session, FEED_SIZE):
        url = external_url("public.exhibition", lang=URL_SEGMENTS[lang], slug=shown.slug)
        entries.append(FeedEntry(id=url, url=url, title=plain(shown.document["title"], lang) or shown.slug,
                                 summary=plain(shown.document.get("summary"), lang), category="exhibition",
                                 updated=shown.published_at, published=shown.first_published_at))
    newest = db.session.scalars(select(Record).where(Record.published.is_(True))
                                .order_by(Record.created_at.desc(), Record.id.desc()).limit(FEED_SIZE))
    for record in newest:
        url = object_page_url(record.accession_number, lang)
        entries.append(FeedEntry(id=url, url=url, title=plain(record.title, lang) or record.accession_number,
                                 summary=plain(record.description, lang)[:300], category="object",
                                 updated=record.updated_at, published=record.created_at))
    entries.sort(key=lambda e: e.updated, reverse=True)
    self_url = external_url("public.feed", lang=URL_SEGMENTS[lang])
    body = atom_feed(feed_id=self_url, title=MUSEUM_NAME[lang], self_url=self_url,
                     site_url=external_url("public.home", lang=URL_SEGMENTS[lang]), language=BCP47[lang],
                     author=MUSEUM_NAME[lang], entries=entries[:FEED_SIZE])
    response = Response(body, mimetype="application/atom+xml")
    response.headers["Cache-Control"] = "public, max-age=600"
    return response
