"""Drafts leave the published record alone; publishing, history, diff and revert."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from museum.catalogue import repository, revisions
from museum.catalogue.audit import AuditEntry
from museum.exceptions import Conflict
from museum.extensions import db


def form_for(record) -> dict:
    data = revisions.snapshot(record)
    texts = ("title", "description")
    form = {f"{name}_{lang}": text for name in texts for lang, text in data[name].items()}
    form.update({k: "" if v is None else str(v) for k, v in data.items() if k not in texts})
    return form


def test_form_validation_uses_the_import_rules(app, catalogue):
    with app.app_context(), db.transaction() as session:
        record = revisions.get_record(session, "1989.0107")
        form = form_for(record) | {"height_cm": "tall", "category": "spaceship", "title_ja": "虎鈕錞于",
                                   "gallery": "nowhere"}
        data, errors = revisions.validate_form(session, form)
    assert set(errors) == {"height_cm", "category", "gallery"}
    assert data["title"]["ja"] == "虎鈕錞于" and data["title"]["zh"] == "战国铜虎钮錞于"


def test_a_draft_is_invisible_until_published(app, catalogue):
    with app.app_context():
        with db.transaction() as session:
            record = revisions.get_record(session, "1989.0107")
            data, errors = revisions.validate_form(session, form_for(record) | {"title_en": "Chunyu (draft)"})
            assert not errors
            revisions.save_draft(session, record, data, "editor:wang")
        with db.transaction() as session:
            public = repository.get_record(session, "1989.0107")
            assert public.title["en"] == "Bronze chunyu"
            record = revisions.get_record(session, "1989.0107")
            published = revisions.publish(session, record, "curator:li")
            assert published.number == 2  # 1 is the baseline of the imported record
        with db.transaction() as session:
            assert repository.get_record(session, "1989.0107").title["en"] == "Chunyu (draft)"
            assert revisions.open_draft(session, record) is None


def test_a_new_record_stays_unpublished_until_published(app, catalogue):
    with app.app_context():
        with db.transaction() as session:
            data, errors = revisions.validate_form(session, {"accession_number": "1977.0012",
                                                             "title_zh": "三羊铜尊", "height_cm": "43.8"})
            assert not errors
            revisions.create_record(session, "1977.0012", data, "editor:wang")
        with db.transaction() as session:
            assert repository.get_record(session, "1977.0012") is None
            record = revisions.get_record(session, "1977.0012")
            assert record.title == {} and not record.published
            assert revisions.publish(session, record, "curator:li").number == 1  # nothing to keep before it
        with db.transaction() as session:
            assert repository.get_record(session, "1977.0012").height_cm == 43.8


def _publish(session, accession, actor="curator:li", **changes):
    record = revisions.get_record(session, accession)
    data = revisions.snapshot(record)
    for key, value in changes.items():
        name, _, lang = key.partition("__")
        if lang:
            data[name] = {**data[name], lang.replace("_", "-"): value}
        else:
            data[name] = value
    revisions.save_draft(session, record, data, "editor:wang")
    return revisions.publish(session, record, actor)


def test_diff_is_field_by_field_and_language_by_language(app, catalogue):
    with app.app_context(), db.transaction() as session:
        _publish(session, "2002.0031", title__fr="Zun en forme d'oiseau", height_cm=28.5,
                 gallery="three-gorges")
        record = revisions.get_record(session, "2002.0031")
        v1, v2 = (revisions.get_revision(session, record, n).data for n in (1, 2))
        changes = [(c.label, c.before, c.after) for c in revisions.diff(v1, v2)]
        changed_en = [(c.label, c.before, c.after) for c in revisions.diff(v1, v1 | {"title": {"en": "Zun"}})]
    assert changes == [("title [fr]", None, "Zun en forme d'oiseau"), ("height_cm", 28.0, 28.5),
                       ("gallery", "ancient-ba-yu", "three-gorges")]
    assert changed_en == [("title [zh]", "鸟形铜尊", None), ("title [en]", "Bird-shaped zun", "Zun")]


def test_revert_publishes_the_old_content_as_a_new_version_and_is_audited(app, catalogue):
    with app.app_context():
        with db.transaction() as session:
            _publish(session, "2002.0031", height_cm=30.0, title__zh_Hant="鳥形銅尊")
            _publish(session, "2002.0031", height_cm=31.0)
        with db.transaction() as session:
            record = revisions.get_record(session, "2002.0031")
            reverted = revisions.revert(session, record, 1, "curator:li")
            assert reverted.number == 4 and reverted.note == "revert to version 1"
        with db.transaction() as session:
            record = repository.get_record(session, "2002.0031")
            assert record.height_cm == 28.0 and "zh-Hant" not in record.title
            assert [r.number for r in revisions.history(session, record)] == [4, 3, 2, 1]
            updates = session.scalars(select(AuditEntry).where(AuditEntry.entity == "records",
                                                               AuditEntry.action == "update")).all()
            assert [u.after.get("height_cm") for u in updates] == [30.0, 31.0, 28.0]


def test_publishing_without_a_draft_and_reverting_to_a_missing_version_fail(app, catalogue):
    with app.app_context(), db.transaction() as session:
        record = revisions.get_record(session, "1989.0107")
        with pytest.raises(Conflict):
            revisions.publish(session, record, "curator:li")
        with pytest.raises(Exception, match="no version 7"):
            revisions.revert(session, record, 7, "curator:li")
