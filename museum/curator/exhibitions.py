"""The exhibition composer (curators): create an exhibition, edit its title, summary and cover, add,
edit, reorder and remove blocks (a form per block kind), preview the newest version as visitors would see
it, publish it, and see its versions. Every change is a new version of the audited ``exhibitions`` tables;
a refused change is answered with the form again and the problem said in the curator's language, naming
the block and field."""

from __future__ import annotations

import re

from flask import Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from assets.images import cards
from languages import AUTONYMS, LANGUAGES, normalise_language
from museum import exhibition_bundle, exhibition_exports, exhibition_pages
from museum.auth import actor_name, require_role
from museum.catalogue import exhibitions
from museum.catalogue.audio import AudioTrack
from museum.catalogue.images import ObjectImage
from museum.curator import bp
from museum.curator.labels import lang
from museum.curator.media import JOB_STATES
from museum.curator.problems import value_problem
from museum.exceptions import Conflict, MuseumError, NotFound, Unavailable
from museum.extensions import db
from museum.media import storage
from museum.queue_access import job_queue

# the fields of each block kind's form: (name, type) with type line | texts | markdown | list
BLOCK_FIELDS = {
    "text": (("heading", "texts"), ("body", "markdown")),
    "object": (("accession", "line"),),
    "image": (("image", "line"), ("region", "line"), ("caption", "texts")),
    "compare": (("before", "line"), ("after", "line"), ("caption", "texts")),
    "model": (("accession", "line"), ("hotspot", "line"), ("caption", "texts")),
    "audio": (("track", "line"), ("caption", "texts")),
    "map": (("places", "list"), ("caption", "texts")),
    "timeline": (("periods", "list"), ("caption", "texts")),
}
KIND_NAMES = {"text": _l("Text section"), "object": _l("Object card"), "image": _l("Image detail"),
              "compare": _l("Image comparison"), "model": _l("3D model"), "audio": _l("Audio track"),
              "map": _l("Map of find sites"), "timeline": _l("Timeline of periods")}
FIELD_NAMES = {"heading": _l("Heading"), "body": _l("Text (Markdown)"), "accession": _l("Accession number"),
               "image": _l("Image (IIIF identifier)"), "region": _l("Region x,y,w,h (pixels)"),
               "caption": _l("Caption"), "before": _l("First image (IIIF identifier)"),
               "after": _l("Second image (IIIF identifier)"), "hotspot": _l("Hotspot"),
               "track": _l("Audio track"), "places": _l("Find sites (one a line)"),
               "periods": _l("Periods (one a line)"), "title": _l("Title"), "summary": _l("Summary"),
               "cover": _l("Cover image (IIIF identifier)"), "cover_region": _l("Cover region x,y,w,h"),
               "slug": _l("Address (slug)"), "kind": _l("Kind")}
HINTS = {"region": _l("Blank for the whole image; e.g. 1200,0,1200,900 for a detail."),
         "hotspot": _l("The hotspot's id on the object's 3D model; blank for the whole model."),
         "places": _l("Keys or names in any language, e.g. 涪陵小田溪 or Fengdu."),
         "periods": _l("Keys or names in any language, e.g. 战国 or Eastern Han."),
         "body": _l("Markdown: **bold**, *italic*, [link](https://…), lists. Scripts and other HTML are "
                    "removed.")}
SHARE_CHANNELS = {"og": _l("Open Graph and Twitter card"),
                  "wechat-cover": _l("WeChat article cover (2.35:1)"),
                  "wechat-thumb": _l("WeChat thumbnail (1:1)"),
                  "square": _l("Weibo and WeChat Moments (1:1)"),
                  "portrait": _l("Xiaohongshu and Weibo (3:4)")}
PROBLEMS = {
    "slug": _l("“%(value)s” must be lower-case letters, digits and '-' (at most 80)."),
    "exhibition_exists": _l("There is already an exhibition “%(slug)s”: choose another address."),
    "title_required": _l("Give a title in Chinese or English."),
    "no_blocks": _l("Add at least one block before publishing."),
    "not_texts": _l("Unreadable text."),
    "unknown_language": _l("Unknown language %(value)s."),
    "too_long": _l("Longer than %(limit)s characters: shorten it."),
    "region_format": _l("“%(value)s” must read x,y,w,h in pixels, e.g. 100,200,800,600."),
    "region_outside": _l("The region %(value)s is not inside the image (%(width)s × %(height)s pixels)."),
    "unknown_image": _l("There is no image “%(value)s”: copy its IIIF identifier from the list."),
    "unknown_record": _l("There is no record %(value)s."),
    "unpublished_record": _l("Record %(value)s is not published: visitors could not open it."),
    "no_model": _l("Record %(value)s has no 3D model."),
    "unknown_hotspot": _l("The 3D model has no hotspot “%(value)s” (its hotspots: %(choices)s)."),
    "unknown_track": _l("There is no audio track “%(value)s”: choose one from the list."),
    "no_coordinates": _l("No map position is known for %(value)s."),
    "no_places": _l("Name at least one find site."),
    "no_periods": _l("Name at least one period."),
    "unknown_kind": _l("Unknown block kind %(value)s."),
    "empty_section": _l("The section is empty: write a heading or some text."),
    "too_many_blocks": _l("At most %(limit)s blocks."),
    "stale_version": _l("Someone saved version %(current)s while you edited version %(base)s: reload the "
                        "page and make your change again."),
    "no_exhibition": _l("There is no exhibition “%(slug)s”."),
}

VIDEO_PROBLEMS = {
    "no_pictures": _l("The exhibition has no pictures to show: give it a cover or an image block."),
    "no_ffmpeg": _l("ffmpeg is not installed on the server that runs jobs (Debian's ffmpeg package)."),
    "ffmpeg_failed": _l("ffmpeg could not make the video; the technical details follow."),
    "no_version": _l("That version of the exhibition no longer exists."),
}
VIDEO_JOB = "exhibition.video"


def video_problem(error: str | None) -> tuple[str, str]:
    """A failed video job's error in the curator's language, and the technical words that came with it."""
    found = re.search(r"\[(\w+)\] ?(.*)", error or "", re.S)
    if found and found.group(1) in VIDEO_PROBLEMS:
        details = found.group(2) if found.group(1) == "ffmpeg_failed" else ""
        return str(VIDEO_PROBLEMS[found.group(1)]), details
    return _("The video could not be made."), error or ""


def problem_text(error: MuseumError) -> str:
    """The problem in the curator's language, with the block and field it is about."""
    code, params = getattr(error, "code", None), getattr(error, "params", {})
    if code in PROBLEMS:
        try:
            words = str(PROBLEMS[code]) % params
        except (KeyError, TypeError, ValueError):
            words = error.message
    else:
        words = value_problem(code, params, error.message)
    field = getattr(error, "field", "")
    where = []
    if getattr(error, "block", 0):
        where.append(_("Block %(number)s", number=error.block))
    if field:
        where.append(str(FIELD_NAMES.get(field, field)))
    colon = "：" if lang() in ("zh", "zh-Hant", "ja") else ": "
    return (" · ".join(where) + colon if where else "") + words


def _block_from_form(kind: str, form) -> dict:
    block: dict = {"kind": kind}
    for name, kind_of_field in BLOCK_FIELDS[kind]:
        if kind_of_field in ("texts", "markdown"):
            block[name] = {code: form.get(f"{name}_{code}", "") for code in LANGUAGES}
        else:
            block[name] = form.get(name, "").strip()
    return block


def _texts_from(form, name: str) -> dict:
    return {code: form.get(f"{name}_{code}", "") for code in LANGUAGES}


def _choices() -> dict:
    """What the forms offer to pick from (datalists): images and audio tracks."""
    images = db.session.execute(select(ObjectImage.identifier, ObjectImage.width, ObjectImage.height)
                                .order_by(ObjectImage.identifier).limit(500)).all()
    tracks = db.session.execute(select(AudioTrack.folder, AudioTrack.title, AudioTrack.language)
                                .where(AudioTrack.kind == "guide").order_by(AudioTrack.folder)).all()
    return {"images": images, "tracks": tracks}


@bp.route("/exhibitions", methods=["GET", "POST"])
@require_role("curator")
def exhibitions_index():
    error, values = None, {}
    if request.method == "POST":
        values = request.form
        title = {code: request.form.get(f"title_{code}", "") for code in LANGUAGES}
        try:
            exhibitions.create(db.session, request.form.get("slug", ""), title, author=actor_name())
            db.session.commit()
        except (exhibitions.ExhibitionError, Conflict) as failed:
            db.session.rollback()
            error = problem_text(failed)
        else:
            slug = request.form["slug"].strip()
            flash(_("Exhibition %(slug)s created: add its blocks.", slug=slug))
            return redirect(url_for("curator.exhibition_composer", exhibition=slug), 303)
    return render_template("curator/exhibitions.html", exhibitions=exhibitions.all_exhibitions(db.session),
                           error=error, values=values, languages=LANGUAGES), 400 if error else 200


def _load(slug: str) -> exhibitions.Exhibition:
    try:
        return exhibitions.get(db.session, slug)
    except NotFound:
        abort(404)


def _changed(document: dict, form) -> tuple[dict, str]:
    """The document after the form's action, and the note of the version it makes."""
    action = form.get("action", "")
    blocks = document["blocks"]
    if action == "meta":
        document["title"] = {code: form.get(f"title_{code}", "") for code in LANGUAGES}
        document["summary"] = {code: form.get(f"summary_{code}", "") for code in LANGUAGES}
        cover = form.get("cover", "").strip()
        document["cover"] = {"image": cover, "region": form.get("cover_region", "")} if cover else None
        return document, "title, summary, cover"
    if action == "add":
        kind = form.get("kind", "")
        if kind not in BLOCK_FIELDS:
            raise exhibitions.ExhibitionError(f"unknown kind {kind!r}", code="unknown_kind", field="kind",
                                              value=kind)
        blocks.append(_block_from_form(kind, form))
        return document, f"added {kind} block"
    index = form.get("block", "")
    if not index.isdecimal() or not 1 <= int(index) <= len(blocks):
        abort(400, "no such block")
    index = int(index) - 1
    if action == "update":
        blocks[index] = _block_from_form(blocks[index]["kind"], form)
        return document, f"edited block {index + 1}"
    if action == "delete":
        removed = blocks.pop(index)
        return document, f"removed {removed['kind']} block {index + 1}"
    if action in ("up", "down"):
        other = index - 1 if action == "up" else index + 1
        if 0 <= other < len(blocks):
            blocks[index], blocks[other] = blocks[other], blocks[index]
        return document, f"moved block {index + 1} {action}"
    abort(400, "unknown action")


@bp.route("/exhibitions/<exhibition>", methods=["GET", "POST"])
@require_role("curator")
def exhibition_composer(exhibition: str):
    slug = exhibition
    exhibition = _load(slug)
    newest = exhibitions.version(db.session, exhibition)
    document = newest.document
    error, submitted = None, None
    if request.method == "POST":
        form = request.form
        base = form.get("base_version", "")
        try:
            if form.get("action") == "publish":
                exhibitions.publish(db.session, slug, actor=actor_name())
                db.session.commit()
                flash(_("Version %(number)s is published.", number=exhibition.current_version))
                return redirect(url_for("curator.exhibition_composer", exhibition=slug), 303)
            if form.get("action") == "unpublish":
                exhibitions.unpublish(db.session, slug)
                db.session.commit()
                flash(_("The exhibition is withdrawn: visitors no longer see it."))
                return redirect(url_for("curator.exhibition_composer", exhibition=slug), 303)
            import copy

            changed, note = _changed(copy.deepcopy(document), form)
            saved = exhibitions.save(db.session, slug, changed, author=actor_name(), note=note,
                                     base_version=int(base) if base.isdecimal() else None)
            db.session.commit()
        except (exhibitions.ExhibitionError, Conflict) as failed:
            db.session.rollback()
            error = problem_text(failed)
            submitted = {"action": form.get("action"), "block": form.get("block", ""), "values": form}
        else:
            flash(_("Saved as version %(number)s (a draft until published).", number=saved.number))
            anchor = f"block-{form.get('block')}" if form.get("block") else ""
            return redirect(url_for("curator.exhibition_composer", exhibition=slug, _anchor=anchor or None),
                            303)
    exhibition = _load(slug)
    return render_template("curator/exhibition.html", exhibition=exhibition, document=document,
                           version=exhibition.current_version, error=error, submitted=submitted,
                           history=exhibitions.history(db.session, exhibition), block_fields=BLOCK_FIELDS,
                           kind_names=KIND_NAMES, field_names=FIELD_NAMES, hints=HINTS,
                           languages=LANGUAGES, dict_from=_texts_from, autonyms=AUTONYMS,
                           share_channels={c: (SHARE_CHANNELS[c], wh) for c, wh in cards.CHANNELS.items()},
                           videos=_videos(exhibition), job_states=JOB_STATES, video_problem=video_problem,
                           **_choices()), 400 if error else 200


def _videos(exhibition: exhibitions.Exhibition) -> dict:
    """The Channels videos of the published version: made (per language) and jobs (the newest first)."""
    number = exhibition.published_version
    made = {}
    if number is not None:
        store = storage()
        for code in LANGUAGES:
            stat = store.stat(exhibition_exports.video_key(exhibition.slug, number, code))
            if stat is not None:
                made[code] = stat.bytes
    try:
        jobs = [job for job in job_queue().list(limit=200)
                if job.kind == VIDEO_JOB and job.payload.get("slug") == exhibition.slug
                and not (job.status == "done" and job.payload.get("language") in made
                         and job.payload.get("version") == number)]
        queue_down = False
    except Unavailable:
        jobs, queue_down = [], True
    latest: dict = {}
    for job in jobs:  # one line per (version, language): its newest job
        latest.setdefault((job.payload.get("version"), job.payload.get("language")), job)
    return {"version": number, "made": made, "jobs": list(latest.values())[:12], "queue_down": queue_down}


@bp.route("/exhibitions/<exhibition>/video", methods=["POST"])
@require_role("curator")
def exhibition_video_job(exhibition: str):
    """Make the Channels video of the published version in the chosen language: a job on the queue (one
    per version and language: asking again while it runs, or once the video is kept, makes nothing new)."""
    found = _load(exhibition)
    language = normalise_language(request.form.get("language")) or lang()
    if found.published_version is None:
        flash(_("Share images and the video are made from the published version: publish first."), "error")
        return redirect(url_for("curator.exhibition_composer", exhibition=found.slug, _anchor="video"), 303)
    number = found.published_version
    if storage().exists(exhibition_exports.video_key(found.slug, number, language)):
        flash(_("The video of version %(number)s is ready.", number=number), "ok")
        return redirect(url_for("curator.exhibition_composer", exhibition=found.slug, _anchor="video"), 303)
    try:
        job = job_queue().enqueue(VIDEO_JOB, {"slug": found.slug, "version": number, "language": language,
                                              "actor": actor_name()},
                                  key=f"exhibition-video:{found.slug}:{number}:{language}", max_attempts=2)
    except Unavailable:
        flash(_("The job queue is not answering: try again in a minute."), "error")
        return redirect(url_for("curator.exhibition_composer", exhibition=found.slug, _anchor="video"), 303)
    flash(_("The video is being made: its progress is shown below."), "ok")
    response = redirect(url_for("curator.exhibition_composer", exhibition=found.slug, _anchor="video"), 303)
    response.headers["Link"] = f'<{url_for("curator.job", job_id=job.id)}>; rel="monitor"'
    return response


@bp.route("/exhibitions/<exhibition>/video/v<int:number>-<language>.mp4")
@require_role("curator")
def exhibition_video_file(exhibition: str, number: int, language: str):
    """A kept Channels video, to download."""
    found = _load(exhibition)
    key = exhibition_exports.video_key(found.slug, number, language)
    store = storage()
    if language not in LANGUAGES or not store.exists(key):
        abort(404)
    stat = store.stat(key)

    def chunks():
        with store.open(key) as source:
            while chunk := source.read(1024 * 1024):
                yield chunk

    response = Response(chunks(), mimetype="video/mp4")
    response.headers["Content-Length"] = str(stat.bytes)
    response.headers["Content-Disposition"] = (f'attachment; filename="{found.slug}-v{number}-{language}'
                                               f'-channels.mp4"')
    return response


@bp.route("/exhibitions/<exhibition>/export.zip")
@require_role("curator")
def exhibition_export(exhibition: str):
    """Everything the social-media team posts, in ``?language=`` (the workspace's by default), as one zip
    streamed as it is made (:mod:`museum.exhibition_bundle`): of the published version, or ``?version=``."""
    found = _load(exhibition)
    number = request.args.get("version", "")
    number = int(number) if number.isdecimal() else found.published_version
    if number is None:
        abort(409, description=_("Share images and the video are made from the published version: publish "
                                 "first."))
    try:
        chosen = exhibitions.version(db.session, found, number)
    except NotFound:
        abort(404)
    language = normalise_language(request.args.get("language")) or lang()
    stream = exhibition_bundle.export_zip(found.slug, number, chosen.document, language)
    response = Response(stream_with_context(stream), mimetype="application/zip")
    response.headers["Content-Disposition"] = (f'attachment; filename="{found.slug}-v{number}-{language}'
                                               f'-social.zip"')
    return response


@bp.route("/exhibitions/<exhibition>/preview")
@require_role("curator")
def exhibition_preview(exhibition: str):
    """The newest version as visitors will see it once published (in the workspace's language)."""
    exhibition = _load(exhibition)
    number = request.args.get("version", "")
    chosen = exhibitions.version(db.session, exhibition, int(number) if number.isdecimal() else None)
    return render_template("public/exhibition.html", exhibition=exhibition, document=chosen.document,
                           blocks=exhibition_pages.blocks_for(chosen.document),
                           cover=exhibition_pages.cover_for(chosen.document), preview=chosen.number)


@bp.route("/exhibitions/<exhibition>/wechat.html")
@require_role("curator")
def exhibition_wechat(exhibition: str):
    """The newest version (or ``?version=``) as a WeChat official-account article in ``?language=`` (the
    workspace's language by default): open it, select all and paste into the WeChat editor, or save it
    (``?download=1``) and import it."""
    exhibition = _load(exhibition)
    number = request.args.get("version", "")
    chosen = exhibitions.version(db.session, exhibition, int(number) if number.isdecimal() else None)
    language = normalise_language(request.args.get("language")) or lang()
    html = exhibition_exports.wechat_article(exhibition.slug, chosen.document, language)
    response = Response(html, mimetype="text/html")
    if request.args.get("download"):
        response.headers["Content-Disposition"] = (f'attachment; filename="{exhibition.slug}-{language}'
                                                   f'-wechat.html"')
    return response
