"""Presentation 3.0 manifests and collections served by the app, validated with iiif-prezi3."""

from __future__ import annotations

from iiif_prezi3 import Collection, Manifest

from tests.integration.images.conftest import GRID_ACCESSION


def _language_maps_everywhere(node) -> None:
    """Every label, summary and value in the document is a map of language → list of strings."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("label", "summary", "value"):
                assert isinstance(value, dict) and value, (key, value)
                assert all(isinstance(v, list) and all(isinstance(s, str) for s in v) for v in value.values())
            else:
                _language_maps_everywhere(value)
    elif isinstance(node, list):
        for item in node:
            _language_maps_everywhere(item)


def test_object_manifest(iiif_client):
    response = iiif_client.get(f"/iiif/manifests/{GRID_ACCESSION}.json")
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    doc = response.get_json()
    Manifest(**doc)
    _language_maps_everywhere(doc)
    assert doc["label"] == {"zh-Hans": ["验证网格"], "en": ["Validator grid"]}
    labels = [item["label"].get("en", [None])[0] for item in doc["metadata"]]
    assert {"Accession number", "Period", "Category", "Dimensions", "Gallery"} <= set(labels)
    period = doc["metadata"][labels.index("Period")]["value"]
    assert period["zh-Hans"] == ["战国"] and period["fr"] == ["Royaumes combattants"]
    assert doc["requiredStatement"]["value"]["en"] == [
        "Chongqing China Three Gorges Museum · CC0 Public Domain Dedication"]  # the image's statement
    assert doc["rights"] == "http://creativecommons.org/publicdomain/zero/1.0/"
    [canvas] = doc["items"]
    assert (canvas["width"], canvas["height"]) == (1000, 1000) and canvas["label"]["en"] == ["Grid"]
    service = canvas["items"][0]["items"][0]["body"]["service"][0]
    assert service["id"] == f"http://localhost/iiif/3/{GRID_ACCESSION}-1"
    assert iiif_client.get(service["id"].removeprefix("http://localhost") + "/info.json").status_code == 200
    assert doc["partOf"][0]["id"].endswith("/iiif/collections/test-gallery.json")


def test_unknown_or_unpublished_manifest_is_404(iiif_client):
    assert iiif_client.get("/iiif/manifests/1900.9999.json").status_code == 404
    assert iiif_client.get("/iiif/manifests/2099.0002.json").status_code == 404


def test_gallery_collection(iiif_client):
    response = iiif_client.get("/iiif/collections/test-gallery.json")
    doc = response.get_json()
    Collection(**doc)
    _language_maps_everywhere(doc)
    assert [item["id"] for item in doc["items"]] == [f"http://localhost/iiif/manifests/{GRID_ACCESSION}.json"]
    assert doc["items"][0]["thumbnail"][0]["width"] == 200
    assert iiif_client.get("/iiif/collections/nowhere.json").status_code == 404


def test_licence_names_become_rights_uris():
    from museum.catalogue.rights import resolve

    def rights_uri(value):
        statement = resolve(value)
        return statement.uri if statement else None

    assert rights_uri("CC BY-NC 4.0") == "http://creativecommons.org/licenses/by-nc/4.0/"
    assert rights_uri("cc0") == "http://creativecommons.org/publicdomain/zero/1.0/"
    assert rights_uri("http://rightsstatements.org/vocab/InC/1.0/") == "http://rightsstatements.org/vocab/InC/1.0/"
    assert rights_uri("All rights reserved") is None and rights_uri(None) is None
