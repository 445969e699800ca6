"""Words for the workspace: record fields, roles, audit actions and tables in the curator's language
(the Chinese catalogue uses the national registration terms, WW/T 0017-2013), vocabulary choices by key,
and a field-by-field reading of an audit entry's before/after snapshots."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup, escape
from sqlalchemy import select

from languages import AUTONYMS, BCP47, CHINESE
from museum.catalogue import vocabulary
from museum.catalogue.models import Gallery
from museum.curator import bp
from museum.extensions import db

FIELDS = {
    "accession_number": _l("Accession number"),
    "title": _l("Title"),
    "description": _l("Description"),
    "category": _l("Category"),
    "period": _l("Period"),
    "start_year": _l("From year"),
    "end_year": _l("To year"),
    "material": _l("Material"),
    "quantity": _l("Quantity"),
    "height_cm": _l("Height (cm)"),
    "width_cm": _l("Width (cm)"),
    "depth_cm": _l("Depth (cm)"),
    "diameter_cm": _l("Diameter (cm)"),
    "dimensions_text": _l("Dimensions as written"),
    "weight_g": _l("Weight (g)"),
    "find_site": _l("Find site"),
    "acquisition_method": _l("Acquisition"),
    "acquisition_date": _l("Acquired"),
    "grade": _l("Grade"),
    "completeness": _l("Completeness"),
    "conservation_state": _l("Conservation state"),
    "gallery": _l("Gallery"),
    "rights": _l("Rights"),
    "licence": _l("Licence"),
    "published": _l("Published"),
    "username": _l("User name"),
    "role": _l("Role"),
    "active": _l("Active"),
    "name": _l("Name"),
    "slug": _l("Short name"),
    "position": _l("Position"),
    "last_login_at": _l("Last sign-in (UTC)"),
    "updated_at": _l("Updated (UTC)"),
    "created_at": _l("Created (UTC)"),
    "published_at": _l("Published (UTC)"),
    "id": _l("Identifier"),
    "record_id": _l("Record"),
    "gallery_id": _l("Gallery"),
    "gallery_slug": _l("Gallery"),
    "current_version": _l("Current version"),
    "layout_id": _l("Layout"),
    "layout_slug": _l("Layout"),
    "number": _l("Version"),
    "author": _l("Author"),
    "note": _l("Note"),
    "document": _l("Plan"),
    "problem_count": _l("Problems"),
    "is_sample": _l("Sample data"),
}
HINTS = {
    "start_year": _l("Years before the common era are negative: -300 is 300 BC."),
    "material": _l("One or more materials, separated by 、 or commas."),
    "acquisition_date": _l("YYYY-MM-DD"),
}
ROLES = {"admin": _l("administrator"), "curator": _l("curator"), "editor": _l("editor"),
         "viewer": _l("viewer")}
ACTIONS = {"insert": _l("added"), "update": _l("changed"), "delete": _l("removed")}
ENTITIES = {
    "records": _l("record"), "users": _l("account"), "galleries": _l("gallery"),
    "record_revisions": _l("record version"), "object_images": _l("image"), "object_models": _l("3D model"),
    "object_model_files": _l("3D model file"), "audio_tracks": _l("audio track"), "media_items": _l("media"),
    "layouts": _l("layout"), "layout_versions": _l("layout version"), "kiosk_devices": _l("kiosk"),
    "poems": _l("poem"), "instrument_modes": _l("instrument sound"),
}
# 3D model levels
DETAILS = {"web": _l("for the web"), "kiosk": _l("for kiosks"), "thumbnail": _l("thumbnail")}
VOCABULARY_FIELDS = {"category": "category", "period": "period", "grade": "grade",
                     "acquisition_method": "acquisition", "find_site": "place"}
HIDDEN = ("password_hash", "token_hash", "session_nonce", "secret")


def lang() -> str:
    return g.get("lang", "zh")


def field_label(name: str, language: str | None = None) -> Markup:
    """A field's name in words (``height_cm`` → 高（厘米）/Height (cm)); a multilingual value's language after
    it, marked as that language. A column with no name in words (an internal one) is shown as code."""
    label = escape(FIELDS[name]) if name in FIELDS else Markup("<code>{}</code>").format(name)
    if language:
        label += Markup(' · <span lang="{}">{}</span>').format(BCP47.get(language, language),
                                                             AUTONYMS.get(language, language))
    return label


def choices(session) -> dict[str, list[tuple[str, str]]]:
    """Drop-down options (key, label in the curator's language) of the vocabulary fields and galleries."""
    here = lang()
    found = {field: [(t.key, t.name(here)) for t in vocabulary.KINDS[kind]]
             for field, kind in VOCABULARY_FIELDS.items()}
    galleries = session.scalars(select(Gallery).order_by(Gallery.position, Gallery.slug))
    found["gallery"] = [(gallery.slug, _name(gallery.name, here) or gallery.slug) for gallery in galleries]
    return found


def _name(names: dict | None, here: str) -> str:
    names = names or {}
    return names.get(here) or names.get("zh" if here == "zh-Hant" else "en") or names.get("zh") or ""


def material_text(value: str | None) -> str:
    """A stored material (keys joined by commas, or free text) as the curator types it."""
    text, _is_key = vocabulary.label("material", value, lang())
    return text


def value_text(field: str, value) -> Markup:
    """A stored value as a curator reads it: vocabulary keys, galleries and roles by their names, yes/no,
    multilingual maps one language per line (each marked as its language)."""
    if value is None or value == "":
        return Markup("")
    kind = vocabulary.FIELD_KINDS.get(field)
    if kind and isinstance(value, str):
        text, is_key = vocabulary.label(kind, value, lang())
        return escape(text) if is_key else _marked(text)
    if field in ("gallery", "gallery_slug") and isinstance(value, str):
        gallery = db.session.scalar(select(Gallery).where(Gallery.slug == value))
        if gallery is None:
            return Markup("<code>{}</code>").format(value)
        return escape(_name(gallery.name, lang()) or value)
    if field == "role" and value in ROLES:
        return escape(ROLES[value])
    if isinstance(value, bool):
        return escape(_l("yes") if value else _l("no"))
    if isinstance(value, dict) and value and all(k in BCP47 for k in value):  # text in several languages
        return Markup("\n").join(
            Markup('<span lang="{}">{}: {}</span>').format(BCP47[k], AUTONYMS[k], v)
            for k, v in value.items() if v not in (None, "") and not isinstance(v, (dict, list)))
    if isinstance(value, dict):  # a nested snapshot (a media item's manifest ...): its fields one per line
        return Markup("\n").join(Markup("{}: {}").format(field_label(k), value_text(k, v))
                                  for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, list):
        if any(isinstance(v, (dict, list)) for v in value):  # a plan's cases, a manifest's files ...
            return escape(ngettext("%(num)d item", "%(num)d items", len(value)))
        return escape(", ".join(str(v) for v in value))
    if isinstance(value, (int, float)):
        return escape(value)
    if isinstance(value, str) and not any("\u3400" <= c <= "\u9fff" for c in value) and lang() in CHINESE:
        return Markup("<code>{}</code>").format(value) if "_" in value or "-" in value else escape(value)
    return _marked(str(value))


def _marked(text: str) -> Markup:
    """Free text kept in the language it was written in: Chinese text marked as Chinese on other pages."""
    if any("\u3400" <= c <= "\u9fff" for c in text) and lang() not in CHINESE:
        return Markup('<span lang="zh-Hans">{}</span>').format(text)
    return escape(text)


@dataclass(frozen=True)
class Change:
    field: str
    label: Markup
    before: Markup
    after: Markup


def entry_changes(before: dict | None, after: dict | None) -> list[Change]:
    """An audit entry's snapshots field by field: what was added, changed or removed (secrets left out)."""
    before, after = before or {}, after or {}
    changes = []
    for name in dict.fromkeys([*before, *after]):
        if name in HIDDEN or before.get(name) == after.get(name):
            continue
        changes.append(Change(name, field_label(name), value_text(name, before.get(name)),
                              value_text(name, after.get(name))))
    return changes


@bp.app_context_processor
def _workspace_words():
    return {"field_label": field_label, "role_label": lambda role: str(ROLES.get(role, role)),
            "action_label": lambda action: str(ACTIONS.get(action, action)),
            "entity_label": lambda entity: str(ENTITIES.get(entity, entity)),
            "value_text": value_text, "entry_changes": entry_changes, "field_hints": HINTS,
            "detail_label": lambda kind: str(DETAILS.get(kind, kind))}
