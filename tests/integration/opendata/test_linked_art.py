"""Linked Art JSON-LD of objects: the route beside /api/v1/objects/<accession>, content and documentation."""

from __future__ import annotations

import json

AAT = "http://vocab.getty.edu/aat/"


def test_linked_art_object_and_json_route_side_by_side(client):
    response = client.get("/api/v1/objects/1989.0107.jsonld")
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    assert 'profile="https://linked.art/ns/v1/linked-art.json"' in response.headers["Content-Type"]
    data = json.loads(response.data)
    assert data["type"] == "HumanMadeObject" and data["id"] == "http://localhost/api/v1/objects/1989.0107.jsonld"
    assert client.get("/api/v1/objects/1989.0107").get_json()["accession_number"] == "1989.0107"


def test_names_identifier_dimensions_and_dates(client):
    data = json.loads(client.get("/api/v1/objects/1989.0107.jsonld").data)
    names = {n["language"][0]["_label"] + ":" + n["content"] for n in data["identified_by"]
             if n["type"] == "Name"}
    assert "Chinese:战国铜虎钮錞于" in names and "English:Bronze chunyu with tiger knob" in names
    identifiers = [i for i in data["identified_by"] if i["type"] == "Identifier"]
    assert identifiers == [{"type": "Identifier", "content": "1989.0107",
                            "classified_as": [{"id": AAT + "300312355", "type": "Type",
                                               "_label": "Accession Number"}]}]
    dims = {d["classified_as"][0]["_label"]: (d["value"], d["unit"]["_label"]) for d in data["dimension"]}
    assert dims["Height"] == (68, "centimeters") and dims["Weight"] == (30000, "grams")
    assert dims["Diameter"][0] in (36, 28)
    span = data["produced_by"]["timespan"]
    # Warring States, 475–221 BC: astronomical years -474 and -220
    assert span["begin_of_the_begin"] == "-0474-01-01T00:00:00Z"
    assert span["end_of_the_end"] == "-0220-12-31T23:59:59Z"
    assert data["current_location"]["_label"] == "Ancient Ba-Yu"
    pages = [p["digitally_carried_by"][0]["access_point"][0]["id"] for p in data["subject_of"]]
    assert "http://localhost/fr/objects/1989.0107" in pages and len(pages) == 6


def test_unknown_and_unpublished_objects_are_json_404(client, unpublished):
    for accession in ("0000.0000", sorted(unpublished)[0]):
        response = client.get(f"/api/v1/objects/{accession}.jsonld")
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_documented_in_openapi(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/objects/{accession}.jsonld"]["get"]
    assert "application/ld+json" in operation["responses"]["200"]["content"]
    assert "LinkedArtObject" in spec["components"]["schemas"]
