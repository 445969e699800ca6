"""Live links in the workspace (curators): each link's stream address, its name and caption in the six
languages, the recorded clips played while it is down and the day's guided sessions. Every change goes
through the audited ``live_links`` table; bad input is answered with the form again, the field named and
the problem said in the curator's language."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import generate_csrf

from languages import LANGUAGES
from museum import security, signalling
from museum.auth import require_role
from museum.catalogue import live_links
from museum.curator import bp
from museum.extensions import db
from museum.media import storage

# live_links.PROBLEMS in the curator's language (same keys, same parameters)
PROBLEMS = {
    "url_scheme": _l("%(value)s must be an http:// or https:// address of an HLS playlist (…/index.m3u8)"),
    "url_m3u8": _l("%(value)s must name an HLS playlist ending in .m3u8"),
    "too_long": _l("at most %(max)d characters"),
    "unknown_language": _l("unknown language %(value)s"),
    "chinese_required": _l("the Chinese text is required"),
    "session_format": _l("line %(line)d: %(value)s must read HH:MM-HH:MM and optionally the guide's name, "
                         "e.g. 10:00-10:30 王老师"),
    "session_time": _l("line %(line)d: %(value)s is not a time of day"),
    "session_order": _l("line %(line)d: the session must end after it starts"),
    "session_overlap": _l("%(first)s and %(second)s overlap"),
    "playlist_empty": _l("name at least one recorded clip, played while the live view is down"),
    "clip_unknown": _l("there is no recorded clip called %(value)s (clips: %(clips)s)"),
    "slug": _l("%(value)s must be lower-case letters, digits and '-' (at most 60)"),
    "signal_kind": _l("%(value)s is not a signalling message (start, offer, answer, candidate, bye)"),
    "signal_payload": _l("the message's payload must be a JSON object of at most %(max)d bytes"),
}
FIELDS = {"stream_url": _l("Stream address (HLS)"), "name": _l("Site name"),
          "caption": _l("Caption of the view"), "playlist": _l("Recorded clips"),
          "sessions": _l("Guided sessions"), "slug": _l("Link")}


def _form_values(link: live_links.LiveLink | None) -> dict:
    if link is None:
        return {}
    values = {"stream_url": link.stream_url, "playlist": "\n".join(link.playlist),
              "sessions": live_links.sessions_text(link.sessions), "kiosk_media": link.kiosk_media}
    for code in LANGUAGES:
        values[f"name_{code}"] = link.name.get(code, "")
        values[f"caption_{code}"] = link.caption.get(code, "")
    return values


def _error(error: live_links.LiveLinkError) -> dict:
    """The form's error: which input it is about and what is wrong, in the curator's language."""
    field = error.field.replace(".", "_")  # caption.zh → the input caption_zh
    label = str(FIELDS.get(error.field.split(".")[0], error.field))
    message = str(PROBLEMS.get(error.code, error.message)) % error.params
    return {"field": field, "label": label, "message": message}


@bp.route("/live")
@require_role("curator")
def live_links_index():
    return render_template("curator/live_links.html", links=live_links.all_links(db.session),
                           clips=sorted(live_links.clip_names(storage())))


@bp.route("/live/<slug>", methods=["GET", "POST"])
@require_role("curator")
def live_link(slug: str):
    if not live_links.SLUG.fullmatch(slug):
        abort(404)
    link = live_links.get(db.session, slug)
    clips = live_links.clip_names(storage())
    values, error = _form_values(link), None
    if request.method == "POST":
        values = {key: request.form.get(key, "") for key in ("stream_url", "playlist", "sessions")}
        values["kiosk_media"] = request.form.get("kiosk_media") == "on"
        values |= {f"{part}_{code}": request.form.get(f"{part}_{code}", "") for part in ("name", "caption")
                   for code in LANGUAGES}
        try:
            live_links.save(db.session, slug, live_links.validate(values, clips))
            db.session.commit()
        except live_links.LiveLinkError as failed:
            db.session.rollback()
            error = _error(failed)
        else:
            flash(_("Live link %(slug)s saved.", slug=slug))
            return redirect(url_for("curator.live_link", slug=slug), 303)
    status = 400 if error else 200
    return render_template("curator/live_link.html", slug=slug, link=link, values=values, error=error,
                           clips=sorted(clips), languages=LANGUAGES), status


@bp.route("/live/<link_slug>/guide")  # not <slug>: that word is a gallery's
@require_role("curator")
def live_guide(link_slug: str):
    """The guide's page of a guided session: the guide's camera and microphone to the gallery's station
    (and the gallery's, where the museum lets the station send them) by WebRTC, signalling through
    :func:`live_guide_signals`."""
    slug = link_slug
    link = live_links.get(db.session, slug) if live_links.SLUG.fullmatch(slug) else None
    if link is None:
        abort(404)
    page = render_template("curator/live_guide.html", link=link,
                           guided={"signals": url_for("curator.live_guide_signals", link_slug=slug),
                                   "kiosk_media": link.kiosk_media, "csrf": generate_csrf()})
    response = make_response(page)
    policy = security.DEFAULT.changed(permissions={"camera": "(self)", "microphone": "(self)"})
    response.headers["Permissions-Policy"] = dict(policy.headers())["Permissions-Policy"]
    return response


@bp.route("/live/<link_slug>/guide/signals", methods=["GET", "POST"])
@require_role("curator")
def live_guide_signals(link_slug: str):
    """The guide's side of the signalling: POST one message to the station, GET ``?after=N`` its answers."""
    slug = link_slug
    link = live_links.get(db.session, slug) if live_links.SLUG.fullmatch(slug) else None
    if link is None:
        abort(404)
    return signalling.exchange(link, "guide", lambda error: str(PROBLEMS[error.code]) % error.params)
