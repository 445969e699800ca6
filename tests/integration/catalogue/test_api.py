"""The JSON API: shapes, filters, fallback and errors (always JSON, never an HTML traceback)."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

from museum.catalogue.schema import create_schema
from museum.extensions import db
from museum.sample import records as sample_records
from museum.sample.records import load


@pytest.fixture
def sample_client(app):
    with app.app_context():
        create_schema(db)
        load(app, lambda message: None)
    return app.test_client()


def test_list_objects_shape_and_paging(sample_client):
    body = sample_client.get("/api/v1/objects?size=5&page=2&lang=en").get_json()
    assert set(body) == {"total", "page", "size", "items"}
    assert body["total"] == len(sample_records.sample_records())
    assert body["page"] == 2 and len(body["items"]) == 5
    item = body["items"][0]
    assert set(item) == {"accession_number", "title", "category", "period", "start_year", "end_year",
                         "gallery", "url"}
    assert item["url"].endswith(f"/en/objects/{item['accession_number']}")


def test_filters_accept_keys_and_names(sample_client):
    by_key = sample_client.get("/api/v1/objects?category=bronze&period=warring-states&size=100").get_json()
    by_name = sample_client.get("/api/v1/objects?category=铜器&period=戰國&size=100").get_json()
    assert by_key == by_name
    assert "1989.0107" in {i["accession_number"] for i in by_key["items"]}
    assert all(i["category"] == "bronze" and i["period"] == "warring-states" for i in by_key["items"])
    gallery = sample_client.get("/api/v1/objects?gallery=coins&size=100").get_json()
    assert gallery["total"] > 0 and all(i["gallery"] == "coins" for i in gallery["items"])


def test_title_in_the_requested_language_with_fallback(sample_client, app):
    from museum.catalogue.models import Record

    with app.app_context():
        record = db.session.query(Record).filter_by(accession_number="1989.0107").one()
        record.title = {"zh": "战国铜虎钮錞于", "en": "Bronze chunyu"}
        db.session.commit()
    def title(lang):
        items = sample_client.get(f"/api/v1/objects?category=bronze&size=100&lang={lang}").get_json()["items"]
        return next(i["title"] for i in items if i["accession_number"] == "1989.0107")

    titles = {lang: title(lang) for lang in ("zh", "ja", "fr", "ko", "zh-Hant")}
    assert titles == {"zh": "战国铜虎钮錞于", "ja": "战国铜虎钮錞于", "fr": "Bronze chunyu",
                      "ko": "Bronze chunyu", "zh-Hant": "战国铜虎钮錞于"}


def test_object_detail_has_multilingual_maps(sample_client):
    body = sample_client.get("/api/v1/objects/1989.0107").get_json()
    assert body["title"]["zh"] == "战国铜虎钮錞于" and body["title"]["en"].startswith("Bronze chunyu")
    assert ((body["height_cm"], body["weight_g"], body["start_year"], body["gallery"])
            == (68, 30000, -475, "ancient-ba-yu"))


def test_galleries(sample_client):
    items = sample_client.get("/api/v1/galleries").get_json()["items"]
    assert len(items) == 10 and items[0]["slug"] == "three-gorges"
    one = sample_client.get("/api/v1/galleries/coins").get_json()
    assert one["name"]["fr"] == "Les monnaies à travers les dynasties" and one["object_count"] > 0


@pytest.mark.parametrize("url, status", [
    ("/api/v1/objects?size=abc", 400), ("/api/v1/objects?page=0", 400), ("/api/v1/objects?size=101", 400),
    ("/api/v1/objects?page=-1", 400), ("/api/v1/objects?lang=de", 400),
    ("/api/v1/objects?category=nothing", 400), ("/api/v1/objects?gallery=nowhere", 400),
    ("/api/v1/objects/NOPE", 404), ("/api/v1/galleries/nowhere", 404),
    ("/api/v1/nothing-here", 404),
])
def test_errors_are_json(sample_client, url, status):
    response = sample_client.get(url)
    assert response.status_code == status
    assert response.is_json and set(response.get_json()["error"]) == {"code", "message"}


def test_method_not_allowed_is_json(sample_client):
    response = sample_client.delete("/api/v1/objects")
    assert response.status_code == 405 and response.get_json()["error"]["code"] == "method_not_allowed"


def test_unpublished_records_are_invisible(sample_client, app):
    from museum.catalogue.models import Record

    with app.app_context():
        db.session.query(Record).filter_by(accession_number="1989.0107").one().published = False
        db.session.commit()
    assert sample_client.get("/api/v1/objects/1989.0107").status_code == 404
    assert sample_client.get("/zh/objects/1989.0107").status_code == 404
    items = sample_client.get("/api/v1/objects?category=bronze&size=100").get_json()["items"]
    assert "1989.0107" not in {i["accession_number"] for i in items}


def test_openapi_document_is_valid_and_complete(sample_client, app):
    spec = sample_client.get("/api/v1/openapi.json").get_json()
    validate(spec)
    documented = set(spec["paths"])
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint not in ("api.openapi_json", "api.docs"):
            # <int(max=9):model_id> -> {model_id}
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            assert path in documented, f"{path} is not in the OpenAPI document"
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert method.lower() in spec["paths"][path], f"{method} {path} is not documented"


def test_docs_page_renders_every_path(sample_client):
    html = sample_client.get("/api/v1/docs").get_data(as_text=True)
    assert "GET /api/v1/objects/{accession}" in html


def test_healthz(sample_client):
    body = sample_client.get("/healthz").get_json()
    assert body["status"] in ("ok", "degraded") and body["checks"]["database"]["status"] == "ok"
