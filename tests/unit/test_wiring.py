"""Explicit wiring: each app's listeners, password hashing, audit actors and health checks are its own —
set by plain calls in ``create_app``, never by importing a module — so two apps live side by side."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from museum import create_app
from museum.catalogue import audit
from museum.catalogue.audit import AuditEntry
from museum.catalogue.models import Record, SearchOutbox
from museum.catalogue.schema import create_schema
from museum.extensions import db, password_hasher
from museum.iiif.images import RENDERED_KEY
from tests.settings import TEST_SETTINGS


def _app(tmp_path, name: str, **settings):
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path / name), **settings})
    with app.app_context():
        create_schema(db)
    return app


def _counts(app) -> tuple[int, int]:
    with app.app_context(), db.transaction() as session:
        return (session.scalar(select(func.count(AuditEntry.seq))),
                session.scalar(select(func.count(SearchOutbox.id))))


def test_listeners_belong_to_the_apps_database_only(tmp_path):
    first, second = _app(tmp_path, "first"), _app(tmp_path, "second")
    with first.app_context(), db.transaction() as session:
        session.add(Record(accession_number="W.1", title={"zh": "甲"}))
    assert _counts(first) == (1, 1) and _counts(second) == (0, 0)
    engine = first.extensions["museum_db"].engine
    with Session(bind=engine) as session:  # a session of no Database: nothing listens to it
        session.add(Record(accession_number="W.2", title={"zh": "乙"}))
        session.commit()
    assert _counts(first) == (1, 1)
    for app in (first, second):
        app.extensions["museum_db"].dispose()


def test_each_app_names_its_actors_and_hashes_at_its_own_cost(tmp_path):
    cheap, standard = _app(tmp_path, "cheap"), _app(tmp_path, "standard", PASSWORD_HASH_COST="standard")
    assert (password_hasher(cheap).memory_cost, password_hasher(standard).memory_cost) == (1024, 65536)
    assert password_hasher(cheap).hash("x").startswith("$argon2id$v=19$m=1024,t=1,p=1$")
    audit.name_actors(standard.extensions["museum_db"], lambda: None, default="script:nightly")
    actors = {}
    for app in (cheap, standard):
        with app.app_context(), db.transaction() as session:
            session.add(Record(accession_number="W.3", title={"zh": "丙"}))
        with app.app_context(), db.transaction() as session:
            actors[app] = set(session.scalars(select(AuditEntry.actor)))
        app.extensions["museum_db"].dispose()
    assert actors[standard] == {"script:nightly"}
    assert len(actors[cheap]) == 1 and actors[cheap].pop().startswith("cli:")  # the app's own resolver


def test_health_checks_are_the_apps(tmp_path):
    app = _app(tmp_path, "health")
    checks = app.test_client().get("/healthz").get_json()["checks"]
    assert set(checks) == {"database", "search"} and checks["search"]["status"] == "ok"
    app.extensions["museum_db"].dispose()


def test_each_app_sizes_its_own_render_cache(tmp_path):
    small, off = _app(tmp_path, "small", IIIF_CACHE_MB=1), _app(tmp_path, "off", IIIF_CACHE_MB=0)
    caches = [app.extensions[RENDERED_KEY] for app in (small, off)]
    assert caches[0] is not caches[1] and [cache.max_bytes for cache in caches] == [1024 * 1024, 0]
    for app in (small, off):
        app.extensions["museum_db"].dispose()
