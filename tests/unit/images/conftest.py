from __future__ import annotations

import pytest

from assets.images.ingest import ingest
from assets.images.render import Pyramid
from tests.unit.images.grid import make_validator_grid


@pytest.fixture(scope="session")
def grid_png(tmp_path_factory):
    return make_validator_grid(tmp_path_factory.mktemp("grid") / "grid.png")


@pytest.fixture(scope="session")
def grid_pyramid(grid_png, tmp_path_factory):
    _info, derivatives = ingest(grid_png, tmp_path_factory.mktemp("grid-pyramid"))
    return Pyramid(derivatives[0].path)
