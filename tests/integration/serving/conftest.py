"""An empty instance for tests that start the production server (``museum serve``)."""

from __future__ import annotations

import pytest

from museum import create_app
from museum.catalogue.schema import create_schema
from museum.extensions import db


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    path = tmp_path_factory.mktemp("serving") / "instance"
    app = create_app({"INSTANCE_PATH": str(path)})
    with app.app_context():
        create_schema(db)
        db.dispose()
    return path
