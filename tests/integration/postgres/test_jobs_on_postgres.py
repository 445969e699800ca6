"""The job queue's contract (tests/integration/jobs/test_contract.py) on the jobs table of a PostgreSQL
database, as several nodes share it when no Redis is configured: the same tests, this module's engine."""

from __future__ import annotations

import pytest

from museum.catalogue.db import Database
from museum.catalogue.schema import create_schema
from museum.jobs.database_queue import DatabaseQueue
from tests.integration.jobs.test_contract import (  # noqa: F401 - collected here with this module's engine
    test_a_job_runs_once_and_shows_its_progress,
    test_a_lost_lease_gives_the_job_to_another_worker_and_the_first_finishes_nothing,
    test_failures_are_retried_with_backoff_then_dead_until_retried,
    test_racing_workers_never_take_one_job_twice,
    test_the_same_key_makes_one_job_while_it_waits_or_runs,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def engine(postgres_url):
    database = Database(postgres_url)
    create_schema(database)

    def make(**options):
        return DatabaseQueue(database, **options)

    make.name, make.url = "database", None
    yield make
    database.dispose()
