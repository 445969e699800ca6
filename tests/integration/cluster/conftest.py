"""The cluster of docs/deploy.md started once for the module (``cluster.running_cluster``)."""

from __future__ import annotations

import pytest

from tests.integration.postgres.conftest import postgres_server  # noqa: F401 - the fixture, shared
from tests.integration.search.conftest import elasticsearch_url  # noqa: F401 - the fixture, shared

from .cluster import running_cluster


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, postgres_server, elasticsearch_url):  # noqa: F811
    with running_cluster(tmp_path_factory.mktemp("cluster"), postgres_server, elasticsearch_url) as running:
        yield running
