"""Immersive shows in the workspace (curators), read-only: each room's outputs and programme, each show's
cues, its problems in the curator's language and its storyboard (a contact sheet of each output at each
cue). Shows and rooms are written by ``museum show import FILE`` (audited)."""

from __future__ import annotations

from io import BytesIO

from flask import abort, g, render_template, send_file
from flask_babel import lazy_gettext as _l

from exhibits.shows import model
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


def problem_text(problem: model.Problem) -> str:
    return str(PROBLEMS[problem.code]) % problem.params


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
    outputs = [o.name for o in room.output_list()] if room else sorted({c.output for c in show.cues})
    return render_template("curator/show.html", row=row, show=show, room=room, problems=problems,
                           outputs=outputs)


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
