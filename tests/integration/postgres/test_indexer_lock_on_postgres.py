"""Two app servers (separate instance folders) on one PostgreSQL database: the search outbox's writer lock is
the database's advisory lock, not a file of one node, so while one node applies the outbox the other waits,
and each change is applied once whichever node wrote it."""

from __future__ import annotations

import threading

import pytest

from museum import create_app
from museum.catalogue import indexing
from museum.catalogue.models import Record
from museum.catalogue.schema import create_schema
from museum.catalogue.search_service import processor
from museum.extensions import db
from tests.settings import TEST_SETTINGS

pytestmark = pytest.mark.postgres


def test_the_outbox_writer_lock_spans_the_nodes_sharing_the_database(postgres_url, tmp_path):
    nodes = [create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path / name),
                         "DATABASE_URL": postgres_url}) for name in ("node-a", "node-b")]
    with nodes[0].app_context():
        create_schema(db)
        with db.transaction() as session:
            session.add(Record(accession_number="1989.0107", title={"zh": "战国铜虎钮錞于"}))
    a, b = (processor(node) for node in nodes)
    assert a.lock_path != b.lock_path  # each node's own instance folder
    with indexing.indexer_lock(a.lock_path, database=a.database) as held:
        assert held
        assert b.process(blocking=False) is None  # node B sees node A's lock
    applied, start = [], threading.Barrier(2)

    def apply(work):
        start.wait()
        applied.append(work.process(blocking=True))

    threads = [threading.Thread(target=apply, args=(work,)) for work in (a, b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(applied) == [0, 1]  # the change once, by one node; the other found nothing left
    for node in nodes:
        with node.app_context():
            db.dispose()
