"""Immersive shows in the workspace (curators): each room's outputs and programme; each show's timeline
editor (``/curator/shows/<show>``, ``static/js/show-editor.js``) with its problems in the curator's language
and its storyboard (a contact sheet of each output at each cue). Rooms and new shows are written by
``museum show import FILE``; the editor saves a show as a new version (audited).

The editor's JSON routes, under this blueprint and its CSRF policy (header ``X-CSRFToken``):
``POST /curator/shows/<show>/check`` answers a document's problems (the same check as ``museum show check``:
:func:`museum.catalogue.shows.check`), ``POST /curator/shows/<show>/versions`` saves it (title and length
with the cues; refusals in the curator's language), ``GET …/versions`` is the version list again after a
save. The server is the authority: the page only shows what these answer. A form restores a version
(``POST …/versions/<n>/restore``: a new version equal to it), and ``/curator/shows/thumbnails/<key>`` is a
media file's thumbnail (made once, kept in the store)."""

from __future__ import annotations

from io import BytesIO

from flask import abort, flash, g, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from exhibits.shows import model
from languages import AUTONYMS
from museum.auth import require_role
from museum.catalogue import shows
from museum.curator import bp
from museum.extensions import db
from museum.media import storage

# exhibits.shows.model.MESSAGES in the curator's language (same codes, same parameters)
PROBLEMS = {
    "missing_media": _l("cue %(cue)d (%(output)s): the media %(key)s is not in the media store"),
    "unreadable_media": _l("cue %(cue)d (%(output)s): %(key)s is no picture, video or sound ffprobe can "
                           "read"),
    "channel_layout": _l("cue %(cue)d (%(output)s): %(key)s is %(found)s; the output plays %(expected)s"),
    "wrong_kind": _l("cue %(cue)d (%(output)s): %(key)s is %(found)s; a %(expected)s output cannot play it"),
    "overlap": _l("%(output)s: cue %(first)d and cue %(second)d overlap"),
    "unknown_output": _l("cue %(cue)d: the room has no output called %(output)s"),
    "past_end": _l("cue %(cue)d (%(output)s): ends at %(end)s s, after the show's end (%(duration)s s)"),
    "fades": _l("cue %(cue)d (%(output)s): its fades last longer than the cue"),
}


# a document the editor sends that is no show at all (exhibits.shows.exceptions.ShowError: its field)
UNREADABLE = _l("The show cannot be saved: %(field)s is not valid (%(detail)s).")
# what the curator edits in the show's header (title, length), each error said in the curator's language
REFUSED = _l("The show cannot be saved: %(reason)s")
REASONS = {
    ("duration", "number"): _l("the length must be a number of seconds."),
    ("duration", "number_range"): _l("the length must be more than 0 and at most %(high)s seconds."),
    ("title.zh", "chinese_required"): _l("the Chinese title is required."),
    ("title", "text"): _l("a title is at most %(most)s characters long."),
}


def refusal(error: model.ShowError) -> str:
    """A document the editor sent that is no show, said in the curator's language: the title's and the
    length's errors by name, any other by its field (the editor only sends what its form makes)."""
    reason = REASONS.get((error.field, error.code)) or REASONS.get((error.field.split(".")[0], error.code))
    if reason is not None:
        return str(REFUSED) % {"reason": str(reason) % error.params}
    return str(UNREADABLE) % {"field": error.field, "detail": str(error)}


def problem_text(problem: model.Problem) -> str:
    return str(PROBLEMS[problem.code]) % problem.params


def problem_json(problem: model.Problem) -> dict:
    """A problem for the editor: its code, the cues it is about (indexes in the document's list) and its
    text in the curator's language."""
    numbers = [problem.params[name] for name in ("cue", "first", "second") if name in problem.params]
    return {"code": problem.code, "cues": [number - 1 for number in numbers],
            "output": problem.params.get("output"), "message": problem_text(problem)}


@bp.route("/shows")
@require_role("curator")
def shows_index():
    rows = shows.all_shows(db.session)
    return render_template("curator/shows.html", rooms=shows.all_rooms(db.session), shows=rows,
                           rooms_of={row.slug: shows.rooms_playing(db.session, row.slug) for row in rows})


@bp.route("/shows/<show>")
@require_role("curator")
def show_detail(show: str):
    """One show: its problems, storyboard and cues (the route names its variable ``show``, not ``slug``:
    that word is a gallery's)."""
    slug = show
    row = shows.get_show(db.session, slug)
    if row is None:
        abort(404)
    rooms = shows.rooms_playing(db.session, slug)
    room = rooms[0] if rooms else None
    show = row.show()
    problems = [problem_text(p) for p in shows.check(storage(), show, room)]
    outputs = ([{"name": o.name, "kind": o.kind} for o in room.output_list()] if room else
               [{"name": name, "kind": "video"} for name in sorted({c.output for c in show.cues})])
    media = [{"key": key, "kind": shows.media_kind(key), "name": key.rsplit("/", 1)[-1],
              "folder": key.rsplit("/", 1)[0], "thumb": url_for("curator.show_thumbnail", key=key)}
             for key in shows.media_keys(storage())]
    editor = {"document": show.as_json(), "outputs": outputs, "media": media,
              "languages": list(model.LANGUAGES), "lang": g.get("lang", "zh"),
              "check": url_for("curator.show_check", show=slug),
              "save": url_for("curator.show_save", show=slug),
              "versions": url_for("curator.show_versions", show=slug)}
    return render_template("curator/show.html", row=row, show=show, room=room, problems=problems,
                           outputs=[o["name"] for o in outputs], editor=editor, media=media,
                           history=shows.version_history(db.session, row),
                           languages=[(code, AUTONYMS[code]) for code in model.LANGUAGES])


@bp.route("/shows/<show>/versions")
@require_role("curator")
def show_versions(show: str):
    """The version list alone (the editor puts it in the page again after a save)."""
    row = shows.get_show(db.session, show)
    if row is None:
        abort(404)
    return render_template("curator/_show_versions.html", row=row,
                           history=shows.version_history(db.session, row))


@bp.route("/shows/<show>/versions/<int:number>/restore", methods=["POST"])
@require_role("curator")
def show_restore(show: str, number: int):
    """Make an old version the show again: a new version equal to it (audited; history stays)."""
    slug = show
    if shows.get_show(db.session, slug) is None:
        abort(404)
    old = shows.get_version(db.session, slug, number)
    if old is None:
        abort(404)
    rooms = shows.rooms_playing(db.session, slug)
    count = len(shows.check(storage(), old.show(), rooms[0] if rooms else None))
    with db.transaction() as session:
        new = shows.restore_version(session, slug, number, current_user.username, count).number
    flash(_("Version %(old)d restored as version %(new)d.", old=number, new=new))
    return redirect(url_for("curator.show_detail", show=slug) + "#versions-title")


@bp.route("/shows/thumbnails/<path:key>")
@require_role("curator")
def show_thumbnail(key: str):
    """A media file's thumbnail for the editor (made once by ffmpeg, then kept; 404 when none can be made)."""
    found = shows.thumbnail(storage(), key)
    if found is None:
        abort(404)
    name, mime = found
    return send_file(storage().open(name), mimetype=mime, max_age=3600)


def _document_and_room(slug: str):
    row = shows.get_show(db.session, slug)
    if row is None:
        abort(404)
    rooms = shows.rooms_playing(db.session, slug)
    document = (request.get_json(silent=True) or {}).get("document")
    try:
        show = model.read_show(document)
    except model.ShowError as error:
        return None, None, (jsonify({"error": {"code": error.code, "field": error.field,
                                               "message": refusal(error)}}), 400)
    return show, rooms[0] if rooms else None, None


@bp.route("/shows/<show>/check", methods=["POST"])
@require_role("curator")
def show_check(show: str):
    """The problems of the document the editor holds (not saved)."""
    found, room, refused = _document_and_room(show)
    if refused:
        return refused
    return jsonify({"problems": [problem_json(p) for p in shows.check(storage(), found, room)]})


@bp.route("/shows/<show>/versions", methods=["POST"])
@require_role("curator")
def show_save(show: str):
    """Save the document as the show's next version (with its problems: a show with problems may be saved,
    as a draft is, and the editor shows them)."""
    found, room, refused = _document_and_room(show)
    if refused:
        return refused
    problems = shows.check(storage(), found, room)
    with db.transaction() as session:
        version = shows.save_version(session, show, found.as_json(), current_user.username,
                                     len(problems))
        summary = version.summary()
    return jsonify({"version": summary, "problems": [problem_json(p) for p in problems]}), 201


@bp.route("/shows/<show>/storyboard.png")
@require_role("curator")
def show_storyboard(show: str):
    slug = show
    row = shows.get_show(db.session, slug)
    if row is None:
        abort(404)
    rooms = shows.rooms_playing(db.session, slug)
    show = row.show()
    outputs = rooms[0].output_list() if rooms else tuple(model.Output(name) for name in
                                                          sorted({c.output for c in show.cues}))
    png = shows.storyboard_png(storage(), show, outputs, g.get("lang", "zh"))
    return send_file(BytesIO(png), mimetype="image/png", max_age=0)
