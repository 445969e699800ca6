"""Sign-in throttling: delays that grow with an attacker's failures, never a lock-out of the real owner.

Failures are counted under three kinds of key (one row of ``signin_throttle`` each):

* ``pair`` — one account from one address: the brake on guessing one account's password;
* ``address`` — one address, all accounts together: a looser brake on password spraying. It is skipped
  for an address from which the account has signed in before (a *known address*, remembered on the
  pair row for ``known_for``);
* ``device`` — one account from one browser holding a signed *known-device* cookie (set by the web shell
  on a successful sign-in). Such an attempt is judged by this key alone, so failures made anywhere
  else — even from the same address, behind the same NAT — never slow the owner's own browser, while a
  stolen cookie still only buys its own slowly growing delays.

No key spans addresses, so failures from one address never delay attempts from another.
After ``free`` failures a key waits ``base_seconds``, then twice as long after each further failure, up
to ``max_seconds``; a key with no failure for ``reset_after`` starts afresh and its row is pruned.
The decision is taken before any password is hashed; an attempt that may proceed *reserves* the next
wait (a conditional update), so parallel requests cannot slip extra guesses past a delay.

Audit entries (entity ``signin_throttle``) are aggregated so an attack cannot flood the chain: a
``lock`` entry when a key's failures reach ``free`` and each time they double (5, 10, 20, 40 ...), a
``throttle`` entry for the 1st, 10th, 100th, 1000th ... refused attempt of an episode; each carries the
running counts. A 1,000-try attack writes about a dozen entries.
"""

from __future__ import annotations

import importlib
import ipaddress
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import (
    DateTime,
    Integer,
    String,
    UniqueConstraint,
    and_,
    case,
    delete,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from museum.catalogue import audit
from museum.catalogue.accounts import USERNAME_MAX
from museum.catalogue.db import Base

ORIGIN_MAX = 64
ENTITY = "signin_throttle"
Key = tuple[str, str, str]  # (scope, username, origin); the address scope has username ""


class SigninThrottle(Base):
    __tablename__ = "signin_throttle"
    __table_args__ = (UniqueConstraint("scope", "username", "origin", name="uq_signin_throttle_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(10))  # pair | address | device
    username: Mapped[str] = mapped_column(String(USERNAME_MAX))  # as typed; "" for the address scope
    origin: Mapped[str] = mapped_column(String(ORIGIN_MAX))  # address (IPv6: its network) or device id
    failures: Mapped[int] = mapped_column(Integer, default=0)  # in this episode
    refused: Mapped[int] = mapped_column(Integer, default=0)  # attempts answered 429 in this episode
    last_failure_at: Mapped[datetime | None] = mapped_column(DateTime)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime)  # pair: makes the address known
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)  # the row is pruned after this


@dataclass(frozen=True)
class Limits:
    pair_free: int = 5
    address_free: int = 20
    base_seconds: float = 1
    max_seconds: float = 300
    reset_after: timedelta = timedelta(days=1)
    known_for: timedelta = timedelta(days=90)

    def __post_init__(self):
        if self.pair_free < 1 or self.address_free < 1:
            raise ValueError("sign-in limits: the free failures must be at least 1")
        if not 0 < self.base_seconds <= self.max_seconds:
            raise ValueError("sign-in limits: need 0 < LOGIN_DELAY_BASE_SECONDS <= LOGIN_DELAY_MAX_SECONDS")
        if self.reset_after.total_seconds() < self.max_seconds:
            raise ValueError("sign-in limits: LOGIN_FAILURE_RESET_SECONDS must be at least the longest delay")

    def free(self, scope: str) -> int:
        return self.address_free if scope == "address" else self.pair_free

    def delay(self, scope: str, failures: int) -> float:
        """Seconds to wait after ``failures`` failures of a key (0 while they are within the free ones)."""
        excess = failures - self.free(scope)
        if excess < 0:
            return 0.0
        return float(min(self.max_seconds, self.base_seconds * 2 ** min(excess, 62)))


@dataclass
class Attempt:
    """One sign-in attempt as the throttle judged it: refused (``wait`` > 0) or allowed to proceed."""

    username: str
    address: str
    device: str | None
    checked: list[Key]  # keys whose delays apply to this attempt
    counted: list[Key]  # keys a failure of this attempt counts on
    known_address: bool = False
    wait: int = 0  # seconds; more than 0 means refused
    # key -> (its lock before this attempt reserved it, the reserved lock)
    reserved: dict[Key, tuple[datetime | None, datetime]] = field(default_factory=dict)


def address_key(remote_addr: str | None, ipv6_prefix: int = 64) -> str:
    """The throttle's name for an address: IPv4 as is, IPv6 by its network (one host usually owns a /64)."""
    try:
        address = ipaddress.ip_address((remote_addr or "").strip())
    except ValueError:
        return (remote_addr or "unknown").strip()[:ORIGIN_MAX] or "unknown"
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    if isinstance(address, ipaddress.IPv6Address) and ipv6_prefix < 128:
        return str(ipaddress.ip_network(f"{address}/{ipv6_prefix}", strict=False))
    return str(address)


def check(session: Session, username: str, address: str, device: str | None, limits: Limits,
          now: datetime) -> Attempt:
    """Decide whether an attempt may check its password now; the caller commits before hashing."""
    username = username[:USERNAME_MAX]
    pair: Key = ("pair", username, address)
    keys: list[Key] = [("device", username, device)] if device else [pair, ("address", "", address)]
    attempt = Attempt(username, address, device, checked=list(keys), counted=list(keys))
    rows = _rows(session, keys)
    known = rows.get(pair)
    if not device and known and known.last_success_at and known.last_success_at >= now - limits.known_for:
        attempt.known_address, attempt.checked = True, [pair]
    for retry in range(3):  # a lost reservation race is re-judged with the winner's lock in place
        if retry:
            rows = _rows(session, attempt.checked)
        checked = {key: rows.get(key) for key in attempt.checked}
        locked = [row for row in checked.values() if row is not None and _locked(row, limits, now)]
        if locked:
            attempt.wait = max(1, math.ceil((max(r.locked_until for r in locked) - now).total_seconds()))
            _count_refusal(session, locked, attempt.wait)
            return attempt
        if _reserve(session, attempt, checked, limits, now):
            return attempt
    attempt.wait = 1
    return attempt


def record_failure(session: Session, attempt: Attempt, limits: Limits, now: datetime) -> None:
    """A wrong password (or unknown, disabled or device account): count it and set the next waits."""
    entries = []
    for key in attempt.counted:
        row = _bump(session, key, limits, now)
        wait = limits.delay(key[0], row.failures)
        if wait:
            until = now + timedelta(seconds=wait)
            row.locked_until = max(until, row.locked_until) if row.locked_until else until
            if _doubled(row.failures, limits.free(key[0])):
                entries.append(("lock", ENTITY, _name(key), None, {
                    "failures": row.failures, "delay_seconds": wait, "locked_until": _iso(row.locked_until)}))
        row.expires_at = _expiry(row, limits, now)
    session.flush()
    audit.append(session.connection(), entries, audit.actor_of(session))
    prune(session, now)


def record_success(session: Session, attempt: Attempt, limits: Limits, now: datetime) -> None:
    """The right password: the key it came by starts afresh and the address becomes known."""
    _release(session, attempt)  # others' failures from this address still count: only undo the reservation
    for key in attempt.checked:
        row = _row(session, key)
        if row is not None and key[0] != "address":
            row.failures, row.refused, row.locked_until = 0, 0, None
            row.expires_at = _expiry(row, limits, now)
    pair = _ensure(session, ("pair", attempt.username, attempt.address), now)
    pair.last_success_at = now
    pair.expires_at = _expiry(pair, limits, now)
    session.flush()
    prune(session, now)


def prune(session: Session, now: datetime) -> int:
    """Forget keys with no failure for ``reset_after`` and no sign-in for ``known_for``."""
    result = session.execute(delete(SigninThrottle).where(SigninThrottle.expires_at < now)
                             .execution_options(synchronize_session=False))
    return result.rowcount or 0


# --- rows -------------------------------------------------------------------------------------------

def _where(key: Key):
    scope, username, origin = key
    t = SigninThrottle
    return (t.scope == scope, t.username == username, t.origin == origin)


def _rows(session: Session, keys: list[Key]) -> dict[Key, SigninThrottle]:
    found = session.scalars(select(SigninThrottle).where(or_(*(and_(*_where(key)) for key in keys)))
                            .execution_options(populate_existing=True))
    return {(row.scope, row.username, row.origin): row for row in found}


def _row(session: Session, key: Key) -> SigninThrottle | None:
    return session.scalars(select(SigninThrottle).where(*_where(key))
                           .execution_options(populate_existing=True)).one_or_none()


def _ensure(session: Session, key: Key, now: datetime) -> SigninThrottle:
    """The key's row, created if missing (an atomic upsert where the database has one)."""
    values = {"scope": key[0], "username": key[1], "origin": key[2], "failures": 0, "refused": 0,
              "expires_at": now}
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        dialect_insert = importlib.import_module(f"sqlalchemy.dialects.{dialect}").insert
        session.execute(dialect_insert(SigninThrottle).values(**values).on_conflict_do_nothing())
    elif _row(session, key) is None:
        session.execute(insert(SigninThrottle).values(**values))
    return _row(session, key)


def _bump(session: Session, key: Key, limits: Limits, now: datetime) -> SigninThrottle:
    """One more failure, counted atomically; a key quiet for ``reset_after`` starts a new episode."""
    _ensure(session, key, now)
    t = SigninThrottle
    new_episode = or_(t.last_failure_at.is_(None), t.last_failure_at < now - limits.reset_after)
    session.execute(update(t).where(*_where(key)).values(
        failures=case((new_episode, 1), else_=t.failures + 1),
        refused=case((new_episode, 0), else_=t.refused),
        last_failure_at=now).execution_options(synchronize_session=False))
    return _row(session, key)


def _locked(row: SigninThrottle, limits: Limits, now: datetime) -> bool:
    return row.locked_until is not None and row.locked_until > now and not _stale(row, limits, now)


def _stale(row: SigninThrottle, limits: Limits, now: datetime) -> bool:
    return row.last_failure_at is None or row.last_failure_at < now - limits.reset_after


def _reserve(session: Session, attempt: Attempt, rows: dict, limits: Limits, now: datetime) -> bool:
    """Hold each checked key's next wait while this attempt's password is checked; False on a lost race."""
    t = SigninThrottle
    for key, row in rows.items():
        failures = 0 if row is None or _stale(row, limits, now) else row.failures
        wait = limits.delay(key[0], failures + 1)
        if not wait:
            continue
        row = row or _ensure(session, key, now)
        until = now + timedelta(seconds=wait)
        won = session.execute(update(t).where(t.id == row.id,
                                              or_(t.locked_until.is_(None), t.locked_until <= now))
                              .values(locked_until=until, expires_at=max(row.expires_at, until))
                              .execution_options(synchronize_session=False)).rowcount
        if not won:
            _release(session, attempt)
            return False
        attempt.reserved[key] = (row.locked_until, until)
    return True


def _release(session: Session, attempt: Attempt) -> None:
    """Give back reserved waits that nothing has replaced since."""
    t = SigninThrottle
    for key, (before, mine) in attempt.reserved.items():
        session.execute(update(t).where(*_where(key), t.locked_until == mine).values(locked_until=before)
                        .execution_options(synchronize_session=False))
    attempt.reserved.clear()


def _count_refusal(session: Session, rows: list[SigninThrottle], wait: int) -> None:
    t = SigninThrottle
    entries = []
    for row in rows:
        count = update(t).where(t.id == row.id).values(refused=t.refused + 1)
        if session.get_bind().dialect.update_returning:
            refused = session.execute(count.returning(t.refused)).scalar_one()
        else:
            session.execute(count)
            refused = session.scalar(select(t.refused).where(t.id == row.id))
        if _power_of_ten(refused):
            key = (row.scope, row.username, row.origin)
            entries.append(("throttle", ENTITY, _name(key), None, {
                "refused": refused, "failures": row.failures, "retry_after": wait,
                "locked_until": _iso(row.locked_until)}))
    audit.append(session.connection(), entries, audit.actor_of(session))


def _expiry(row: SigninThrottle, limits: Limits, now: datetime) -> datetime:
    times = [now]
    if row.last_failure_at is not None:
        times.append(row.last_failure_at + limits.reset_after)
    if row.last_success_at is not None:
        times.append(row.last_success_at + limits.known_for)
    if row.locked_until is not None:
        times.append(row.locked_until)
    return max(times)


def _doubled(failures: int, free: int) -> bool:
    """True at free, 2 x free, 4 x free ... failures: when an episode starts and each time it doubles."""
    ratio, remainder = divmod(failures, free)
    return failures >= free and remainder == 0 and ratio & (ratio - 1) == 0


def _power_of_ten(n: int) -> bool:
    return n >= 1 and str(n).rstrip("0") == "1"


def _name(key: Key) -> str:
    scope, username, origin = key
    if scope == "address":
        return f"address:{origin}"
    return f"{scope}:{username}@{origin[:12] if scope == 'device' else origin}"


def _iso(at: datetime | None) -> str | None:
    return at.isoformat(timespec="seconds") if at else None
