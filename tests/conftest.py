"""Shared fixtures (the flaskr pattern): an app on a temporary instance, its client and CLI runner."""

from __future__ import annotations

import pytest

from museum import create_app
from museum.catalogue.schema import create_schema
from museum.extensions import db
from tests.settings import TEST_SETTINGS


@pytest.fixture
def app(tmp_path):
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "test"})
    with app.app_context():
        create_schema(db)
    yield app
    with app.app_context():
        db.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
