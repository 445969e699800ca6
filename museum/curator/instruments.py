"""The technical notes of a playable bronze (``/curator/instruments/<accession>``), moved here from the
visitor's station: the model's notes, wall thickness, material and damping, strike positions, the
partials of the newest modal analysis, the two meshes and their convergence, and a strike's spectrogram.

And its strike-zone editor (``/curator/instruments/<accession>/zones``): each zone's name (what it sounds),
its box on the object's first picture and its label in the six languages, placed by dragging on the picture
(``static/js/zone-editor.js``) or typed in percent; saved after :func:`exhibits.audio.zones.check` (audited,
``instrument_zones``), read by the visitors' station; "built-in zones" removes the saved ones."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from exhibits.audio import instruments
from exhibits.audio import zones as zone_rules
from languages import AUTONYMS, BCP47, LANGUAGES
from museum.auth import actor_name, require_role
from museum.catalogue import audio as store
from museum.catalogue import repository
from museum.catalogue.accounts import EDITORS, READERS
from museum.curator import bp
from museum.extensions import db
from museum.object_images import images_for

EDGES = ("left", "top", "right", "bottom")


def _instrument(accession: str) -> instruments.Instrument:
    if accession not in instruments.INSTRUMENTS:
        abort(404, description=_("There is no playable instrument %(accession)s.", accession=accession))
    return instruments.instrument(accession)


@bp.route("/instruments/<accession>")
@require_role(*READERS)
def instrument_notes(accession: str):
    inst = _instrument(accession)
    data = store.instrument_data(db.session, accession)
    record = repository.get_record(db.session, accession, published_only=False)
    spectrograms = {position: url_for("api.instrument_spectrogram", accession=accession, position=position)
                    for position in inst.strike_heights}
    return render_template("curator/instrument.html", inst=inst, data=data, record=record,
                           spectrograms=spectrograms)


def _edge_names() -> dict:
    return {"left": _("Left"), "top": _("Top"), "right": _("Right"), "bottom": _("Bottom")}


def _target_names(inst) -> dict:
    if inst.kind == "bells":
        return {name: _("Bell %(number)s", number=name) for name in inst.targets()}
    return {"centre": _("Middle of the body"), "side": _("Near the mouth")}


def problem_text(problem: zone_rules.Problem, names: dict) -> str:
    """A problem of the zones in the curator's language, naming the zone and what to do."""
    number = (problem.zone or 0) + 1
    name = names.get(problem.detail, problem.detail)
    language = AUTONYMS.get(problem.detail, problem.detail)
    texts = {
        "no-zones": lambda: _("There are no strike zones: the station needs at least one."),
        "unknown-name": lambda: _("Zone %(number)s: “%(name)s” is not a strike this instrument can sound.",
                                  number=number, name=problem.detail),
        "duplicate-name": lambda: _("Zone %(number)s: another zone already sounds “%(name)s”; each zone "
                                    "sounds a different strike.", number=number, name=name),
        "outside": lambda: _("Zone %(number)s (%(name)s) is not inside the picture: each edge must lie "
                             "between 0 and 100 %%, the left edge left of the right one and the top above "
                             "the bottom.", number=number, name=name),
        "too-small": lambda: _("Zone %(number)s (%(name)s) is too small: make it at least %(size)s %% of the "
                               "picture each way.", number=number, name=name,
                               size=f"{zone_rules.MIN_SIZE * 100:g}"),
        "missing-label": lambda: _("Zone %(number)s needs a label in %(language)s.", number=number,
                                   language=language),
        "long-label": lambda: _("Zone %(number)s: its label in %(language)s is longer than %(most)s "
                                "characters.", number=number, language=language, most=zone_rules.MAX_LABEL),
        "number": lambda: _("Zone %(number)s: the %(edge)s edge is not a number.", number=number,
                            edge=_edge_names().get(problem.detail, problem.detail).lower()),
    }
    return texts[problem.code]()


def _rows(zones: list[zone_rules.Zone]) -> list[dict]:
    """The form's values for each zone: its name, its edges in percent, its labels."""
    return [{"name": z.name, **{edge: f"{v * 100:.2f}".rstrip("0").rstrip(".")
                                for edge, v in zip(EDGES, z.box, strict=True)},
             "labels": dict(z.labels)} for z in zones]


def _posted() -> tuple[list[dict], list[zone_rules.Zone], list[zone_rules.Problem]]:
    """The zones of the submitted form (``zone-<i>-name``, ``zone-<i>-<edge>`` in percent,
    ``zone-<i>-label-<language>``), and the problems of the numbers that are not numbers."""
    rows, zones, problems = [], [], []
    count = request.form.get("count", "")
    count = min(int(count), 50) if count.isdigit() else 0
    for i in range(count):
        row = {"name": request.form.get(f"zone-{i}-name", "").strip(),
               **{edge: request.form.get(f"zone-{i}-{edge}", "").strip() for edge in EDGES},
               "labels": {code: request.form.get(f"zone-{i}-label-{code}", "").strip() for code in LANGUAGES}}
        rows.append(row)
        box = []
        for edge in EDGES:
            try:
                box.append(float(row[edge]) / 100)
            except ValueError:
                problems.append(zone_rules.Problem("number", i, edge))
                box.append(float("nan"))
        zones.append(zone_rules.Zone(row["name"], tuple(box), {k: v for k, v in row["labels"].items() if v}))
    return rows, zones, problems


@bp.route("/instruments/<accession>/zones", methods=["GET", "POST"])
@require_role(*EDITORS)
def instrument_zones(accession: str):
    inst = _instrument(accession)
    record = repository.get_record(db.session, accession, published_only=False)
    images = images_for(record) if record is not None else []
    if not images:  # nothing to place zones on: the page says so (the station draws the silhouette)
        return render_template("curator/instrument_zones.html", inst=inst, record=record, image=None,
                               problems=[], saved=None, stale=False,
                               no_picture=_("%(accession)s has no picture to place strike zones on: add one "
                                            "on its media page; until then the station draws its computed "
                                            "silhouette.", accession=accession))
    image = images[0]
    names = _target_names(inst)
    if request.method == "POST" and request.form.get("action") == "built-in":
        row = store.saved_zones(db.session, accession)
        if row is not None:
            db.session.delete(row)
            db.session.commit()
        flash(_("The station uses the built-in strike zones again."))
        return redirect(url_for("curator.instrument_zones", accession=accession), 303)
    problems: list[str] = []
    if request.method == "POST":
        rows, zones, bad_numbers = _posted()
        found = bad_numbers + [p for p in zone_rules.check(zones, inst.targets())  # NaN edges: said once
                               if not (p.code == "outside" and any(b.zone == p.zone for b in bad_numbers))]
        if not found:
            store.save_zones(db.session, accession, image["identifier"], zones, actor_name())
            db.session.commit()
            flash(_("Strike zones saved: the station shows them from its next start."))
            return redirect(url_for("curator.instrument_zones", accession=accession), 303)
        problems = [problem_text(p, names) for p in found]
        status = 400
    else:
        zones, row = store.current_zones(db.session, inst, image["identifier"])
        rows, status = _rows(zones), 200
        if not any(z.labels for z in zones):  # the built-in zones: their labels are the station's own words
            rows = _rows([zone_rules.Zone(z.name, z.box, _built_in_labels(inst, z.name)) for z in zones])
    saved = store.saved_zones(db.session, accession)
    return render_template(
        "curator/instrument_zones.html", inst=inst, record=record, image=image, rows=rows, problems=problems,
        names=names, saved=saved, stale=saved is not None and saved.image != image["identifier"],
        languages=[(code, AUTONYMS[code], BCP47[code]) for code in LANGUAGES], edges=_edge_names(),
        picture=f"{image['id']}/full/{min(image['width'], 1200)},/0/default.jpg"), status


def _built_in_labels(inst, name: str) -> dict:
    """The station's own words for a built-in zone, in every language (a start for the curator's labels)."""
    from flask_babel import force_locale

    from languages import BABEL_LOCALES

    labels = {}
    for code in LANGUAGES:
        with force_locale(BABEL_LOCALES[code]):
            labels[code] = _target_names(inst)[name]
    return labels
