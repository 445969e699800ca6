"""The playable-bronze station as an exhibit (``/kiosk/instrument/<accession>``): what the chunyu or the
chime bells are and how they were used, in the visitor's language (``?lang=``, switched on the station;
``?home=`` is the station's own language, to which the idle reset returns); labelled strike zones drawn on
the object's own first image (the boxes of :attr:`exhibits.audio.instruments.Instrument.image_zones`; the
computed silhouette when the record has no image), each zone's sound from pre-decoded Web Audio buffers;
and for the chunyu a play-along of 以金錞和鼓: the station plays a drum beat and lights the chunyu's beats
for the visitor to strike in time. The model's technical notes are the curator's (``/curator/instruments``).

Every fact shown comes from the catalogue's reference facts; the sounds are said to be computed, not
recorded.
"""

from __future__ import annotations

from flask import g, render_template, request, url_for
from flask_babel import gettext as _

from exhibits.audio import instruments, melody
from exhibits.audio.drawing import SIZE, drawing
from languages import AUTONYMS, BCP47, LANGUAGES, normalise_language, pick
from museum.catalogue import audio as store
from museum.catalogue import repository
from museum.extensions import db
from museum.i18n import localized
from museum.kiosk import bp
from museum.kiosk.devices import shell
from museum.object_images import images_for

FORCES = (0.35, 0.7, 1.0)
# The play-along: the drum (D) on three beats, the chunyu (C) on the fourth, one bar after another. A simple
# rhythm to play with, not a historical score (none is known); the page says so.
PATTERN = "DDDCDDDC"
LOOPS = 3
STEP_SECONDS = 0.6
IN_TIME_SECONDS = 0.25  # a strike this close to a lit beat counts as in time
# The bells' play-along: a tune on the notes the modelled bells sound (exhibits.audio.melody), after a
# count-in of the drum, one beat a second (the visitor moves from bell to bell).
TUNE = melody.JASMINE
BEAT_SECONDS = 1.0
COUNT_IN = 4
DISPLAY = {"chunyu": ("height", 900), "bells": ("width", 1840)}  # the image's largest size on the screen


def _story(kind: str) -> dict:
    """What the visitor reads, in their language: short and plain, facts from the catalogue only."""
    computed = _("The sounds here are computed from the shape of the bronze: they are not recordings.")
    if kind == "chunyu":
        return {
            "what_heading": _("What is a chunyu?"),
            "what": _("A chunyu is a bronze instrument that is struck. This one, from the Warring States "
                      "period, is 68 cm high and weighs 30 kg: the largest chunyu known. It was found in "
                      "July 1989 at Ganning, Wanxian. A tiger forms the knob on its top."),
            "use_heading": _("How the Ba used it"),
            "quote": "以金錞和鼓",
            "quote_meaning": _("“The bronze chunyu answers the drums”"),
            "use": _("In war, the Ba sounded the chunyu together with drums."),
            "computed": computed, "hint": _("Touch the bronze where a circle is drawn"),
        }
    return {
        "what_heading": _("What are chime bells?"),
        "what": _("A set of 14 bronze bells inlaid with gold, from 27 cm down to 15 cm high, from the "
                  "Warring States period. They were excavated in 1972 at Xiaotianxi, Fuling."),
        "use_heading": _("Two notes in one bell"),
        "quote": "", "quote_meaning": "",
        "use": _("Each bell gives two notes: one when struck at the front, in the middle, another when "
                 "struck at the side. The two notes are about a third apart."),
        "computed": computed, "hint": _("Touch a bell to strike it"),
    }


def _text() -> dict:
    """The station script's words."""
    return {
        "loading": _("Loading the sounds…"),
        "ready": "",
        "failed": _("The sounds could not be loaded. Please ask a member of staff."),
        "start": _("Start the drums"),
        "stop": _("Stop"),
        "listen": _("Watch the beat: strike when the chunyu lights up"),
        "in_time": _("In time!"),
        "early": _("A little early"),
        "late": _("A little late"),
        "result": _("You struck %(hits)s of %(beats)s beats in time.", hits="{hits}", beats="{beats}"),
        "listen_tune": _("Strike each bell when it lights up"),
        "start_tune": _("Play the tune"),
        "other_bell": _("Strike the bell that is lit"),
        "result_tune": _("You struck %(hits)s of %(beats)s notes in time.", hits="{hits}", beats="{beats}"),
    }


def _tune(data: dict) -> dict:
    """The bells' play-along: the tune fitted to the bells' own notes, and what the station says of it."""
    fitted = melody.fit(TUNE, melody.bell_notes(data))
    notes = [{**note, "key": f"{note['bell']}-{note['position']}"} for note in fitted["notes"]]
    used = sorted({note["bell"] for note in notes})
    return {"kind": "tune", "beat": BEAT_SECONDS, "count_in": COUNT_IN, "window": IN_TIME_SECONDS,
            "notes": notes, "title": fitted["title"], "lyric": fitted["lyric"],
            "heading": _("Play a tune: “Jasmine Flower”"),
            "about": _("The opening line of “Jasmine Flower”, a folk song known all over China: "
                       "%(notes)s notes on %(bells)s of the bells. The drum counts four, then strike "
                       "each bell when it lights up.", notes=len(notes), bells=len(used)),
            "honest": _("The bells were not tuned to this song: it is moved to their pitch, and each note is "
                        "the nearest one a bell gives, at most %(cents)s cents off (a semitone is 100).",
                        cents=round(fitted["worst_cents"]))}


def _zones(kind: str) -> dict[str, str]:
    if kind == "chunyu":
        return {"centre": _("Middle of the body"), "side": _("Near the mouth")}
    return {"centre": _("Front, in the middle"), "side": _("Side")}


def _figure(inst: instruments.Instrument, record) -> dict:
    """The object's picture and its strike zones (a curator's saved ones, else the built-in ones), in the
    picture's own coordinates (an SVG viewBox)."""
    images = images_for(record) if record is not None else []
    labels = _zones(inst.kind)
    zones = store.current_zones(db.session, inst, images[0]["identifier"] if images else None)[0]
    if images and zones:
        image = images[0]
        width, height = image["width"], image["height"]
        boxes = [(z.name, z.box, z.labels) for z in zones]
        # a set of bells hangs in a wide image: the picture ends a little below the lowest zone
        region = "full"
        if inst.kind == "bells":
            bottom = min(1.0, max(box[3] for _name, box, _l in boxes) + 0.05)
            region, height = f"0,0,{width},{round(bottom * height)}", round(bottom * height)
            boxes = [(name, (x0, y0 / bottom, x1, y1 / bottom), own) for name, (x0, y0, x1, y1), own in boxes]
        side, largest = DISPLAY[inst.kind]
        wanted = min(width, round(width * largest / height)) if side == "height" else min(width, largest)
        href = f"{image['id']}/{region}/{wanted},/0/default.jpg"
        path = None
    else:  # no image: the silhouette computed from the shape, zones at the strike heights
        width = height = int(SIZE)
        picture = drawing(inst)
        href, path = None, picture.path
        if inst.kind == "chunyu":
            boxes = [(z["position"], (40 / SIZE, (z["y"] - 24) / SIZE, 260 / SIZE, (z["y"] + 24) / SIZE), {})
                     for z in picture.zones]
        else:
            count = len(instruments.BELL_HEIGHTS_CM)
            boxes = [(str(n + 1), (n / count + 0.005, 0.2, (n + 1) / count - 0.005, 0.2 + 0.5 * h / 27), {})
                     for n, h in enumerate(instruments.BELL_HEIGHTS_CM)]
    font = round(height * (0.034 if inst.kind == "chunyu" else 0.095)) if href else 14
    slots = _slots([box for _name, box, _own in boxes]) if inst.kind == "bells" else None
    figure_zones = []
    for index, (name, (x0, y0, x1, y1), own) in enumerate(boxes):
        box = {"x": round(x0 * width, 1), "y": round(y0 * height, 1),
               "width": round((x1 - x0) * width, 1), "height": round((y1 - y0) * height, 1)}
        centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        if inst.kind == "chunyu":
            label = pick(own, g.lang)[0] or labels[name]
            figure_zones.append({"key": f"1-{name}", "label": label, "text": label, **box,
                                 "cx": centre[0], "cy": centre[1]})
        else:
            label = pick(own, g.lang)[0] or _("Bell %(number)s", number=name)
            left, right = slots[index]
            figure_zones.append({"key": f"{name}-centre", "bell": name, "text": name, "label": label, **box,
                                 "cx": centre[0], "cy": centre[1],
                                 "hit": {"x": round(left * width, 1),
                                         "width": round((right - left) * width, 1)}})
    return {"width": width, "height": height, "href": href, "path": path, "zones": figure_zones, "font": font,
            "radius": round(font * 0.9, 1)}


def _slots(boxes: list) -> list[tuple[float, float]]:
    """Each bell's touch area across the picture: from midway to its left neighbour to midway to its right
    one (the outer bells as far out as inward), so a touch between two small bells strikes the nearer and
    the smallest bell stays a target of 48 px or more on a portrait screen."""
    order = sorted(range(len(boxes)), key=lambda i: boxes[i][0])
    slots = [(0.0, 0.0)] * len(boxes)
    for rank, i in enumerate(order):
        left, right = boxes[i][0], boxes[i][2]
        before = (boxes[order[rank - 1]][2] + left) / 2 if rank > 0 else None
        after = (right + boxes[order[rank + 1]][0]) / 2 if rank + 1 < len(order) else None
        if before is None:
            before = left if after is None else max(0.0, left - (after - right))
        if after is None:
            after = min(1.0, right + (left - before))
        slots[i] = (before, after)
    return slots


@bp.route("/kiosk/instrument/<accession>")
def instrument_station(accession: str):
    inst = instruments.instrument(accession)  # an unknown accession number is a 404
    g.lang = normalise_language(request.args.get("lang")) or "zh"
    home = normalise_language(request.args.get("home")) or g.lang
    start = (url_for("kiosk.instrument_station", accession=accession, lang=home)
             if request.args.get("home") or request.args.get("lang")
             else url_for("kiosk.instrument_station", accession=accession))
    data = store.instrument_data(db.session, accession)
    record = repository.get_record(db.session, accession, published_only=False)
    bells = [b["number"] for b in data.get("bells", [])]
    sounds = {}
    for bell in bells or [None]:
        for position in inst.strike_heights:
            for force in FORCES:
                sounds[f"{bell or 1}-{position}-{force:g}"] = url_for(
                    "api.instrument_strike", accession=accession, position=position, force=force,
                    **({"bell": bell} if bell else {}))
    drum = url_for("api.drum_sound", force=0.8)
    figure = _figure(inst, record)
    languages = [{"code": code, "autonym": AUTONYMS[code], "tag": BCP47[code],
                  "href": url_for("kiosk.instrument_station", accession=accession, lang=code, home=home)}
                 for code in LANGUAGES]
    play = {"kind": "drums", "pattern": PATTERN, "loops": LOOPS, "step": STEP_SECONDS,
            "window": IN_TIME_SECONDS} if inst.kind == "chunyu" else _tune(data)
    precache = [*sounds.values(), drum, *([figure["href"]] if figure["href"] else [])]
    return render_template(
        "kiosk/instrument.html", inst=inst, title=localized(record.title) if record else inst.title,
        story=_story(inst.kind), figure=figure, positions=_zones(inst.kind), forces=FORCES, play=play,
        languages=languages, station_data={"sounds": {**sounds, "drum": drum}, "forces": FORCES,
                                           "kind": inst.kind, "play": play, "text": _text()},
        **shell("instrument", start=start, lang=g.lang, precache=precache))
