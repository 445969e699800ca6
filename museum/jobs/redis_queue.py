"""The job queue on Redis (``QUEUE_URL=redis://host:port/db``), for workers on several nodes: a small
protocol of our own over redis-py, the same leases, tokens, retries and dead-letter list as the database
queue. Each job is one JSON value ``<prefix>:job:<id>``; sorted sets index it: ``queued`` (by when it is
due), ``running`` (by its lease deadline), ``dead`` and ``all`` (by time); ``key:<key>`` names the job
holding an idempotency key. Every change reads the job under ``WATCH`` and writes it in ``MULTI``, so two
workers never both take or finish one job (the one that loses the race sees the change and moves on)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import asdict

import redis

from museum.exceptions import Unavailable
from museum.jobs.base import DEAD, DONE, QUEUED, RUNNING, Job, JobQueue, LeaseLost, UnknownJob


def _reachable(method):
    """Redis down or unreachable: :class:`Unavailable` naming it (the CLI's exit status 3, HTTP 503)."""
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError) as error:
            raise Unavailable(f"the job queue's Redis is not reachable: {error}") from error
    return call


class RedisQueue(JobQueue):
    engine = "redis"

    def __init__(self, client: redis.Redis, prefix: str = "museum:jobs", **options):
        super().__init__(**options)
        self.redis = client
        self.prefix = prefix

    @classmethod
    def from_url(cls, url: str, **options) -> RedisQueue:
        return cls(redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5), **options)

    def __repr__(self) -> str:
        kwargs = self.redis.connection_pool.connection_kwargs
        return f"RedisQueue({kwargs.get('host')}:{kwargs.get('port')}/{kwargs.get('db')}, {self.prefix!r})"

    def _k(self, *parts: str) -> str:
        return ":".join([self.prefix, *parts])

    @staticmethod
    def _load(raw) -> Job | None:
        return Job(**json.loads(raw)) if raw else None

    @staticmethod
    def _dump(job: Job) -> str:
        return json.dumps(asdict(job), ensure_ascii=False)

    def _change(self, job_id: str, change: Callable[[Job, redis.client.Pipeline], Job | None]) -> Job | None:
        """Read job ``job_id`` under WATCH, let ``change`` edit it (and queue index updates on the pipeline),
        write it atomically; again if another client changed it meanwhile. None when ``change`` says so."""
        try:
            with self.redis.pipeline() as pipe:
                while True:
                    try:
                        pipe.watch(self._k("job", job_id))
                        job = self._load(pipe.get(self._k("job", job_id)))
                        if job is None:
                            pipe.unwatch()
                            return None
                        pipe.multi()
                        changed = change(job, pipe)
                        if changed is None:
                            pipe.reset()
                            return None
                        pipe.set(self._k("job", job_id), self._dump(changed))
                        pipe.execute()
                        return changed
                    except redis.WatchError:
                        continue
        except redis.ConnectionError as error:
            raise Unavailable(f"the job queue's Redis is not reachable: {error}") from error

    @_reachable
    def enqueue(self, kind, payload, *, key=None, max_attempts=5) -> Job:
        now = self.clock()
        job = Job(id=self.new_id(), kind=kind, payload=payload, key=key, max_attempts=max_attempts,
                  created_at=now, updated_at=now, run_after=now)
        try:
            with self.redis.pipeline() as pipe:
                while True:
                    try:
                        if key is not None:
                            pipe.watch(self._k("key", key))
                            held = pipe.get(self._k("key", key))
                            found = self._load(pipe.get(self._k("job", held.decode()))) if held else None
                            if found is not None and found.status in (QUEUED, RUNNING):
                                pipe.unwatch()
                                return found
                        pipe.multi()
                        pipe.set(self._k("job", job.id), self._dump(job))
                        pipe.zadd(self._k(QUEUED), {job.id: job.run_after})
                        pipe.zadd(self._k("all"), {job.id: job.created_at})
                        if key is not None:
                            pipe.set(self._k("key", key), job.id)
                        pipe.execute()
                        return job
                    except redis.WatchError:
                        continue
        except redis.ConnectionError as error:
            raise Unavailable(f"the job queue's Redis is not reachable: {error}") from error

    def _take_back_lost(self, now: float) -> None:
        for raw_id in self.redis.zrangebyscore(self._k(RUNNING), "-inf", f"({now}"):
            def take_back(job: Job, pipe) -> Job | None:
                if job.status != RUNNING or job.lease_until >= now:
                    return None
                error = f"attempt {job.attempts}: worker {job.worker} stopped beating (lease ended)"
                job.history = [*job.history, error]
                job.error, job.token, job.updated_at, job.run_after = error, None, now, now
                pipe.zrem(self._k(RUNNING), job.id)
                self._queue_or_bury(job, job.attempts >= job.max_attempts, pipe)
                return job
            self._change(raw_id.decode(), take_back)

    def _queue_or_bury(self, job: Job, dead: bool, pipe) -> None:
        job.status = DEAD if dead else QUEUED
        if dead:
            pipe.zadd(self._k(DEAD), {job.id: job.updated_at})
        else:
            pipe.zadd(self._k(QUEUED), {job.id: job.run_after})

    @_reachable
    def claim(self, worker: str) -> Job | None:
        now = self.clock()
        try:
            self._take_back_lost(now)
            for _ in range(20):
                due = self.redis.zrangebyscore(self._k(QUEUED), "-inf", now, start=0, num=1)
                if not due:
                    return None

                def take(job: Job, pipe) -> Job | None:
                    if job.status != QUEUED or job.run_after > now:
                        return None
                    job.status, job.worker, job.token = RUNNING, worker, self.new_token()
                    job.attempts += 1
                    job.lease_until, job.updated_at, job.progress, job.message = \
                        now + self.lease_seconds, now, 0.0, ""
                    pipe.zrem(self._k(QUEUED), job.id)
                    pipe.zadd(self._k(RUNNING), {job.id: job.lease_until})
                    return job
                taken = self._change(due[0].decode(), take)
                if taken is not None:
                    return taken
                # taken meanwhile (the taker removed it from the index in its own transaction): try the next;
                # an entry whose job is gone is dropped
                if self.get(due[0].decode()) is None:
                    self.redis.zrem(self._k(QUEUED), due[0])
        except redis.ConnectionError as error:
            raise Unavailable(f"the job queue's Redis is not reachable: {error}") from error
        return None

    def _leased(self, job: Job, edit: Callable[[Job, redis.client.Pipeline], None]) -> Job:
        def change(stored: Job, pipe) -> Job | None:
            if stored.status != RUNNING or stored.token != job.token:
                return None
            edit(stored, pipe)
            return stored
        changed = self._change(job.id, change)
        if changed is None:
            raise LeaseLost(job.id)
        return changed

    @_reachable
    def heartbeat(self, job, progress=None, message=None) -> None:
        now = self.clock()

        def beat(stored: Job, pipe) -> None:
            stored.lease_until, stored.updated_at = now + self.lease_seconds, now
            if progress is not None:
                stored.progress = max(0.0, min(1.0, float(progress)))
            if message is not None:
                stored.message = message[:300]
            pipe.zadd(self._k(RUNNING), {stored.id: stored.lease_until})
        self._leased(job, beat)

    @_reachable
    def complete(self, job, result=None) -> None:
        now = self.clock()

        def finish(stored: Job, pipe) -> None:
            stored.status, stored.result, stored.progress, stored.token = DONE, result, 1.0, None
            stored.error, stored.updated_at = None, now
            pipe.zrem(self._k(RUNNING), stored.id)
        self._leased(job, finish)

    @_reachable
    def fail(self, job, error) -> Job:
        now = self.clock()

        def failed(stored: Job, pipe) -> None:
            last = stored.attempts >= stored.max_attempts
            stored.history = [*stored.history, f"attempt {stored.attempts}: {error}"[:500]]
            stored.error, stored.token, stored.updated_at = str(error)[:2000], None, now
            stored.run_after = now if last else now + self.backoff(stored.attempts)
            pipe.zrem(self._k(RUNNING), stored.id)
            self._queue_or_bury(stored, last, pipe)
        return self._leased(job, failed)

    @_reachable
    def get(self, job_id) -> Job | None:
        try:
            return self._load(self.redis.get(self._k("job", job_id)))
        except redis.ConnectionError as error:
            raise Unavailable(f"the job queue's Redis is not reachable: {error}") from error

    @_reachable
    def list(self, status=None, limit=50) -> list[Job]:
        index = self._k(DEAD) if status == DEAD else self._k("all")
        jobs, start, page = [], 0, 500
        while len(jobs) < limit:
            ids = self.redis.zrevrange(index, start, start + page - 1)
            if not ids:
                break
            start += page
            for raw in self.redis.mget([self._k("job", i.decode()) for i in ids]):
                job = self._load(raw)
                if job is not None and (status is None or job.status == status):
                    jobs.append(job)
        return jobs[:limit]

    @_reachable
    def retry(self, job_id) -> Job:
        now = self.clock()

        def again(job: Job, pipe) -> Job | None:
            if job.status not in (DEAD, DONE):
                return None
            job.status, job.attempts, job.run_after, job.updated_at = QUEUED, 0, now, now
            job.progress, job.message, job.token = 0.0, "", None
            pipe.zrem(self._k(DEAD), job.id)
            pipe.zadd(self._k(QUEUED), {job.id: now})
            return job
        changed = self._change(job_id, again)
        if changed is None:
            job = self.get(job_id)
            if job is None:
                raise UnknownJob(job_id)
            return job
        return changed

    def close(self) -> None:
        self.redis.close()
