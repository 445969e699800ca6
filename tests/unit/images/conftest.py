from __future__ import annotations

import pytest

from assets.images.kind import IMAGE
from assets.images.render import Pyramid
from assets.storage import LocalStorage
from tests.unit.images.grid import make_validator_grid


@pytest.fixture(scope="session")
def grid_png(tmp_path_factory):
    return make_validator_grid(tmp_path_factory.mktemp("grid") / "grid.png")


@pytest.fixture(scope="session")
def grid_pyramid(grid_png, tmp_path_factory):
    storage = LocalStorage(tmp_path_factory.mktemp("grid-pyramid"))
    ingested = IMAGE.ingest(grid_png, storage, "grid")
    return Pyramid(storage.local_path(ingested.derivative("pyramid").key))
