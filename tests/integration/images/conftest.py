"""A real IIIF server for the images tests: an app on a temporary instance, served by werkzeug in a thread."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from museum import create_app
from museum.catalogue.images import IMAGES
from museum.catalogue.models import Gallery, Record
from museum.catalogue.schema import create_schema
from museum.extensions import db
from museum.media import storage
from tests.settings import TEST_SETTINGS
from tests.unit.images.grid import make_validator_grid

GRID_ACCESSION = "2099.0001"


@pytest.fixture(scope="session")
def iiif_app(tmp_path_factory):
    instance = tmp_path_factory.mktemp("iiif-instance")
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(instance), "SECRET_KEY": "test"})
    grid = make_validator_grid(instance / "grid.png")
    with app.app_context():
        create_schema(db)
        with db.transaction() as session:
            gallery = Gallery(slug="test-gallery", name={"zh": "测试展厅", "en": "Test gallery"})
            record = Record(accession_number=GRID_ACCESSION, title={"zh": "验证网格", "en": "Validator grid"},
                            description={"en": "The IIIF validator's test image."}, gallery=gallery,
                            period="warring-states", category="bronze", height_cm=10.0, published=True)
            hidden = Record(accession_number="2099.0002", title={"en": "Unpublished"}, published=False)
            session.add_all([gallery, record, hidden])
            session.flush()
            IMAGES.add(session, GRID_ACCESSION, grid, storage(), captions={"zh": "网格", "en": "Grid"},
                       rights="http://creativecommons.org/publicdomain/zero/1.0/")
            IMAGES.add(session, "2099.0002", grid, storage())
    yield app
    with app.app_context():
        db.dispose()


@pytest.fixture(scope="session")
def live_server(iiif_app):
    """``host:port`` of a threaded werkzeug server running the app."""
    server = make_server("127.0.0.1", 0, iiif_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def iiif_client(iiif_app):
    return iiif_app.test_client()
