"""The audio guide station (``/kiosk/audio/<station>``, an accession number or a gallery slug): the interface
in the visitor's language (``?lang=``, switched on the station; ``?home=`` is the station's own language,
to which the idle reset returns), and the tracks in the languages the museum recorded: the station says
which ("This stop is narrated in Chinese and English", language names in the visitor's language) and
offers those, the visitor's own first. Big buttons, captions on screen in the track's language, resume
after a dropped connection or a reload, reset after idling (never while the guide plays).
"""

from __future__ import annotations

from babel import Locale
from babel.lists import format_list
from flask import current_app, g, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import exists, select

from languages import AUTONYMS, BABEL_LOCALES, BCP47, LANGUAGES, normalise_language, pick
from museum.audio_tracks import tracks_by_language
from museum.catalogue.holdings import record_or_gallery
from museum.catalogue.images import ObjectImage
from museum.catalogue.models import Record
from museum.extensions import db
from museum.i18n import localized
from museum.kiosk import bp
from museum.kiosk.devices import shell
from museum.object_images import images_for

PICTURE_HEIGHT = 820  # the object's picture beside the guide, at most this tall on the screen


def language_names(codes: list[str], lang: str) -> dict[str, str]:
    """Each track language's name in the visitor's language (CLDR's names, through Babel)."""
    names = Locale.parse(BABEL_LOCALES[lang]).languages
    return {code: names.get(code.replace("-", "_"), names.get(code.split("-")[0], code)) for code in codes}


def _text() -> dict:
    return {"play": _("Play"), "pause": _("Pause"), "restart": _("From the start"),
            "part": _("Part %(number)s", number="{number}"), "soundscape": _("Sounds of the place"),
            "seconds": _("%(seconds)s s", seconds="{seconds}"),
            "reconnecting": _("The connection was lost: picking up again…"),
            "resumed": _("Picked up again at %(seconds)s s", seconds="{seconds}")}


def _gallery_cover(gallery):
    """The gallery's representative object: its first published record with an image, by accession number."""
    if gallery is None:
        return None
    return db.session.scalars(
        select(Record).where(Record.gallery_id == gallery.id, Record.published.is_(True),
                             exists().where(ObjectImage.record_id == Record.id))
        .order_by(Record.accession_number).limit(1)).first()


@bp.route("/kiosk/audio/<station>")
def audio_station(station: str):
    record, gallery = record_or_gallery(db.session, station)
    g.lang = normalise_language(request.args.get("lang")) or "zh"
    home = normalise_language(request.args.get("home")) or g.lang
    start = (url_for("kiosk.audio_station", station=station, lang=home)
             if request.args.get("home") or request.args.get("lang")
             else url_for("kiosk.audio_station", station=station))
    recorded = tracks_by_language(station)
    # the visitor's own language first, then the others in the table's order
    order = sorted(recorded,
                   key=lambda code: (code != g.lang, LANGUAGES.index(code) if code in LANGUAGES else 99))
    tracks = {code: recorded[code] for code in order}
    names = language_names(order, g.lang)
    narrated = _("This stop is narrated in %(languages)s.", languages=format_list(
        [names[code] for code in order], locale=BABEL_LOCALES[g.lang])) if order else ""
    languages = [{"code": code, "autonym": AUTONYMS[code], "tag": BCP47[code],
                  "href": url_for("kiosk.audio_station", station=station, lang=code, home=home)}
                 for code in LANGUAGES]
    idle = current_app.config["AUDIO_KIOSK_IDLE_SECONDS"]
    title = localized(record.title if record else gallery.name)
    # the object's first image; a gallery's guide shows its representative object's (as the home page does)
    shown = record if record is not None else _gallery_cover(gallery)
    images = images_for(shown) if shown is not None else []
    picture = None
    if images:
        image = images[0]
        height = min(image["height"], PICTURE_HEIGHT)
        picture = {"src": f"{image['id']}/full/,{height}/0/default.jpg",  # alt="": the heading names it
                   "width": round(image["width"] * height / image["height"]), "height": height}
    # the object's text beside the guide only in the visitor's language (or converted to traditional script):
    # a guide that is not narrated in it already says so, and the captions speak the track's language
    described = record if record is not None else gallery
    found = pick(described.description, g.lang)[1] if described is not None and described.description \
        else None
    about_text = localized(described.description) \
        if found in (g.lang, "zh" if g.lang == "zh-Hant" else g.lang) else None
    return render_template(
        "kiosk/audio_station.html", station=station, title=title or station, tracks=tracks, picture=picture,
        record=record, about_text=about_text,
        names={code: name[:1].upper() + name[1:] for code, name in names.items()}, narrated=narrated,
        languages=languages, bcp47=BCP47,
        station_data={"tracks": tracks, "idle_seconds": idle, "station": station, "text": _text(),
                      "tags": {code: BCP47.get(code, code) for code in tracks}},
        **shell("audio", start=start, lang=g.lang, idle=idle, precache=[picture["src"]] if picture else []))
