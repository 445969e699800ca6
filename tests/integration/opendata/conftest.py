"""An app with the sample records plus unpublished ones, and a live server on it (for harvesters)."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from museum import create_app
from museum.catalogue.models import Record
from museum.catalogue.schema import create_schema
from museum.extensions import db
from museum.sample.records import load
from tests.settings import TEST_SETTINGS

UNPUBLISHED = [f"X2026.{n:04d}" for n in range(1, 8)]
WITHDRAWN = "1964.0012"


@pytest.fixture(scope="session")
def opendata_app(tmp_path_factory):
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path_factory.mktemp("opendata") / "instance"),
                      "SECRET_KEY": "opendata-tests", "OAI_PAGE_SIZE": 25,
                      "GALLERY_PAGE_SIZE": 5})
    with app.app_context():
        create_schema(db)
        load(app, lambda message: None)
        with db.transaction() as session:
            for accession in UNPUBLISHED:
                session.add(Record(accession_number=accession,
                                   title={"zh": "未发布", "en": "Unpublished draft"},
                                   published=False))
            # one sample record withdrawn from publication too
            session.query(Record).filter_by(accession_number=WITHDRAWN).one().published = False
    yield app
    with app.app_context():
        db.dispose()


@pytest.fixture(scope="session")
def published(opendata_app) -> set[str]:
    with opendata_app.app_context():
        return {r.accession_number for r in db.session.query(Record).filter(Record.published.is_(True))}


@pytest.fixture(scope="session")
def unpublished(opendata_app) -> set[str]:
    with opendata_app.app_context():
        return {r.accession_number for r in db.session.query(Record).filter(Record.published.is_(False))}


@pytest.fixture(scope="session")
def live_opendata(opendata_app):
    server = make_server("127.0.0.1", 0, opendata_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def client(opendata_app):
    return opendata_app.test_client()
