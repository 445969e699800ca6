"""The audit log sees every change (unit of work, bulk statements) and its chain detects tampering."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, insert, select, text, update

from museum.catalogue import audit, audit_chain
from museum.catalogue.audit import AuditEntry
from museum.catalogue.models import Gallery, Record
from museum.extensions import db


def entries(session) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))


def test_inserts_from_a_session_are_logged_with_actor_and_values(app, catalogue):
    with app.app_context(), db.transaction() as session:
        log = entries(session)
    assert [(e.action, e.entity, e.entity_key) for e in log] == [
        ("insert", "galleries", "three-gorges"), ("insert", "galleries", "ancient-ba-yu"),
        ("insert", "records", "1989.0107"), ("insert", "records", "2002.0031"),
        ("insert", "records", "1955.0021")]
    chunyu = log[2]
    assert chunyu.before is None and chunyu.after["height_cm"] == 68.0
    assert chunyu.after["title"]["zh"] == "战国铜虎钮錞于"
    assert chunyu.actor.startswith("cli:")
    assert [e.prev_hash for e in log[1:]] == [e.hash for e in log[:-1]]


def test_update_logs_only_changed_fields_with_before_and_after(app, catalogue):
    with app.app_context():
        with audit.acting_as("curator:li"), db.transaction() as session:
            gorges = session.scalar(select(Gallery).where(Gallery.slug == "three-gorges"))
            record = session.scalar(select(Record).where(Record.accession_number == "2002.0031"))
            record.height_cm = 28.5
            record.title = {**record.title, "fr": "Zun en forme d'oiseau"}
            record.material = "青铜"  # was None
            record.gallery = gorges  # a relationship change: logged as the foreign key
        with db.transaction() as session:
            last = entries(session)[-1]
            gorges_id = session.scalar(select(Gallery.id).where(Gallery.slug == "three-gorges"))
    assert (last.action, last.entity_key, last.actor) == ("update", "2002.0031", "curator:li")
    assert last.before == {"height_cm": 28.0, "title": {"zh": "鸟形铜尊", "en": "Bird-shaped zun"},
                           "material": None, "gallery_id": last.before["gallery_id"]}
    assert last.after["height_cm"] == 28.5 and last.after["material"] == "青铜"
    assert last.after["title"]["fr"] == "Zun en forme d'oiseau"
    assert last.after["gallery_id"] == gorges_id != last.before["gallery_id"]


def test_unchanged_assignment_writes_no_entry(app, catalogue):
    with app.app_context():
        with db.transaction() as session:
            before = len(entries(session))
            record = session.scalar(select(Record).where(Record.accession_number == "2002.0031"))
            record.height_cm = 28.0
        with db.transaction() as session:
            assert len(entries(session)) == before


def test_change_to_an_attribute_that_was_not_loaded_still_has_its_old_value(app, catalogue):
    with app.app_context():
        with db.transaction() as session:
            record = session.scalar(select(Record).where(Record.accession_number == "1989.0107"))
            session.expire(record, ["weight_g"])
            record.weight_g = 30100.0
        with db.transaction() as session:
            last = entries(session)[-1]
    assert last.before == {"weight_g": 30000.0} and last.after == {"weight_g": 30100.0}


def test_delete_logs_the_whole_row(app, catalogue):
    with app.app_context():
        with db.transaction() as session:
            session.delete(session.scalar(select(Record).where(Record.accession_number == "1955.0021")))
        with db.transaction() as session:
            last = entries(session)[-1]
    assert (last.action, last.entity_key, last.after) == ("delete", "1955.0021", None)
    assert last.before["weight_g"] == 108.95


def test_bulk_orm_statements_are_logged(app, catalogue):
    with app.app_context():
        with db.transaction() as session:
            session.execute(insert(Record), [
                {"accession_number": "1977.0012", "title": {"zh": "三羊铜尊"}},
                {"accession_number": "1954.0003", "title": {"zh": "巴式柳叶剑"}}])
            session.execute(update(Record).where(Record.accession_number.in_(["1977.0012", "2002.0031"]))
                            .values(category="bronze"))
            session.execute(delete(Record).where(Record.accession_number == "1954.0003"))
        with db.transaction() as session:
            log = entries(session)[-5:]
    assert [(e.action, e.entity_key) for e in log[:2]] == [("insert", "1977.0012"), ("insert", "1954.0003")]
    updated = sorted((e.action, e.entity_key) for e in log[2:4])
    assert updated == [("update", "1977.0012"), ("update", "2002.0031")]
    assert (log[4].action, log[4].entity_key) == ("delete", "1954.0003")
    updates = {e.entity_key: e for e in log if e.action == "update"}
    assert updates["2002.0031"].before == {"category": None}
    assert updates["2002.0031"].after == {"category": "bronze"}
    assert log[-1].before["title"] == {"zh": "巴式柳叶剑"}


def test_rolled_back_changes_leave_no_entries(app, catalogue):
    with app.app_context():
        with pytest.raises(RuntimeError), db.transaction() as session:
            session.scalar(select(Record).where(Record.accession_number == "1989.0107")).grade = "一级"
            session.flush()
            raise RuntimeError("abort")
        with db.transaction() as session:
            assert all(e.action == "insert" for e in entries(session))
            assert audit_chain.verify(session).ok


def test_the_log_refuses_updates_and_deletes(app, catalogue):
    with app.app_context(), pytest.raises(Exception, match="append-only"), db.transaction() as session:
        session.execute(text("UPDATE audit_log SET actor = 'someone else' WHERE seq = 1"))


def _tamper(app, statement: str, **params) -> None:
    """What someone with write access to the database file could do: drop the guard and edit rows."""
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
        connection.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete"))
        connection.execute(text(statement), params)


def _verify(app, anchors=()):
    with app.app_context(), db.transaction() as session:
        return audit_chain.verify(session, anchors)


def test_verify_accepts_an_untouched_chain(app, catalogue):
    result = _verify(app)
    assert result.ok and result.entries == 5 and result.head_seq == 5


@pytest.mark.parametrize(("statement", "problem", "seq"), [
    ("UPDATE audit_log SET after_json = replace(after_json, '68.0', '66.0') WHERE seq = 3", "edited_entry",
     3),
    ("UPDATE audit_log SET actor = 'nobody' WHERE seq = 2", "edited_entry", 2),
    ("DELETE FROM audit_log WHERE seq = 2", "missing_entries", 3),
    ("DELETE FROM audit_log WHERE seq = 5", "truncated_tail", 5),
])
def test_verify_detects_edited_and_deleted_entries(app, catalogue, statement, problem, seq):
    _tamper(app, statement)
    result = _verify(app)
    assert not result.ok
    found = [{"seq": p["seq"], "problem": p["problem"]} for p in result.problems]
    assert {"seq": seq, "problem": problem} in found


def test_a_rewritten_chain_is_caught_by_an_earlier_anchor(app, catalogue):
    anchor = (_verify(app).head_seq, _verify(app).head_hash)
    with app.app_context(), db.transaction() as session:  # rewrite entry 5 and recompute everything after it
        row = session.get(AuditEntry, 5)
        forged_after = row.after_json.replace("108.95", "1.0")
        forged = audit.entry_hash({**{name: getattr(row, name) for name in audit.HASHED},
                                   "after_json": forged_after})
    _tamper(app, "UPDATE audit_log SET after_json = :a, hash = :h WHERE seq = 5", a=forged_after, h=forged)
    _tamper(app, "UPDATE audit_head SET hash = :h", h=forged)
    assert _verify(app).ok  # self-consistent again ...
    # ... but not the anchor
    assert [p["problem"] for p in _verify(app, [anchor]).problems] == ["anchor_mismatch"]
