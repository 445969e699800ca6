"""Reading the audit chain (``museum/catalogue/audit.py`` writes it): :func:`verify` walks it and reports
edited, deleted or truncated entries and anchors that do not match; :func:`iter_entries` pages through it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from museum.catalogue.audit import GENESIS, AuditEntry, AuditHead, entry_hash


@dataclass
class Verification:
    entries: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    problems: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {"ok": self.ok, "entries": self.entries,
                "head": {"seq": self.head_seq, "hash": self.head_hash},
                "problems": self.problems}


def verify(session: Session, anchors: Iterable[tuple[int, str]] = (), max_problems: int = 100,
           batch: int = 5000) -> Verification:
    """Walk the whole chain; report edited rows, deleted rows, a truncated tail, unmatched anchors."""
    result, expected_seq, prev = Verification(), 1, GENESIS
    wanted = dict(anchors)
    problems = result.problems

    def problem(seq, kind, detail):
        if len(problems) < max_problems:
            problems.append({"seq": seq, "problem": kind, "detail": detail})

    last = 0
    while True:
        chunk = session.execute(select(AuditEntry.__table__).where(AuditEntry.seq > last)
                                .order_by(AuditEntry.seq).limit(batch)).all()
        if not chunk:
            break
        for row in chunk:
            if row.seq != expected_seq:
                problem(row.seq, "missing_entries", f"entries {expected_seq}..{row.seq - 1} were deleted")
            if row.prev_hash != prev:
                problem(row.seq, "broken_link", "prev_hash does not match the preceding entry")
            digest = entry_hash(row._mapping)
            if digest != row.hash:
                problem(row.seq, "edited_entry", "content does not match its hash")
            if row.seq in wanted and wanted.pop(row.seq) != row.hash:
                problem(row.seq, "anchor_mismatch", "hash differs from the published anchor")
            result.entries += 1
            expected_seq, prev, last = row.seq + 1, row.hash, row.seq
    result.head_seq, result.head_hash = last, prev
    head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).first()
    if head is not None and (head.seq, head.hash) != (last, prev):
        problem(head.seq, "truncated_tail", f"the log ends at {last} but entry {head.seq} was written")
    if head is None and last:
        problem(last, "missing_head", "the audit_head row was deleted")
    for seq in wanted:
        problem(seq, "anchor_missing", "no entry with this sequence number")
    return result


def iter_entries(session: Session, since_seq: int = 0, batch: int = 5000) -> Iterator[AuditEntry]:
    last = since_seq
    while True:
        chunk = session.scalars(select(AuditEntry).where(AuditEntry.seq > last)
                                .order_by(AuditEntry.seq).limit(batch)).all()
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].seq
