"""Problems in the curator's language. The catalogue (:mod:`museum.catalogue.validation`, ``parsing``,
``revisions``) and the media kinds (:mod:`assets`) name a problem by a stable ``code`` and its parameters, and
keep an English message for the CLI and the logs; the workspace says the code here, through the message
catalogues, with the value, file or version it names and what to do next. A code with no sentence here is
shown as its English message, so a new problem is never lost."""

from __future__ import annotations

from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from museum.curator import bp
from museum.curator.labels import FIELDS, lang

# a record field's value (the form shows each next to its field, described by it)
VALUES = {
    "control_characters": _l("Contains invisible control characters: type the text again."),
    "formula": _l("“%(value)s” looks like a spreadsheet formula: paste the value instead."),
    "required": _l("This field is required."),
    "invalid_accession": _l("“%(value)s” is not an accession number: use letters, digits and . - _ / : ( )."),
    "too_long": _l("Longer than %(limit)s characters: shorten it."),
    "not_whole_number": _l("“%(value)s” is not a whole number."),
    "not_a_number": _l("“%(value)s” is not a number."),
    "negative": _l("%(value)s is negative: a measure is 0 or more."),
    "unknown_term": _l("“%(value)s” is not in the list: choose one of its entries."),
    "unknown_term_close": _l("“%(value)s” is not in the list: did you mean %(suggestions)s?"),
    "unknown_gallery": _l("There is no gallery “%(value)s”: choose one from the list."),
    "end_before_start": _l("%(end)s is before the first year, %(start)s: check both years."),
    "too_small": _l("Must be at least %(minimum)s."),
    "implausibly_large": _l("%(value)s is implausibly large: check the unit."),
    "no_unit": _l("“%(value)s” has no unit: write 厘米, 毫米, 米, cm, mm or m."),
    "unreadable_dimensions": _l("Cannot read the dimensions “%(value)s”: write them like "
                                "高68厘米 口径36厘米."),
    "unreadable_weight": _l("Cannot read the weight “%(value)s”: write it like 30千克 or 108.95克."),
    "unreadable_date": _l("Cannot read the date “%(value)s”: write YYYY, YYYY-MM or YYYY-MM-DD."),
    "no_such_date": _l("“%(value)s” is not a real date."),
    "future_date": _l("“%(value)s” is in the future."),
    "unreadable_quantity": _l("Cannot read the quantity “%(value)s”: write a whole number, like 1 or 14."),
    "not_yes_or_no": _l("“%(value)s” is neither yes nor no."),
    "title_required": _l("Give a title in at least one language."),
    # a record's versions
    "record_exists": _l("Record %(accession)s already exists: choose another accession number or edit it."),
    "no_draft": _l("This record has no draft."),
    "no_version": _l("This record has no version %(number)s."),
    "never_published": _l("Version %(number)s was never published, so it cannot be restored."),
}
# an uploaded file refused: by the media kinds' codes (assets/*/exceptions.py), each naming the file
UPLOADS = {
    "no_file": _l("Choose a file to upload."),
    "empty_file": _l("%(file)s is empty: choose another file."),
    "unsupported": _l("%(file)s is not in a format accepted here: see the formats listed with the form."),
    "too_large": _l("%(file)s is over the limit (size, pixels or duration): upload a smaller file."),
    "unreadable": _l("%(file)s cannot be read or is damaged: check that it opens, then upload it again."),
    "silent_audio": _l("%(file)s is silent: check the recording."),
    "clipped_audio": _l("%(file)s is clipped (too loud): export it again at a lower level."),
    "bad_channel_layout": _l("%(file)s does not have the channels of the chosen layout: check the layout."),
    "bad_transcript": _l("The transcript %(file)s cannot be used: it must be UTF-8 text or WebVTT whose cues "
                         "fall inside the track."),
    "unsafe_archive": _l("%(file)s is an archive with unsafe paths: upload the model files themselves."),
    "missing_texture": _l("%(file)s uses a texture that was not uploaded: put it in a ZIP archive with the "
                          "model."),
    "model_frame": _l("“%(value)s” is not a unit or up axis of a model: choose the units (mm, cm or m) and "
                      "the up axis (y or z) the file was made in."),
    "track_language": _l("Choose the language the track is spoken in."),
    "track_kind": _l("Choose whether the track is a guide or a soundscape."),
    "storage_unavailable": _l("The media store cannot be reached: nothing was added. Try again later."),
    "failed": _l("%(file)s could not be processed: nothing was added. Tell an administrator if it happens "
                 "again."),
}
UPLOAD_CODES = {
    "unsupported_image_type": "unsupported", "unsupported_model_format": "unsupported",
    "unsupported_audio_format": "unsupported",
    "file_too_large": "too_large", "too_many_pixels": "too_large", "model_too_large": "too_large",
    "audio_limit": "too_large",
    "corrupt_image": "unreadable", "image_rejected": "unreadable", "invalid_geometry": "unreadable",
    "empty_model": "unreadable", "undecodable_audio": "unreadable",
    "derivative_failed": "failed", "encoder_failed": "failed",
}


def _said(template, params: dict) -> str:
    return str(template) % params


def value_problem(code: str | None, params: dict, message: str) -> str:
    """A field's problem (an :class:`~museum.catalogue.validation.Issue` or a catalogue error) in the
    curator's language; its English ``message`` when the code has no sentence."""
    if code == "unknown_term" and params.get("suggestions"):
        code = "unknown_term_close"
        params = params | {"suggestions": " / ".join(params["suggestions"])}
    if code in VALUES:
        try:
            return _said(VALUES[code], params)
        except (KeyError, TypeError, ValueError):
            pass
    return message


def form_errors(issues: dict) -> dict[str, str]:
    """``{field: Issue}`` of :func:`museum.catalogue.revisions.validate_form` → ``{field: words}``."""
    return {name: value_problem(issue.code, issue.params, issue.message) for name, issue in issues.items()}


def error_text(error) -> str:
    """A catalogue error (:class:`~museum.exceptions.MuseumError`) in the curator's language."""
    return value_problem(getattr(error, "code", None), getattr(error, "params", {}), error.message)


def upload_problem(error, files: list[str], noun: str) -> str:
    """A refused upload in the curator's language, naming the file: the uploaded file (of ``files``)
    whose name the English message names, else the first. A code with no sentence here (a new media kind's
    own) is shown as the kind's noun and its English message."""
    code = getattr(error, "code", None)
    code = UPLOAD_CODES.get(code, code)
    message = getattr(error, "message", str(error))
    if code not in UPLOADS:
        return f"{noun}: {message}"
    named = next((name for name in files if name and name in message), files[0] if files else "")
    params = {"file": Path(named).name} | getattr(error, "params", {})
    return _said(UPLOADS[code], params)


def size_check(check: dict | None) -> str:
    """A 3D model's size compared with the catalogue's dimensions (``ObjectModel.crosscheck``)."""
    if not check:
        return ""
    if not check.get("checked"):
        return _("No catalogue dimensions to compare with.")
    if not check.get("mismatch"):
        return _("Matches the catalogue dimensions (within %(tolerance)s).",
                 tolerance=f"{check.get('tolerance', 0) * 100:.0f} %")
    worst = max(check["checks"], key=lambda c: abs(c["ratio"] - 1))
    name = f"{worst['dimension']}_cm"
    text = _("Size differs from the catalogue, %(dimension)s: %(model)s in the model, %(catalogue)s in the "
             "catalogue (%(difference)s).", dimension=str(FIELDS.get(name, name)),
             model=f"{worst['model_cm']:g}",
             catalogue=f"{worst['catalogue_cm']:g}", difference=f"{(worst['ratio'] - 1) * 100:+.1f} %")
    if check.get("suspected_units"):
        text += ("" if lang() in ("zh", "zh-Hant", "ja") else " ") + _(
            "The file seems to be in %(units)s: remove it and add it again in %(units)s.",
            units=check["suspected_units"])
    return text


def notice_text(notice) -> str:
    """A kind's warning in the curator's language when it names its problem, else as it is."""
    if getattr(notice, "code", None) == "size_mismatch":
        return size_check(notice.params.get("check"))
    return str(notice)


# a gallery layout's problems, by the checker's reason (exhibits/layouts/checker.py REASONS) and its params
LAYOUT = {
    "case_outside_hall": _l("Case %(case)s reaches %(area)s m² outside the hall."),
    "case_overlaps_wall": _l("Case %(case)s overlaps wall %(wall)s."),
    "cases_overlap": _l("Cases %(case)s and %(other)s overlap by %(area)s m²."),
    "unknown_size": _l("%(object)s (%(placement)s) has no size: add its dimensions to the record or a 3D "
                       "model."),
    "object_outside_hall": _l("%(object)s (%(placement)s) stands outside the hall."),
    "object_above_ceiling": _l("%(object)s (%(placement)s) is %(height)s m high, above the %(ceiling)s m "
                               "ceiling."),
    "object_on_case": _l("%(object)s (%(placement)s) stands on case %(case)s."),
    "object_wider_than_case": _l("%(object)s (%(placement)s) does not fit case %(case)s with %(clearance)s "
                                 "cm clearance."),
    "object_taller_than_case": _l("%(object)s (%(placement)s) is %(height)s m high; case %(case)s holds "
                                  "%(room)s m."),
    "plinth_above_ceiling": _l("%(object)s (%(placement)s) on plinth %(case)s reaches above the ceiling."),
    "objects_overlap": _l("%(object)s and %(other)s overlap in case %(case)s."),
    "objects_too_close": _l("%(object)s and %(other)s in case %(case)s are only %(gap)s cm apart."),
    "case_overloaded": _l("Case %(case)s carries %(load)s kg, more than its %(limit)s kg limit."),
    "light_too_bright": _l("%(object)s gets %(lux)s lux, more than the %(limit)s lux allowed "
                           "(%(material_class)s)."),
    "door_blocked": _l("Door %(door)s is blocked by %(blockers)s."),
    "aisle_too_narrow": _l("No route %(width)s m wide from door %(door)s to door %(other)s."),
    "aisle_too_narrow_at": _l("No route %(width)s m wide from door %(door)s to door %(other)s: narrow at "
                              "%(places)s."),
}
# a material's light class (exhibits/layouts/conservation.py light_class)
LIGHT_CLASSES = {
    "highly_sensitive": _l("highly light-sensitive materials: paper, textiles, dyes, photographs"),
    "sensitive": _l("light-sensitive materials: wood, lacquer, leather, bone, ivory, horn, oil paint"),
    "insensitive": _l("materials not sensitive to light: metal, stone, ceramics, glass, jade"),
    "unknown": _l("an unknown material, treated as light-sensitive"),
}
# the plan editor's own words (static/js/layout-editor.js)
LAYOUT_EDITOR = {
    "problems": _l("Problems: %(count)s"),
    "no_problems": _l("No problems"),
    "saving": _l("Saving…"),
    "saved": _l("Saved as version %(number)s (problems: %(count)s)."),
    "not_saved": _l("Not saved: %(reason)s"),
    "rendering": _l("Rendering the preview…"),
    "render_failed": _l("Preview failed: %(reason)s"),
    "rendered": _l("Preview ready."),
    "undone": _l("Undone."),
    "redone": _l("Redone."),
    "open_case": _l("Open case"),
    "close_case": _l("Close case %(case)s"),
    "case_open": _l("Case %(case)s is open: drag its objects; Escape or a click outside closes it."),
    "refused_hall": _l("%(item)s cannot leave the hall: it went back to where it was."),
    "refused_object": _l("%(item)s cannot leave case %(case)s: it went back to where it was."),
    "clear_wall": _l("wall %(gap)s m"),
    "clear_case": _l("case %(case)s %(gap)s m"),
    "clear_exit": _l("exit %(door)s %(gap)s m"),
    "clear_inner": _l("case wall %(gap)s m"),
    "clear_object": _l("object %(item)s %(gap)s m"),
    "selected_many": _l("%(count)s selected: %(items)s"),
    "selection_cleared": _l("Selection cleared."),
    "refused_group": _l("The selection cannot move there: %(item)s would leave the hall. Nothing moved."),
    "refused_group_case": _l("The selection cannot move there: %(item)s would leave case %(case)s. "
                             "Nothing moved."),
}


def layout_editor_text() -> dict:
    """What the plan editor says, in the curator's language: each layout problem's sentence by its reason
    (with %(name)s placeholders the script fills from the problem's params), the light classes and its own
    words."""
    return {"reasons": {key: str(text) for key, text in LAYOUT.items()},
            "light_classes": {key: str(text) for key, text in LIGHT_CLASSES.items()},
            **{key: str(text) for key, text in LAYOUT_EDITOR.items()}}


@bp.app_context_processor
def _problem_words():
    return {"size_check": size_check}
