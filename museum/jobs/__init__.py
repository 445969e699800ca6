"""Jobs: work slower than a request, run by ``museum worker`` processes.

One interface, :class:`~museum.jobs.base.JobQueue`, one module per engine (as ``search/`` and the media
storage): :mod:`museum.jobs.database_queue` (the ``jobs`` table of the catalogue database: the embedded
default, no server to run) and :mod:`museum.jobs.redis_queue` (``QUEUE_URL=redis://…``, for several nodes).
``tests/integration/jobs/test_contract.py`` holds both to one contract. :func:`queue_for` picks the engine
from the settings; :mod:`museum.jobs.worker` runs jobs through the handlers of :mod:`museum.jobs.handlers`.
"""

from __future__ import annotations


def queue_for(config, database=None):
    """The queue the settings name: ``QUEUE_URL`` (Redis) or else the catalogue database's jobs table."""
    lease = float(config["QUEUE_LEASE_SECONDS"])
    if config["QUEUE_URL"]:
        from museum.jobs.redis_queue import RedisQueue  # redis-py is imported only where it is used

        return RedisQueue.from_url(config["QUEUE_URL"], lease_seconds=lease)
    from museum.jobs.database_queue import DatabaseQueue

    return DatabaseQueue(database, lease_seconds=lease)
