"""The outbox: every record change reaches the index through one writer, and nothing is lost."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from museum.catalogue import indexing
from museum.catalogue.models import Gallery, Record, SearchOutbox
from museum.catalogue.models3d import ObjectModel
from museum.catalogue.search_service import get_service, processor, stop_indexer
from museum.cli.search import index_command
from museum.extensions import db
from search.query import Filters, SearchRequest
from tests.settings import TEST_SETTINGS


def add_records(*records):
    with db.transaction() as session:
        gallery = session.scalar(select(Gallery).where(Gallery.slug == "ancient-ba-yu"))
        if gallery is None:
            gallery = Gallery(slug="ancient-ba-yu", name={"zh": "远古巴渝", "en": "Ancient Ba-Yu"})
            session.add(gallery)
        for number, zh, en in records:
            session.add(Record(accession_number=number, title={"zh": zh, "en": en}, description={},
                               category="bronze", period="warring-states", start_year=-475, end_year=-221,
                               gallery=gallery, published=True))


def outbox(session=None) -> list[tuple[str, str]]:
    with db.transaction() as s:
        return [(r.accession_number, r.operation)
                for r in s.scalars(select(SearchOutbox).order_by(SearchOutbox.id))]


def found(app, q, **filters) -> set[str]:
    result = get_service(app).search(SearchRequest(q=q, filters=Filters(**filters)))
    return {h.accession_number for h in result.hits}


def test_changes_write_outbox_rows_in_the_same_transaction(app):
    with app.app_context():
        add_records(("1989.0107", "战国铜虎钮錞于", "Bronze chunyu"))
        assert outbox() == [("1989.0107", "upsert")]
        with pytest.raises(RuntimeError), db.transaction() as session:
            session.add(Record(accession_number="X.1", title={"zh": "不会保存"}))
            session.flush()
            raise RuntimeError("abandon the transaction")
        assert outbox() == [("1989.0107", "upsert")]
        with db.transaction() as session:
            record = session.scalar(select(Record).where(Record.accession_number == "1989.0107"))
            record.accession_number = "1989.0108"
        with db.transaction() as session:
            session.delete(session.scalar(select(Record).where(Record.accession_number == "1989.0108")))
        assert outbox()[1:] == [("1989.0107", "delete"), ("1989.0108", "upsert"), ("1989.0108", "delete")]


def test_processing_applies_upserts_edits_and_deletes(app):
    with app.app_context():
        add_records(("1989.0107", "战国铜虎钮錞于", "Bronze chunyu"),
                    ("2002.0031", "鸟形铜尊", "Bird-shaped zun"))
        assert processor(app).process() == 2
        assert found(app, "錞于") == {"1989.0107"}
        assert found(app, "远古巴渝") == {"1989.0107", "2002.0031"}  # the gallery's name is searchable
        with db.transaction() as session:
            record = session.scalar(select(Record).where(Record.accession_number == "2002.0031"))
            record.title = {"zh": "凤鸟纹铜尊"}
            record.published = False
            session.delete(session.scalar(select(Record).where(Record.accession_number == "1989.0107")))
        processor(app).process()
        assert found(app, "錞于") == set()
        assert found(app, "凤鸟") == set()  # unpublished now
        assert found(app, "凤鸟", published_only=False) == {"2002.0031"}
        assert outbox() == []


def test_renaming_a_gallery_reindexes_its_records(app):
    with app.app_context():
        add_records(("1989.0107", "战国铜虎钮錞于", "Bronze chunyu"))
        processor(app).process()
        with db.transaction() as session:
            session.scalar(select(Gallery)).name = {"zh": "巴渝文明", "en": "Ba-Yu civilisation"}
        processor(app).process()
        assert found(app, "civilisation") == {"1989.0107"}


class FailingEngine:
    """An engine that is down: it refuses every change."""

    def apply(self, upserts, deletes=()):
        raise ConnectionError("engine down")


def test_rows_stay_until_every_engine_accepted_them_and_are_replayed(app):
    with app.app_context():
        add_records(("1989.0107", "战国铜虎钮錞于", "Bronze chunyu"))
        service = get_service(app)
        crashing = indexing.OutboxProcessor(db, [service.embedded, FailingEngine()], service.lock_path)
        with pytest.raises(ConnectionError):
            crashing.process()
        assert outbox() == [("1989.0107", "upsert")]
        assert processor(app).process() == 1
        assert outbox() == [] and found(app, "錞于") == {"1989.0107"}


def test_one_writer_at_a_time(app):
    with app.app_context():
        add_records(("1989.0107", "战国铜虎钮錞于", "Bronze chunyu"))
        work = processor(app)
        with indexing.indexer_lock(work.lock_path) as held:
            assert held
            assert work.process(blocking=False) is None
        assert work.process(blocking=False) == 1


def test_a_rebuild_flags_the_records_that_have_a_3d_model(app, runner):
    with app.app_context():
        add_records(("1972.0008", "错金编钟", "Chime bells"), ("2002.0031", "鸟形铜尊", "Bird-shaped zun"))
        with db.transaction() as session:
            record = session.scalar(select(Record).where(Record.accession_number == "1972.0008"))
            session.add(ObjectModel(record_id=record.id, source_name="bells.glb", source_format="glb",
                                    source_sha256="1" * 64, units="m", up="y"))
        result = runner.invoke(index_command, ["--rebuild"])
        assert result.exit_code == 0, result.output
        assert found(app, "", has_3d=True) == {"1972.0008"}
        assert found(app, "", has_3d=False) == {"2002.0031"}


def test_rebuild_command_swaps_the_index_and_clears_covered_rows(app, runner):
    with app.app_context():
        add_records(("1989.0107", "战国铜虎钮錞于", "Bronze chunyu"),
                    ("2002.0031", "鸟形铜尊", "Bird-shaped zun"))
        result = runner.invoke(index_command, ["--rebuild"])
        assert result.exit_code == 0, result.output
        assert "2 records" in result.output
        assert outbox() == [] and found(app, "铜") == {"1989.0107", "2002.0031"}
        status = runner.invoke(index_command, ["--status"])
        assert '"outbox": 0' in status.output and '"documents": 2' in status.output
        add_records(("1977.0012", "三羊铜尊", "Bronze zun with three rams"))
        assert "applied 1 outbox change" in runner.invoke(index_command, ["--process-outbox"]).output
        assert runner.invoke(index_command, []).exit_code != 0


def test_background_indexer_makes_commits_searchable(app):
    app.config["SEARCH_INDEXER_THREAD"] = True
    client = app.test_client()
    try:
        assert client.get("/api/v1/search?q=x").status_code == 200  # the first request starts the thread
        with app.app_context():
            add_records(("1989.0107", "战国铜虎钮錞于", "Bronze chunyu"))
        # Wait for the indexer to report an empty outbox (a bound for a stuck thread, not a speed check).
        # The engines accept a change before its outbox row is deleted, so the row may outlive the moment
        # the record becomes searchable: the old test polled search and then found the row still there.
        assert app.extensions["museum_search_indexer"].wait_until_applied(timeout=60)
        answer = client.get("/api/v1/search?q=錞于").get_json()
        assert answer["total"] == 1 and answer["indexing"] is False
        with app.app_context():
            assert db.new_session().scalar(select(func.count(SearchOutbox.id))) == 0
    finally:
        stop_indexer(app)


def test_answers_say_when_changes_are_waiting_for_the_index(app):
    client = app.test_client()
    with app.app_context():
        add_records(("1989.0107", "战国铜虎钮錞于", "Bronze chunyu"))
    waiting = client.get("/api/v1/search?q=錞于").get_json()
    assert waiting["total"] == 0 and waiting["indexing"] is True  # not silently empty
    assert "being updated" in client.get("/en/search?q=錞于").get_data(as_text=True)
    with app.app_context():
        processor(app).process()
    answer = client.get("/api/v1/search?q=錞于").get_json()
    assert answer["total"] == 1 and answer["indexing"] is False


def test_adding_a_3d_model_reindexes_its_record_with_the_flag(app):
    with app.app_context():
        add_records(("1989.0107", "战国铜虎钮錞于", "Bronze chunyu"),
                    ("2002.0031", "鸟形铜尊", "Bird-shaped zun"))
        processor(app).process()
        assert found(app, "", has_3d=True) == set()
        with db.transaction() as session:
            record = session.scalar(select(Record).where(Record.accession_number == "1989.0107"))
            session.add(ObjectModel(record_id=record.id, source_name="chunyu.glb", source_format="glb",
                                    source_sha256="0" * 64, units="m", up="y"))
        assert outbox() == [("1989.0107", "upsert")]
        processor(app).process()
        assert found(app, "", has_3d=True) == {"1989.0107"}
        assert found(app, "", has_3d=False) == {"2002.0031"}


def test_what_the_cli_writes_is_searchable_at_once(tmp_path, monkeypatch):
    """No web worker runs: the command itself applies the outbox (issue 13, item 9)."""
    from click.testing import CliRunner

    from museum import create_app
    from museum.cli import main

    instance = tmp_path / "cli-instance"
    monkeypatch.setenv("MUSEUM_INSTANCE", str(instance))  # the command sets it: restored after the test
    runner = CliRunner()
    assert runner.invoke(main, ["--instance", str(instance), "init"]).exit_code == 0
    csv_file = tmp_path / "thirty.csv"
    assert runner.invoke(main, ["--instance", str(instance), "generate", "--records", "30", "-o",
                                str(csv_file)]).exit_code == 0
    result = runner.invoke(main, ["--instance", str(instance), "import", str(csv_file)])
    assert result.exit_code == 0, result.output
    assert "search index: applied" in result.output
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(instance)})
    answer = app.test_client().get("/api/v1/search?q=").get_json()
    assert answer["total"] > 0 and answer["indexing"] is False
    with app.app_context():
        db.dispose()
