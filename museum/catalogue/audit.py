"""Append-only, hash-chained audit log of every change to tracked tables (records, galleries, users ...).

Session events see every insert, update and delete that goes through a session of the database they are
attached to (:func:`attach`; ``create_app`` attaches the app's): the unit of work (``session.add``/attribute
changes/``session.delete``) and ORM-enabled bulk statements (``session.execute(insert(Record), rows)``,
``update(Record).where(...)``). Raw Core/SQL writes on a connection bypass it. Each flush appends its entries
in one batch: one read of the chain head, one ``executemany`` insert, one head update — so a 79,390-record
import stays fast.

Entry hash (documented so that exports can be checked by anyone)::

    hash = sha256("\\x1f".join([seq, at (ISO 8601, microseconds), actor, action, entity, entity_key,
                               before_json or "", after_json or "", prev_hash]).encode("utf-8")).hexdigest()

``prev_hash`` of entry 1 is 64 zeros. An insert's ``after`` lists the non-empty columns of the new row; an
update lists the changed columns on both sides; a delete's ``before`` lists every column.
``before_json``/``after_json`` are stored exactly as hashed (compact JSON, sorted keys). Verification finds
edited rows (hash mismatch), deleted rows (sequence gap, broken link) and a truncated tail (the ``audit_head``
row no longer matches the last entry); an attacker who rewrites the whole chain is caught by checking a
previously published anchor (``seq:hash``).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import DDL, DateTime, Index, Integer, String, Text, event, insert, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm import attributes as orm_attributes
from sqlalchemy.orm.base import NO_VALUE

from museum.catalogue.db import Base
from museum.catalogue.models import utcnow

GENESIS = "0" * 64
EXCLUDED_COLUMNS = frozenset({"created_at", "updated_at"})
REDACTED_COLUMNS = frozenset({"password_hash", "token_hash", "session_nonce"})
REDACTED = "<redacted>"
UNKNOWN = "<not loaded>"


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity_key", "entity", "entity_key"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime)  # entries are in time order: seq is the index
    actor: Mapped[str] = mapped_column(String(160))
    action: Mapped[str] = mapped_column(String(10))  # insert | update | delete
    entity: Mapped[str] = mapped_column(String(60))  # table name
    entity_key: Mapped[str] = mapped_column(String(200))
    before_json: Mapped[str | None] = mapped_column(Text)
    after_json: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    @property
    def before(self) -> dict | None:
        return json.loads(self.before_json) if self.before_json else None

    @property
    def after(self) -> dict | None:
        return json.loads(self.after_json) if self.after_json else None

    def as_dict(self) -> dict:
        return {"seq": self.seq, "at": _iso(self.at), "actor": self.actor, "action": self.action,
                "entity": self.entity, "entity_key": self.entity_key, "before": self.before,
                "after": self.after, "prev_hash": self.prev_hash, "hash": self.hash}


class AuditHead(Base):
    """One row: the sequence number and hash of the newest entry (detects a truncated tail)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


for _op in ("UPDATE", "DELETE"):
    event.listen(AuditEntry.__table__, "after_create", DDL(
        f"CREATE TRIGGER audit_log_no_{_op.lower()} BEFORE {_op} ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END").execute_if(dialect="sqlite"))


# --- who is acting -------------------------------------------------------------------------------

_actor: ContextVar[str | None] = ContextVar("museum_audit_actor", default=None)
ACTOR_KEY = "audit_actor"  # in Database.info, so in every session's info: (resolver, default)


def name_actors(database, resolve: Callable[[], str | None] | None, default: str = "system") -> None:
    """``resolve()`` names who acts in ``database``'s sessions (the web shell: the signed-in account or the
    client's address); ``default`` when it gives nothing or there is no request."""
    database.info[ACTOR_KEY] = (resolve, default)


def actor_of(session: Session) -> str:
    """Who is acting in ``session``: :func:`acting_as` if set, else the database's resolver (see
    :func:`name_actors`), else its default."""
    explicit = _actor.get()
    if explicit:
        return explicit
    resolve, default = session.info.get(ACTOR_KEY, (None, "system"))
    return (resolve() if resolve else None) or default


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


# --- what is tracked ------------------------------------------------------------------------------

TRACKED: dict[type, str] = {}  # mapped class -> attribute naming the entity (accession number, slug ...)


def track(cls: type, key_attribute: str) -> None:
    """Audit every change to ``cls``; entries name the row by ``key_attribute``."""
    TRACKED[cls] = key_attribute


def _tracked_class(obj) -> type | None:
    for cls in type(obj).__mro__:
        if cls in TRACKED:
            return cls
    return None


def _jsonable(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"cannot audit value of type {type(value).__name__}")


def dumps(value) -> str | None:
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_jsonable)


def _iso(at: datetime) -> str:
    return at.isoformat(timespec="microseconds")


HASHED = ("seq", "at", "actor", "action", "entity", "entity_key", "before_json", "after_json", "prev_hash")


def entry_hash(entry: Mapping) -> str:
    """The SHA-256 of an entry's ``HASHED`` fields (a row's mapping, or the dict about to be inserted)."""
    text = "\x1f".join([str(entry["seq"]), _iso(entry["at"]), entry["actor"], entry["action"],
                        entry["entity"], entry["entity_key"], entry["before_json"] or "",
                        entry["after_json"] or "", entry["prev_hash"]])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _columns(cls: type) -> list[str]:
    cached = getattr(cls, "__audit_columns__", None)
    if cached is None or cached[0] is not cls:
        names = [a.key for a in cls.__mapper__.column_attrs if a.key not in EXCLUDED_COLUMNS]
        cached = (cls, names)
        cls.__audit_columns__ = cached
    return cached[1]


def _value(key: str, value):
    return REDACTED if key in REDACTED_COLUMNS and value is not None else value


def snapshot(obj, skip_empty: bool = False) -> dict:
    """Column values of a tracked object; ``skip_empty`` leaves out NULL columns (new rows)."""
    state_dict, columns = obj.__dict__, _columns(_tracked_class(obj))
    if skip_empty:
        values = {k: v for k in columns if (v := state_dict.get(k)) is not None}
    else:
        values = {k: state_dict.get(k) for k in columns}
    if not REDACTED_COLUMNS.isdisjoint(values):
        values = {k: _value(k, v) for k, v in values.items()}
    return values


def _row_snapshot(cls: type, row) -> dict:
    mapping = row._mapping
    return {k: _value(k, mapping.get(cls.__mapper__.columns[k].name)) for k in _columns(cls)}


# --- collecting changes from sessions ---------------------------------------------------------------

PENDING_OLD = "audit_old_values"
# Time spent in the flush hook and entries written by this process (for benchmarks and monitoring).
STATS = {"seconds": 0.0, "entries": 0}


def attach(database) -> None:
    """Log every change ``database``'s sessions make to tracked tables: the unit of work at each flush and
    ORM-enabled bulk statements (called by ``create_app`` for the app's database)."""
    database.listen("before_flush", _remember_unloaded_old_values)
    database.listen("after_flush", _append_flush_entries)
    database.listen("do_orm_execute", _audit_bulk_statements)


def _remember_unloaded_old_values(session: Session, _ctx, _instances) -> None:
    """Old values of changed attributes that were never loaded (rare): read them before the flush."""
    old: dict[int, dict] = {}
    for obj in session.dirty:
        cls = _tracked_class(obj)
        if cls is None:
            continue
        state = orm_attributes.instance_state(obj)
        missing = [k for k in _columns(cls) if state.committed_state.get(k, None) is NO_VALUE]
        if missing and state.key is not None:
            table = cls.__mapper__.local_table
            pk = cls.__mapper__.primary_key[0]
            row = session.connection().execute(
                select(*[table.c[cls.__mapper__.columns[k].name] for k in missing])
                .where(pk == state.identity[0])).first()
            if row is not None:
                old[id(obj)] = dict(zip(missing, row, strict=True))
    session.info[PENDING_OLD] = old


def _append_flush_entries(session: Session, _ctx) -> None:
    started = time.perf_counter()
    old = session.info.pop(PENDING_OLD, {})
    entries: list[tuple] = []
    for obj in session.new:
        if (cls := _tracked_class(obj)) is not None:
            entries.append(("insert", cls.__tablename__, _key(obj, cls), None,
                            snapshot(obj, skip_empty=True)))
    for obj in session.dirty:
        if (cls := _tracked_class(obj)) is None or obj in session.deleted:
            continue
        state = orm_attributes.instance_state(obj)
        before, after = {}, {}
        for k in _columns(cls):
            history = state.attrs[k].history
            if not history.added and not history.deleted:
                continue
            new = history.added[0] if history.added else None
            if history.deleted:
                prev = history.deleted[0]
            elif state.committed_state.get(k, None) is NO_VALUE:
                prev = old.get(id(obj), {}).get(k, UNKNOWN)
            else:
                prev = None
            if prev != new:
                before[k], after[k] = _value(k, prev), _value(k, new)
        if after:
            entries.append(("update", cls.__tablename__, _key(obj, cls), before, after))
    for obj in session.deleted:
        if (cls := _tracked_class(obj)) is not None:
            entries.append(("delete", cls.__tablename__, _key(obj, cls), snapshot(obj), None))
    if entries:
        append(session.connection(), entries, actor_of(session))
    STATS["seconds"] += time.perf_counter() - started


def _key(obj, cls) -> str:
    value = getattr(obj, TRACKED[cls], None)
    return str(value if value is not None else orm_attributes.instance_state(obj).identity)


def _audit_bulk_statements(state) -> object | None:
    """ORM-enabled INSERT/UPDATE/DELETE statements skip the unit of work: log their rows here."""
    if not (state.is_insert or state.is_update or state.is_delete) or state.bind_mapper is None:
        return None
    cls = state.bind_mapper.class_
    if cls not in TRACKED:
        return None
    table, key_col = cls.__mapper__.local_table, cls.__mapper__.columns[TRACKED[cls]]
    pk = cls.__mapper__.primary_key[0]
    session = state.session
    connection = session.connection()
    params = state.parameters
    if state.is_insert:
        rows = params if isinstance(params, list) else [params or {}]
        result = state.invoke_statement()
        append(connection, [("insert", table.name, str(r.get(TRACKED[cls])), None,
                              {k: _value(k, r.get(k)) for k in _columns(cls) if k in r}) for r in rows],
               actor_of(session))
        return result
    if isinstance(params, list) and params and state.statement.whereclause is None:  # bulk by primary key
        selector = pk.in_([p[pk.key] for p in params])
    else:
        selector = state.statement.whereclause if state.statement.whereclause is not None else True
    before_rows = {r._mapping[pk.name]: r for r in connection.execute(select(table).where(selector))}
    result = state.invoke_statement()
    if state.is_delete:
        entries = [("delete", table.name, str(r._mapping[key_col.name]), _row_snapshot(cls, r), None)
                   for r in before_rows.values()]
    else:
        entries = []
        after_rows = connection.execute(select(table).where(pk.in_(list(before_rows)))) if before_rows else []
        for r in after_rows:
            b, a = _row_snapshot(cls, before_rows[r._mapping[pk.name]]), _row_snapshot(cls, r)
            changed = [k for k in a if a[k] != b[k]]
            if changed:
                entries.append(("update", table.name, str(r._mapping[key_col.name]),
                                {k: b[k] for k in changed}, {k: a[k] for k in changed}))
    append(connection, entries, actor_of(session))
    return result


def append(connection, entries: Iterable[tuple], actor: str | None = None) -> int:
    """Append ``(action, entity, key, before, after)`` entries to the chain in one batch, in ``connection``'s
    transaction, by ``actor``: a session's writers pass :func:`actor_of` the session; without it, the actor
    of :func:`acting_as` (migrations), else ``system``."""
    entries = list(entries)
    if not entries:
        return 0
    head = connection.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)
                              .with_for_update()).first()
    seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
    at, actor, rows = utcnow(), actor or _actor.get() or "system", []
    for action, entity, key, before, after in entries:
        seq += 1
        before_json, after_json = dumps(before), dumps(after)
        row = {"seq": seq, "at": at, "actor": actor, "action": action, "entity": entity, "entity_key": key,
               "before_json": before_json, "after_json": after_json, "prev_hash": prev}
        row["hash"] = prev = entry_hash(row)
        rows.append(row)
    connection.execute(insert(AuditEntry.__table__), rows)
    STATS["entries"] += len(rows)
    if head:
        connection.execute(update(AuditHead.__table__).where(AuditHead.id == 1).values(seq=seq, hash=prev))
    else:
        connection.execute(insert(AuditHead.__table__).values(id=1, seq=seq, hash=prev))
    return len(rows)


def _track_catalogue() -> None:
    from museum.catalogue.accounts import User
    from museum.catalogue.models import Gallery, Record

    track(Record, "accession_number")
    track(Gallery, "slug")
    track(User, "username")


_track_catalogue()
