"""A throwaway PostgreSQL server (Debian's postgresql, a new cluster in a temporary folder, its own port),
started once per test run and removed afterwards: the service's storage tested on the real thing."""

from __future__ import annotations

import glob

import pytest

from tests.servers import create_database, postgres


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    if not glob.glob("/usr/lib/postgresql/*/bin"):
        pytest.fail("PostgreSQL is missing: `make install` installs Debian's postgresql package")
    with postgres() as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server):
    """A new, empty database on the server for each test."""
    return create_database(postgres_server)
