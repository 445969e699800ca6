"""Sign-in throttling on PostgreSQL: the upserts, the counted refusals (UPDATE ... RETURNING) and the
reservations behave as on SQLite."""

from __future__ import annotations

import pytest

from museum import create_app
from museum.catalogue import accounts, audit_chain
from museum.catalogue import signin_throttle as throttle
from museum.catalogue.schema import create_schema
from museum.extensions import db, password_hasher
from tests.integration.curator.test_signin_throttle import ATTACKER, ELSEWHERE, Browser, attack
from tests.settings import TEST_SETTINGS
from tests.unit.curator.support import PASSWORD, FakeClock

pytestmark = pytest.mark.postgres


def test_sign_in_throttling_on_postgres(postgres_url, tmp_path):
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path / "pg"), "DATABASE_URL": postgres_url,
                      "SECRET_KEY": "test"})
    clock = app.extensions["museum_clock"] = FakeClock()
    with app.app_context():
        create_schema(db)
        with db.transaction() as session:
            accounts.create_user(session, "curator1", "curator", PASSWORD, password_hasher())
    answers = attack(Browser(app, ATTACKER), "curator1", 40, clock)
    waits = [retry_after for status, retry_after in answers if status == 429]
    assert waits[:6] == [1, 2, 4, 8, 16, 32]
    assert Browser(app, ELSEWHERE).sign_in("curator1").status_code == 302
    with app.app_context(), db.transaction() as session:
        first = throttle.check(session, "wang", "192.0.2.99", None, throttle.Limits(pair_free=1), clock())
        assert first.wait == 0  # its failure would start a wait, so it reserves one ...
        assert throttle.check(session, "wang", "192.0.2.99", None, throttle.Limits(pair_free=1),
                              clock()).wait == 1
        assert audit_chain.verify(session).ok
    with app.app_context():
        db.dispose()
