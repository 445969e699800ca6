"""IIIF Presentation API 3.0 manifests and collections, built from plain dicts (no framework, no ORM).

Language maps take ``{"zh-Hans": "鸟形铜尊", "en": "Bird-shaped zun"}`` (BCP 47 keys, one string or a
list of strings each) and come out as the spec's ``{"zh-Hans": ["鸟形铜尊"], ...}``; empty values are
dropped. Each image becomes one canvas painted by one annotation whose body carries its image service.
"""

from __future__ import annotations

from collections.abc import Iterable

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
NO_LANGUAGE = "none"


def language_map(values: dict | str | None) -> dict:
    """``{"en": "a"}`` → ``{"en": ["a"]}``; a bare string becomes ``{"none": [...]}``."""
    if values is None:
        return {}
    if isinstance(values, str):
        return {NO_LANGUAGE: [values]} if values else {}
    result = {}
    for lang, text in values.items():
        texts = [text] if isinstance(text, str) else list(text or [])
        texts = [t for t in texts if t]
        if texts:
            result[lang] = texts
    return result


def label_value(label: dict | str, value: dict | str) -> dict | None:
    label, value = language_map(label), language_map(value)
    return {"label": label, "value": value} if label and value else None


def image_service(service_id: str, profile: str = "level2") -> dict:
    return {"id": service_id, "type": "ImageService3", "profile": profile}


def thumbnail(service_id: str, width: int, height: int, box: int = 400) -> dict:
    """A JPEG thumbnail no larger than ``box`` on its longer side, with its image service."""
    scale = min(1.0, box / max(width, height))
    w, h = max(1, round(width * scale)), max(1, round(height * scale))
    return {"id": f"{service_id}/full/{w},{h}/0/default.jpg", "type": "Image", "format": "image/jpeg",
            "width": w, "height": h, "service": [image_service(service_id)]}


def canvas(manifest_id: str, position: int, image: dict) -> dict:
    """One canvas for ``image``: ``{"service_id", "width", "height", "label"?, "rights"?}`` (``rights``: the
    image's own rights URI, which may differ from the manifest's)."""
    canvas_id = f"{manifest_id.removesuffix('.json')}/canvas/{position}"
    service_id, width, height = image["service_id"], int(image["width"]), int(image["height"])
    body = {"id": f"{service_id}/full/max/0/default.jpg", "type": "Image", "format": "image/jpeg",
            "width": width, "height": height, "service": [image_service(service_id)]}
    result = {"id": canvas_id, "type": "Canvas", "width": width, "height": height}
    label = language_map(image.get("label"))
    result["label"] = label or {NO_LANGUAGE: [str(position)]}
    result["thumbnail"] = [thumbnail(service_id, width, height)]
    if image.get("rights"):
        result["rights"] = image["rights"]
    result["items"] = [{
        "id": f"{canvas_id}/page",
        "type": "AnnotationPage",
        "items": [{"id": f"{canvas_id}/page/painting", "type": "Annotation", "motivation": "painting",
                   "body": body, "target": canvas_id}],
    }]
    return result


def manifest(record: dict, images: Iterable[dict]) -> dict:
    """A Manifest for one object.

    ``record`` keys: ``id`` (the manifest's URL), ``label`` (language map), optional ``summary``,
    ``metadata`` (list of ``(label, value)`` language-map pairs), ``required_statement`` (a pair),
    ``rights`` (a Creative Commons or RightsStatements.org URI), ``homepage`` (``{"id", "label"}``),
    ``part_of`` (collection URLs), ``provider`` (``{"id", "label", "homepage"?}``).
    """
    images = list(images)
    doc = {"@context": CONTEXT, "id": record["id"], "type": "Manifest",
           "label": language_map(record.get("label")) or {NO_LANGUAGE: [record["id"]]}}
    summary = language_map(record.get("summary"))
    if summary:
        doc["summary"] = summary
    metadata = [pair for pair in (label_value(lbl, val) for lbl, val in record.get("metadata", ())) if pair]
    if metadata:
        doc["metadata"] = metadata
    if record.get("required_statement"):
        statement = label_value(*record["required_statement"])
        if statement:
            doc["requiredStatement"] = statement
    if record.get("rights"):
        doc["rights"] = record["rights"]
    if record.get("provider"):
        doc["provider"] = [_agent(record["provider"])]
    if record.get("homepage"):
        doc["homepage"] = [_text_page(record["homepage"])]
    if record.get("part_of"):
        doc["partOf"] = [{"id": url, "type": "Collection"} for url in record["part_of"]]
    if images:
        doc["thumbnail"] = [thumbnail(images[0]["service_id"], images[0]["width"], images[0]["height"])]
    doc["items"] = [canvas(record["id"], position, image) for position, image in enumerate(images, 1)]
    return doc


def collection(collection_id: str, label: dict | str, manifests: Iterable[dict],
               summary: dict | None = None, rights: str | None = None) -> dict:
    """A Collection of manifests: ``manifests`` items are ``{"id", "label", "thumbnail"?}``."""
    doc = {"@context": CONTEXT, "id": collection_id, "type": "Collection",
           "label": language_map(label) or {NO_LANGUAGE: [collection_id]}}
    if summary and language_map(summary):
        doc["summary"] = language_map(summary)
    if rights:
        doc["rights"] = rights
    items = []
    for entry in manifests:
        item = {"id": entry["id"], "type": "Manifest",
                "label": language_map(entry.get("label")) or {NO_LANGUAGE: [entry["id"]]}}
        if entry.get("thumbnail"):
            item["thumbnail"] = [entry["thumbnail"]]
        items.append(item)
    doc["items"] = items
    return doc


def _agent(provider: dict) -> dict:
    agent = {"id": provider["id"], "type": "Agent", "label": language_map(provider["label"])}
    if provider.get("homepage"):
        agent["homepage"] = [_text_page(provider["homepage"])]
    return agent


def _text_page(page: dict) -> dict:
    return {"id": page["id"], "type": "Text", "label": language_map(page.get("label") or page["id"]),
            "format": "text/html"}
