"""A worker: claims jobs from a :class:`~museum.jobs.base.JobQueue` and runs each through its handler (a
function of a :class:`Context`, registered by kind in :mod:`museum.jobs.handlers`), beating the job's lease
from a thread while the handler runs. A handler's exception fails the job (retried after the backoff, dead
after its last attempt); a handler reports progress through :meth:`Context.progress`."""

from __future__ import annotations

import logging
import os
import socket
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from museum.jobs.base import Job, JobQueue, LeaseLost

log = logging.getLogger(__name__)


@dataclass
class Context:
    job: Job
    queue: JobQueue

    @property
    def payload(self) -> dict:
        return self.job.payload

    def progress(self, fraction: float, message: str | None = None) -> None:
        """Record how far the job is (0…1) and what it does; also renews the lease."""
        self.queue.heartbeat(self.job, fraction, message)


Handler = Callable[[Context], dict | None]


class Worker:
    def __init__(self, queue: JobQueue, handlers: dict[str, Handler], name: str | None = None,
                 poll_seconds: float = 1.0):
        self.queue = queue
        self.handlers = handlers
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.poll_seconds = poll_seconds

    def run_one(self) -> Job | None:
        """Claim one due job and run it; the job as it ended, or None when nothing was due."""
        job = self.queue.claim(self.name)
        if job is None:
            return None
        done = threading.Event()
        beat = threading.Thread(target=self._beat, args=(job, done), daemon=True, name=f"lease {job.id}")
        beat.start()
        try:
            handler = self.handlers.get(job.kind)
            if handler is None:
                raise LookupError(f"no handler for jobs of kind {job.kind!r} in this worker")
            result = handler(Context(job, self.queue))
        except LeaseLost:
            log.warning("job %s: lease lost; another worker runs it now", job.id)
            return self.queue.get(job.id)
        except Exception as error:  # the job failed, not the worker: record it and go on
            log.info("job %s failed: %s", job.id, traceback.format_exc())
            done.set()
            try:
                return self.queue.fail(job, f"{type(error).__name__}: {error}")
            except LeaseLost:
                return self.queue.get(job.id)
        finally:
            done.set()
            beat.join()
        try:
            self.queue.complete(job, result)
        except LeaseLost:
            log.warning("job %s: finished after its lease ended; the other worker's run counts", job.id)
        return self.queue.get(job.id)

    def _beat(self, job: Job, done: threading.Event) -> None:
        while not done.wait(self.queue.lease_seconds / 3):
            try:
                self.queue.heartbeat(job)
            except LeaseLost:
                return
            except Exception:  # the queue is unreachable for a moment: try again at the next beat
                log.warning("job %s: heartbeat failed", job.id, exc_info=True)

    def run(self, stop: threading.Event | None = None, until_empty: bool = False,
            on_job: Callable[[Job], None] | None = None) -> int:
        """Run jobs until ``stop`` is set (or, ``until_empty``, until none is due); the number run."""
        stop = stop or threading.Event()
        count = 0
        while not stop.is_set():
            job = self.run_one()
            if job is None:
                if until_empty:
                    break
                stop.wait(self.poll_seconds)
                continue
            count += 1
            if on_job:
                on_job(job)
        return count
