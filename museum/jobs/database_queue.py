"""The embedded job queue: the ``jobs`` table of the catalogue database (SQLite or PostgreSQL), so one
machine needs no queue server. A claim is a compare-and-set ``UPDATE … WHERE id = ? AND status = 'queued'``
(a worker that loses the race tries the next job); every change of a leased job names its token, so a worker
whose lease ended changes nothing. Statements go straight to the engine, not through ORM sessions: jobs are
bookkeeping, not catalogue changes for the audit log or the search outbox."""

from __future__ import annotations

from sqlalchemy import or_, select, update

from museum.catalogue.db import Database
from museum.catalogue.jobs import JobRow
from museum.jobs.base import DEAD, DONE, QUEUED, RUNNING, Job, JobQueue, LeaseLost, UnknownJob

TABLE = JobRow.__table__
FIELDS = [column.name for column in TABLE.columns]


def _job(row) -> Job:
    return Job(**{name: getattr(row, name) for name in FIELDS})


class DatabaseQueue(JobQueue):
    engine = "database"

    def __init__(self, database: Database, **options):
        super().__init__(**options)
        self.database = database

    def __repr__(self) -> str:
        return f"DatabaseQueue({self.database.url.split('@')[-1]!r})"

    def enqueue(self, kind, payload, *, key=None, max_attempts=5) -> Job:
        now = self.clock()
        with self.database.engine.begin() as connection:
            if key is not None:
                found = connection.execute(select(TABLE).where(TABLE.c.key == key,
                                                               TABLE.c.status.in_((QUEUED, RUNNING)))
                                           .order_by(TABLE.c.created_at.desc()).limit(1)).first()
                if found is not None:
                    return _job(found)
            job = Job(id=self.new_id(), kind=kind, payload=payload, key=key, max_attempts=max_attempts,
                      created_at=now, updated_at=now, run_after=now)
            values = {name: getattr(job, name) for name in FIELDS}
            connection.execute(TABLE.insert().values(**values))
        return job

    def _take_back_lost(self, connection, now: float) -> None:
        lost = connection.execute(select(TABLE.c.id, TABLE.c.attempts, TABLE.c.max_attempts, TABLE.c.history,
                                         TABLE.c.worker)
                                  .where(TABLE.c.status == RUNNING, TABLE.c.lease_until < now)).all()
        for row in lost:
            error = f"attempt {row.attempts}: worker {row.worker} stopped beating (lease ended)"
            last = row.attempts >= row.max_attempts
            connection.execute(update(TABLE).where(TABLE.c.id == row.id, TABLE.c.status == RUNNING,
                                                   TABLE.c.lease_until < now)
                               .values(status=DEAD if last else QUEUED, run_after=now, token=None,
                                       error=error, history=[*(row.history or []), error], updated_at=now))

    def claim(self, worker: str) -> Job | None:
        now = self.clock()
        with self.database.engine.begin() as connection:
            self._take_back_lost(connection, now)
        for _ in range(20):  # another worker may win a race for a job: try the next one
            with self.database.engine.begin() as connection:
                row = connection.execute(select(TABLE.c.id).where(TABLE.c.status == QUEUED,
                                                                  TABLE.c.run_after <= now)
                                         .order_by(TABLE.c.run_after, TABLE.c.created_at).limit(1)).first()
                if row is None:
                    return None
                token = self.new_token()
                taken = connection.execute(
                    update(TABLE).where(TABLE.c.id == row.id, TABLE.c.status == QUEUED)
                    .values(status=RUNNING, worker=worker, token=token, attempts=TABLE.c.attempts + 1,
                            lease_until=now + self.lease_seconds, updated_at=now, progress=0.0, message=""))
                if taken.rowcount == 1:
                    return _job(connection.execute(select(TABLE).where(TABLE.c.id == row.id)).one())
        return None

    def _leased(self, job: Job):
        return (TABLE.c.id == job.id) & (TABLE.c.status == RUNNING) & (TABLE.c.token == job.token)

    def heartbeat(self, job, progress=None, message=None) -> None:
        now = self.clock()
        values = {"lease_until": now + self.lease_seconds, "updated_at": now}
        if progress is not None:
            values["progress"] = max(0.0, min(1.0, float(progress)))
        if message is not None:
            values["message"] = message[:300]
        with self.database.engine.begin() as connection:
            if connection.execute(update(TABLE).where(self._leased(job)).values(**values)).rowcount != 1:
                raise LeaseLost(job.id)

    def complete(self, job, result=None) -> None:
        now = self.clock()
        with self.database.engine.begin() as connection:
            done = connection.execute(update(TABLE).where(self._leased(job))
                                      .values(status=DONE, result=result, progress=1.0, token=None,
                                              error=None, updated_at=now))
            if done.rowcount != 1:
                raise LeaseLost(job.id)

    def fail(self, job, error) -> Job:
        now = self.clock()
        with self.database.engine.begin() as connection:
            row = connection.execute(select(TABLE).where(self._leased(job))).first()
            if row is None:
                raise LeaseLost(job.id)
            line = f"attempt {row.attempts}: {error}"
            last = row.attempts >= row.max_attempts
            connection.execute(update(TABLE).where(self._leased(job))
                               .values(status=DEAD if last else QUEUED, token=None, error=str(error)[:2000],
                                       history=[*(row.history or []), line[:500]], updated_at=now,
                                       run_after=now if last else now + self.backoff(row.attempts)))
            return _job(connection.execute(select(TABLE).where(TABLE.c.id == job.id)).one())

    def get(self, job_id) -> Job | None:
        with self.database.engine.connect() as connection:
            row = connection.execute(select(TABLE).where(TABLE.c.id == job_id)).first()
        return _job(row) if row else None

    def list(self, status=None, limit=50) -> list[Job]:
        query = select(TABLE).order_by(TABLE.c.created_at.desc(), TABLE.c.id).limit(limit)
        if status:
            query = query.where(TABLE.c.status == status)
        with self.database.engine.connect() as connection:
            return [_job(row) for row in connection.execute(query)]

    def retry(self, job_id) -> Job:
        now = self.clock()
        with self.database.engine.begin() as connection:
            ended = or_(TABLE.c.status == DEAD, TABLE.c.status == DONE)
            changed = connection.execute(update(TABLE).where(TABLE.c.id == job_id, ended)
                                         .values(status=QUEUED, attempts=0, run_after=now, updated_at=now,
                                                 progress=0.0, message="", token=None))
        if changed.rowcount != 1:
            job = self.get(job_id)
            if job is None:
                raise UnknownJob(job_id)
            return job  # queued or running already
        return self.get(job_id)
