"""The job queue's engines under test: the catalogue database's jobs table (SQLite) and a real Redis (Debian's
redis-server, started once per test run on a free loopback port)."""

from __future__ import annotations

import shutil
import uuid

import pytest

from museum.catalogue.db import Database
from museum.catalogue.schema import create_schema
from museum.jobs.database_queue import DatabaseQueue
from tests.servers import redis_server


class Clock:
    """A clock the test moves by hand: backoffs and leases without waiting."""

    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed and could not be: `make install` installs Debian's "
                    "redis-server (system-packages.txt)")
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(params=["database", "redis"])
def engine(request, tmp_path):
    """``make(**options)``: a new client of one queue store per engine (several clients = several workers)."""
    made, url = [], None
    if request.param == "database":
        database = Database(f"sqlite:///{tmp_path / 'jobs.sqlite3'}")
        create_schema(database)

        def make(**options):
            return DatabaseQueue(database, **options)
    else:
        import redis

        from museum.jobs.redis_queue import RedisQueue
        url, prefix = request.getfixturevalue("redis_url"), f"t{uuid.uuid4().hex[:8]}"
        redis.Redis.from_url(url).flushdb()  # the default prefix too, which `museum worker` uses

        def make(**options):
            queue = RedisQueue(redis.Redis.from_url(url), prefix=prefix, **options)
            made.append(queue)
            return queue
    make.name = request.param
    make.url = url
    yield make
    for queue in made:
        queue.close()
    if request.param == "database":
        database.dispose()
