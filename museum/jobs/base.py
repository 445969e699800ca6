"""The job queue's one interface, :class:`JobQueue`, and what it hands out, :class:`Job`.

Semantics every engine keeps (the contract suite checks them):

- :meth:`~JobQueue.enqueue` with a ``key`` (an idempotency key, e.g. ``image:2002.0031:<sha256>``) returns the
  job holding that key while it is queued or running: asking twice for the same work makes one job. Once it
  ended (done or dead) the key makes a new job, and the handler's own idempotency decides what it does.
- :meth:`~JobQueue.claim` hands the oldest due job to one worker with a **lease**: a random token and a
  deadline ``lease_seconds`` ahead. The worker's :meth:`~JobQueue.heartbeat` (which also records progress)
  moves the deadline on; a worker that dies (``kill -9``) stops beating, and the next claim after the deadline
  takes the job back: it runs again (a new attempt), and the dead worker's token no longer completes anything.
  Handlers are idempotent (they write their results under names derived from their input), so a job that
  ran twice has one effect.
- :meth:`~JobQueue.fail` schedules a retry after an exponential backoff (``backoff_seconds * 2**(n-1)``,
  at most ``backoff_cap``) until ``max_attempts``; then the job is **dead**: kept in the dead-letter list
  with its last error until :meth:`~JobQueue.retry` queues it again.

Times are POSIX seconds from the queue's ``clock`` (``time.time``; tests pass their own).
"""

from __future__ import annotations

import secrets
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

QUEUED, RUNNING, DONE, DEAD = "queued", "running", "done", "dead"
STATES = (QUEUED, RUNNING, DONE, DEAD)


@dataclass
class Job:
    id: str
    kind: str
    payload: dict
    status: str = QUEUED
    key: str | None = None
    attempts: int = 0
    max_attempts: int = 5
    progress: float = 0.0
    message: str = ""
    error: str | None = None
    result: dict | None = None
    worker: str | None = None
    token: str | None = None
    created_at: float = 0.0
    updated_at: float = 0.0
    run_after: float = 0.0
    lease_until: float = 0.0
    history: list = field(default_factory=list)  # one line per attempt that failed

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("token")
        return data


class LeaseLost(Exception):
    """The worker's lease ended (it was too slow to beat, and another worker took the job)."""


class UnknownJob(LookupError):
    pass


class JobQueue(ABC):
    """Jobs with leases, progress, retries with backoff and a dead-letter list."""

    engine = "abstract"

    def __init__(self, *, lease_seconds: float = 30.0, backoff_seconds: float = 2.0,
                 backoff_cap: float = 600.0,
                 clock: Callable[[], float] = time.time):
        self.lease_seconds = lease_seconds
        self.backoff_seconds = backoff_seconds
        self.backoff_cap = backoff_cap
        self.clock = clock

    def backoff(self, attempts: int) -> float:
        return min(self.backoff_seconds * 2 ** max(attempts - 1, 0), self.backoff_cap)

    @staticmethod
    def new_id() -> str:
        return secrets.token_hex(8)

    @staticmethod
    def new_token() -> str:
        return secrets.token_hex(16)

    @abstractmethod
    def enqueue(self, kind: str, payload: dict, *, key: str | None = None, max_attempts: int = 5) -> Job:
        """A new queued job, or the queued or running job that already holds ``key``."""

    @abstractmethod
    def claim(self, worker: str) -> Job | None:
        """Take back jobs whose lease ended, then lease the oldest due queued job to ``worker``."""

    @abstractmethod
    def heartbeat(self, job: Job, progress: float | None = None, message: str | None = None) -> None:
        """Extend ``job``'s lease and record its progress; :class:`LeaseLost` when the lease is gone."""

    @abstractmethod
    def complete(self, job: Job, result: dict | None = None) -> None:
        """Mark the job done; :class:`LeaseLost` when its lease is gone (another worker has it now)."""

    @abstractmethod
    def fail(self, job: Job, error: str) -> Job:
        """Queue a retry after the backoff, or end the job dead after its last attempt."""

    @abstractmethod
    def get(self, job_id: str) -> Job | None: ...

    @abstractmethod
    def list(self, status: str | None = None, limit: int = 50) -> list[Job]:
        """The newest jobs first (of one status when given)."""

    @abstractmethod
    def retry(self, job_id: str) -> Job:
        """Queue a dead (or done) job again, its attempts counted from zero; :class:`UnknownJob` if none."""

    def dead(self, limit: int = 50) -> list[Job]:
        """The dead-letter list."""
        return self.list(DEAD, limit)

    def counts(self) -> dict[str, int]:
        return {state: len(self.list(state, limit=100_000)) for state in STATES}

    def close(self) -> None:  # noqa: B027 - only a networked engine has something to close
        return None
