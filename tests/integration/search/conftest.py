"""Engines for the search contract: tantivy in a temporary folder, and Elasticsearch's API served by a
real local osmem-server process that this fixture starts and stops (never mocks)."""

from __future__ import annotations

import itertools

import pytest

from search.tantivy_backend import TantivyBackend

_names = itertools.count()


@pytest.fixture(scope="session")
def elasticsearch_url():
    from osmem_server import OsmemServer

    server = OsmemServer.start(freeze=False)
    yield server.url
    server.close()


@pytest.fixture(scope="session")
def engine_factory(tmp_path_factory, request):
    created = []

    def make(engine: str):
        number = next(_names)
        if engine == "tantivy":
            backend = TantivyBackend(tmp_path_factory.mktemp(f"tantivy{number}"))
        elif engine == "elasticsearch":
            from search.elasticsearch_backend import ElasticsearchBackend

            url = request.getfixturevalue("elasticsearch_url")
            backend = ElasticsearchBackend(url, prefix=f"contract{number}", timeout=60)  # loaded CI machines
        else:
            raise ValueError(engine)
        created.append(backend)
        return backend

    yield make
    for backend in created:
        backend.close()
