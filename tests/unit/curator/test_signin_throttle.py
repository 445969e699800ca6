"""The sign-in throttle's keys, delays, reservations, pruning and audit entries (no HTTP)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from museum.catalogue import audit, audit_chain
from museum.catalogue import signin_throttle as throttle
from museum.catalogue.audit import AuditEntry
from museum.catalogue.signin_throttle import Limits, SigninThrottle
from museum.extensions import db
from tests.unit.curator.support import FakeClock

LIMITS = Limits(pair_free=3, address_free=5, base_seconds=2, max_seconds=60)
OWNER, ATTACKER = "198.51.100.20", "203.0.113.66"


def fail(session, username, address, clock, device=None, limits=LIMITS):
    """One attempt with a wrong password; returns its wait (0 when it reached the password check)."""
    attempt = throttle.check(session, username, address, device, limits, clock())
    if not attempt.wait:
        throttle.record_failure(session, attempt, limits, clock())
    return attempt.wait


def succeed(session, username, address, clock, device=None, limits=LIMITS):
    attempt = throttle.check(session, username, address, device, limits, clock())
    if not attempt.wait:
        throttle.record_success(session, attempt, limits, clock())
    return attempt.wait


def test_delays_double_after_the_free_failures_up_to_the_cap():
    assert [LIMITS.delay("pair", n) for n in range(10)] == [0, 0, 0, 2, 4, 8, 16, 32, 60, 60]
    assert [LIMITS.delay("address", n) for n in range(4, 8)] == [0, 2, 4, 8]
    assert LIMITS.delay("pair", 10_000) == 60


@pytest.mark.parametrize("settings, problem", [
    ({"pair_free": 0}, "free failures must be at least 1"),
    ({"base_seconds": 90}, "LOGIN_DELAY_BASE_SECONDS <= LOGIN_DELAY_MAX_SECONDS"),
    ({"reset_after": timedelta(seconds=30)},
     "LOGIN_FAILURE_RESET_SECONDS must be at least the longest delay"),
])
def test_impossible_limits_are_refused_by_name(settings, problem):
    with pytest.raises(ValueError, match=problem):
        Limits(**{"max_seconds": 60, **settings})


def test_a_pair_waits_after_its_free_failures_but_other_addresses_never_do(app):
    clock = FakeClock()
    with app.app_context(), db.transaction() as session:
        assert [fail(session, "li", ATTACKER, clock) for _ in range(4)] == [0, 0, 0, 2]
        clock.advance(2)
        assert fail(session, "li", ATTACKER, clock) == 0
        assert fail(session, "li", ATTACKER, clock) == 4  # the delay doubled
        assert succeed(session, "li", OWNER, clock) == 0  # the owner, elsewhere, is not slowed at all
        assert succeed(session, "li", "192.0.2.1", clock) == 0  # nor from an address never seen before


def test_spraying_from_one_address_is_slowed_but_not_for_accounts_known_there(app):
    clock = FakeClock()
    with app.app_context(), db.transaction() as session:
        assert succeed(session, "admin", OWNER, clock) == 0  # the admin's office: now a known address
        assert [fail(session, f"user{n}", OWNER, clock) for n in range(6)] == [0, 0, 0, 0, 0, 2]
        assert fail(session, "someone-else", OWNER, clock) == 2
        assert succeed(session, "admin", OWNER, clock) == 0
        clock.advance(timedelta(days=91).total_seconds())  # known addresses are forgotten too
        for n in range(6):
            clock.advance(60)
            fail(session, f"user{n}", OWNER, clock)
        assert succeed(session, "admin", OWNER, clock) > 0


def test_a_known_device_is_judged_by_its_own_key_only(app):
    clock = FakeClock()
    with app.app_context(), db.transaction() as session:
        for _ in range(10):  # the attacker shares the owner's address (one NAT)
            fail(session, "li", OWNER, clock)
        assert succeed(session, "li", OWNER, clock) == 2
        assert succeed(session, "li", OWNER, clock, device="owners-laptop") == 0
        # a stolen device cookie only buys that device's own delays
        waits = [fail(session, "li", ATTACKER, clock, device="owners-laptop") for _ in range(4)]
        assert waits == [0, 0, 0, 2]


def test_a_reserved_wait_stops_a_parallel_guess_and_success_gives_it_back(app):
    clock = FakeClock()
    with app.app_context(), db.transaction() as session:
        for _ in range(2):
            fail(session, "li", ATTACKER, clock)
        # its failure would start a wait
        first = throttle.check(session, "li", ATTACKER, None, LIMITS, clock())
        parallel = throttle.check(session, "li", ATTACKER, None, LIMITS, clock())
        assert first.wait == 0 and parallel.wait == 2  # no second guess while the first is being checked
        throttle.record_success(session, first, LIMITS, clock())
        assert succeed(session, "li", ATTACKER, clock) == 0

        office = "192.0.2.50"
        for n in range(4):
            fail(session, f"user{n}", office, clock)
        attempt = throttle.check(session, "li", office, None, LIMITS, clock())  # reserves the address's wait
        assert fail(session, "wang", office, clock) == 2
        throttle.record_success(session, attempt, LIMITS, clock())  # ... and gives it back
        assert fail(session, "wang", office, clock) == 0


def test_quiet_keys_start_afresh_and_old_rows_are_pruned(app):
    clock = FakeClock()
    with app.app_context(), db.transaction() as session:
        for n in range(200):
            fail(session, "li", f"10.0.{n // 250}.{n % 250}", clock)
        for _ in range(4):
            fail(session, "li", ATTACKER, clock)
        assert session.scalar(select(func.count()).select_from(SigninThrottle)) == 402
        clock.advance(timedelta(days=1, seconds=1).total_seconds())
        assert fail(session, "li", ATTACKER, clock) == 0  # a new episode: the free failures again
        assert session.scalar(select(func.count()).select_from(SigninThrottle)) == 2


@pytest.mark.parametrize("address, key", [
    ("2001:db8:1:2:a::1", "2001:db8:1:2::/64"), ("2001:db8:1:2:ffff::9", "2001:db8:1:2::/64"),
    ("::ffff:192.0.2.7", "192.0.2.7"), ("192.0.2.7", "192.0.2.7"), (None, "unknown"), ("", "unknown")])
def test_ipv6_clients_are_throttled_by_network(address, key):
    assert throttle.address_key(address) == key


def test_throttling_is_audited_with_a_few_aggregated_entries(app):
    clock = FakeClock()
    with app.app_context(), db.transaction() as session:
        with audit.acting_as(f"anonymous@{ATTACKER}"):
            for _ in range(60):  # wrong passwords, each as soon as allowed
                clock.advance(fail(session, "li", ATTACKER, clock) or 0)
            waits = [fail(session, "li", ATTACKER, clock) for _ in range(1000)]  # 1,000 refused tries
        assert waits.count(0) <= 1  # at most one more guess, then only 429s
        log = session.scalars(select(AuditEntry).where(AuditEntry.entity == "signin_throttle")
                              .order_by(AuditEntry.seq)).all()
        locks = [(e.entity_key, e.after["failures"]) for e in log if e.action == "lock"]
        refusals = [(e.entity_key, e.after["refused"]) for e in log if e.action == "throttle"]
        pair, spray = f"pair:li@{ATTACKER}", f"address:{ATTACKER}"
        assert [n for key, n in locks if key == pair] == [3, 6, 12, 24]
        assert [n for key, n in refusals if key == pair][-4:] == [1, 10, 100, 1000]
        assert {key for key, _ in locks + refusals} == {pair, spray}
        assert len(log) <= 20 and {e.actor for e in log} == {f"anonymous@{ATTACKER}"}
        assert audit_chain.verify(session).ok
