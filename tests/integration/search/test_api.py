"""``/api/v1/search`` and ``/api/v1/suggest`` over HTTP, with the embedded engine and with Elasticsearch."""

from __future__ import annotations

import logging
import socket

import pytest

from museum import create_app
from museum.catalogue.models import Gallery, Record
from museum.catalogue.schema import create_schema
from museum.catalogue.search_service import processor
from museum.extensions import db
from tests.integration.search.catalogue import DOCUMENTS
from tests.settings import TEST_SETTINGS


def load(app):
    with app.app_context():
        with db.transaction() as session:
            galleries = {}
            for d in DOCUMENTS:
                slug = d["gallery"]
                if slug and slug not in galleries:
                    galleries[slug] = Gallery(slug=slug, name={"en": slug.replace("-", " ").title()})
                    session.add(galleries[slug])
                session.add(Record(accession_number=d["accession_number"], title=d["title"],
                                   description=d["description"], category=d["category"], period=d["period"],
                                   start_year=d["start_year"], end_year=d["end_year"],
                                   published=d["published"], gallery=galleries.get(slug)))
        processor(app).process()


@pytest.fixture
def loaded_client(app):
    load(app)
    return app.test_client()


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def test_search_answers_the_documented_shape(loaded_client):
    body = get(loaded_client, "/api/v1/search?q=錞于&lang=en")
    assert set(body) >= {"total", "page", "size", "hits", "facets", "did_you_mean"}
    assert body["total"] == 1 and body["page"] == 1 and body["size"] == 20
    hit = body["hits"][0]
    assert set(hit) == {"accession_number", "title", "highlight", "score"}
    assert hit["accession_number"] == "1989.0107" and hit["title"] == "Bronze chunyu with tiger knob"
    assert body["facets"]["category"] == [{"value": "bronze", "count": 1}]
    assert set(body["facets"]) == {"category", "period", "gallery"}


def test_filters_years_and_paging(loaded_client):
    body = get(loaded_client, "/api/v1/search?category=bronze,weapons&period=战国")
    assert {h["accession_number"] for h in body["hits"]} == {"1989.0107", "2002.0031", "1954.0003"}
    body = get(loaded_client, "/api/v1/search?year_from=-300&year_to=-250&gallery=ancient-ba-yu")
    numbers = {h["accession_number"] for h in body["hits"]}
    assert numbers == {"1989.0107", "2002.0031", "1972.0008", "1954.0003"}
    first = get(loaded_client, "/api/v1/search?size=5")
    second = get(loaded_client, f"/api/v1/search?size=5&cursor={first['cursor']}")
    assert second["page"] == 2
    first_numbers = {h["accession_number"] for h in first["hits"]}
    assert not first_numbers & {h["accession_number"] for h in second["hits"]}
    assert get(loaded_client, "/api/v1/search?has_3d=true")["total"] == 0  # no record has a 3D model


@pytest.mark.parametrize("url, parameter", [
    ("/api/v1/search?q=" + "x" * 10_240, "q"), ("/api/v1/search?page=0", "page"),
    ("/api/v1/search?size=1000", "size"), ("/api/v1/search?lang=xx", "lang"),
    ("/api/v1/search?category=nonsense", "category"), ("/api/v1/search?period=Mingg", "period"),
    ("/api/v1/search?year_from=abc", "year_from"), ("/api/v1/search?year_from=10&year_to=-10", "year_from"),
    ("/api/v1/search?has_3d=maybe", "has_3d"), ("/api/v1/search?gallery=Bad%20Slug", "gallery"),
    ("/api/v1/search?cursor=%21%21", "cursor"), ("/api/v1/search?cursor=e30", "cursor"),
    ("/api/v1/search?page=600&size=20", "cursor"), ("/api/v1/suggest?q=" + "y" * 10_240, "q"),
])
def test_bad_parameters_are_a_400_naming_the_problem(loaded_client, url, parameter):
    body = get(loaded_client, url, status=400)
    assert parameter in body["error"]["message"]


@pytest.mark.parametrize("q", ['"', "AND", "a AND b", "NEAR(铜, 尊)", "*", ":", "[", "]]]", "(", "{",
                               "\x00\x01\x02", "%", "\\", "铜" * 400, "title:铜 OR published:false"])
def test_query_syntax_gives_ordinary_results(loaded_client, q):
    body = get(loaded_client, "/api/v1/search?" + __import__("urllib.parse").parse.urlencode({"q": q}))
    assert "T0005" not in {h["accession_number"] for h in body["hits"]}


def test_suggest_completes_pinyin_prefixes(loaded_client):
    body = get(loaded_client, "/api/v1/suggest?q=huniu")
    assert body["suggestions"][0]["text"] == "虎钮錞于"
    assert len(get(loaded_client, "/api/v1/suggest?q=b&lang=en")["suggestions"]) <= 10
    assert get(loaded_client, "/api/v1/suggest?q=")["suggestions"] == []


def test_did_you_mean(loaded_client):
    body = get(loaded_client, "/api/v1/search?q=bronse&lang=en")
    assert body["did_you_mean"] == "bronze" and body["total"] > 0


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_elasticsearch_down_answers_from_the_embedded_index(tmp_path, caplog):
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "t",
                      "SEARCH_BACKEND": "elasticsearch",
                      "ELASTICSEARCH_URL": f"http://127.0.0.1:{_closed_port()}"})
    with app.app_context():
        create_schema(db)
    try:
        with app.app_context():
            from museum.catalogue.search_service import get_service

            with db.transaction() as session:
                session.add(Record(accession_number="1989.0107", title={"zh": "战国铜虎钮錞于"},
                                   published=True))
            embedded_only = processor(app)
            embedded_only.backends = [get_service(app).embedded]  # Elasticsearch cannot take the change
            embedded_only.process()
        client = app.test_client()
        with caplog.at_level(logging.WARNING):
            body = get(client, "/api/v1/search?q=錞于")
        assert body["degraded"] is True and body["total"] == 1
        assert any("Elasticsearch unavailable" in r.getMessage() for r in caplog.records)
        health = get(client, "/healthz")
        assert health["status"] == "degraded" and health["checks"]["search"]["status"] == "degraded"
        assert get(client, "/api/v1/suggest?q=huniu")["degraded"] is True
    finally:
        app.extensions["museum_db"].dispose()


@pytest.mark.elasticsearch
def test_elasticsearch_backend_through_the_api(tmp_path, elasticsearch_url):
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "t",
                      "SEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": elasticsearch_url,
                      "ELASTICSEARCH_INDEX_PREFIX": "api", "ELASTICSEARCH_TIMEOUT": 60})
    with app.app_context():
        create_schema(db)
    try:
        load(app)
        client = app.test_client()
        body = get(client, "/api/v1/search?q=huniu")
        assert body["engine"] == "elasticsearch" and body["degraded"] is False
        assert [h["accession_number"] for h in body["hits"]] == ["1989.0107"]
        assert get(client, "/healthz")["checks"]["search"]["status"] == "ok"
    finally:
        app.extensions["museum_db"].dispose()
