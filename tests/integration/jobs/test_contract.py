"""One contract for every job queue engine (the catalogue database's jobs table, Redis): progress, idempotency
keys, retries with exponential backoff, the dead-letter list and retry, leases taken back from a worker that
stopped (its token then completes nothing), no job taken twice by racing workers, and a real ``museum
worker`` killed with SIGKILL mid-job: the job runs again on another worker and completes once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from museum.cli import main
from museum.jobs.base import DEAD, DONE, QUEUED, RUNNING, LeaseLost
from museum.jobs.worker import Worker
from tests.integration.jobs.conftest import Clock
from tests.servers import die_with_parent

ROOT = Path(__file__).resolve().parents[3]


def test_a_job_runs_once_and_shows_its_progress(engine):
    queue = engine()
    job = queue.enqueue("test.echo", {"text": "鸟形铜尊", "items": []})
    assert queue.get(job.id).status == QUEUED
    seen = {}

    def echo(context):
        context.progress(0.5, "half way")
        seen["during"] = queue.get(context.job.id)
        return {"echo": context.payload["text"], "items": context.payload["items"]}

    ended = Worker(queue, {"test.echo": echo}).run_one()
    assert seen["during"].status == RUNNING and seen["during"].progress == 0.5
    assert seen["during"].message == "half way"
    assert (ended.status, ended.progress, ended.attempts) == (DONE, 1.0, 1)
    assert ended.result == {"echo": "鸟形铜尊", "items": []}
    assert Worker(queue, {"test.echo": echo}).run_one() is None  # nothing else is due
    assert [j.id for j in queue.list(DONE)] == [job.id]


def test_the_same_key_makes_one_job_while_it_waits_or_runs(engine):
    queue = engine()
    first = queue.enqueue("image.ingest", {"n": 1}, key="image:2002.0031:abc")
    assert queue.enqueue("image.ingest", {"n": 2}, key="image:2002.0031:abc").id == first.id
    assert queue.enqueue("image.ingest", {"n": 3}, key="image:2002.0031:def").id != first.id
    assert queue.enqueue("image.ingest", {"n": 4}).id != first.id
    running = queue.claim("w")
    assert running.id == first.id
    assert queue.enqueue("image.ingest", {"n": 5}, key="image:2002.0031:abc").id == first.id
    queue.complete(running, {})
    assert queue.enqueue("image.ingest", {"n": 6}, key="image:2002.0031:abc").id != first.id  # it ended


def test_failures_are_retried_with_backoff_then_dead_until_retried(engine):
    clock = Clock()
    queue = engine(clock=clock, backoff_seconds=2, lease_seconds=60)
    job = queue.enqueue("test.flaky", {}, max_attempts=3)
    calls = []

    def flaky(context):
        calls.append(context.job.attempts)
        if len(calls) <= 3:
            raise ValueError(f"broken source file (call {len(calls)})")
        return {"ok": True}

    worker = Worker(queue, {"test.flaky": flaky})
    failed = worker.run_one()
    assert (failed.status, failed.attempts, failed.run_after) == (QUEUED, 1, clock.now + 2)
    assert worker.run_one() is None  # not due before its backoff
    clock.advance(2)
    assert worker.run_one().run_after == clock.now + 4  # the backoff doubles
    clock.advance(4)
    dead = worker.run_one()
    assert dead.status == DEAD and "broken source file (call 3)" in dead.error
    assert len(dead.history) == 3 and dead.history[0].startswith("attempt 1: ValueError")
    assert [j.id for j in queue.dead()] == [job.id]
    clock.advance(3600)
    assert worker.run_one() is None  # a dead job stays dead
    again = queue.retry(job.id)
    assert (again.status, again.attempts) == (QUEUED, 0)
    assert worker.run_one().status == DONE and calls == [1, 2, 3, 1]
    assert queue.dead() == []


def test_a_lost_lease_gives_the_job_to_another_worker_and_the_first_finishes_nothing(engine):
    clock = Clock()
    queue = engine(clock=clock, lease_seconds=10)
    job = queue.enqueue("test.slow", {})
    first = queue.claim("node-a:1")
    clock.advance(9)
    queue.heartbeat(first, 0.3, "a third")  # beating keeps the lease
    clock.advance(9)
    assert queue.claim("node-b:2") is None
    clock.advance(2)  # node-a stopped beating 11 s ago
    second = queue.claim("node-b:2")
    assert (second.id, second.attempts, second.worker) == (job.id, 2, "node-b:2")
    assert "worker node-a:1 stopped beating" in second.history[0]
    with pytest.raises(LeaseLost):
        queue.heartbeat(first)
    with pytest.raises(LeaseLost):
        queue.complete(first, {"by": "a"})
    queue.complete(second, {"by": "b"})
    assert queue.get(job.id).result == {"by": "b"}


def test_racing_workers_never_take_one_job_twice(engine):
    queues = [engine() for _ in range(4)]
    ids = {queues[0].enqueue("test.n", {"n": n}).id for n in range(24)}
    taken, start = [], threading.Barrier(4)

    def claim_all(queue, name):
        start.wait()
        while (job := queue.claim(name)) is not None:
            taken.append(job.id)

    threads = [threading.Thread(target=claim_all, args=(q, f"w{i}")) for i, q in enumerate(queues)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(taken) == sorted(ids)


def _wait_for(condition, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.05)


def test_a_worker_killed_mid_job_leaves_it_to_another_that_completes_it_once(engine, tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    env = {**os.environ, "MUSEUM_INSTANCE": str(instance), "MUSEUM_QUEUE_LEASE_SECONDS": "1"}
    if engine.name == "redis":
        env["MUSEUM_QUEUE_URL"] = engine.url
    monkeypatch.setenv("MUSEUM_INSTANCE", str(instance))
    for name in ("MUSEUM_QUEUE_URL", "MUSEUM_QUEUE_LEASE_SECONDS"):
        if name in env:
            monkeypatch.setenv(name, env[name])
    assert CliRunner().invoke(main, ["--instance", str(instance), "init"]).exit_code == 0
    from museum import create_app
    from museum.queue_access import job_queue

    app = create_app({"INSTANCE_PATH": str(instance)})
    queue = job_queue(app)
    assert queue.engine == engine.name
    work = tmp_path / "work"
    work.mkdir()
    job = queue.enqueue("test.slow", {"folder": str(work)})

    def worker(name):  # its messages to a file: an unread pipe that fills would stop the worker
        log = open(tmp_path / f"worker-{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        return subprocess.Popen([sys.executable, "-m", "museum.cli", "--instance", str(instance), "worker",
                                 "--name", name, "--poll", "0.1", "--handlers",
                                 "tests.integration.jobs.handlers_for_tests"],
                                cwd=ROOT, env=env, stderr=log, preexec_fn=die_with_parent())

    def started_or_dead():
        dead = [name for name, process in workers.values() if process.poll() is not None]
        if dead:
            raise AssertionError(f"worker {dead[0]} exited before the job started: "
                                 + (tmp_path / f"worker-{dead[0]}.log").read_text(errors="replace")[-2000:])
        return (work / "started-1").exists()

    workers = {process.pid: (name, process) for name, process in
               ((name, worker(name)) for name in ("one", "two"))}  # both start (slowly) at once
    try:
        # two interpreters importing the service at once: slow on a loaded machine, so a generous bound
        _wait_for(started_or_dead, "no worker started the job", timeout=120.0)
        killed, first = workers[int((work / "started-1").read_text())]
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        survivor, second = next(w for w in workers.values() if w[1] is not first)
        _wait_for(lambda: (work / "started-2").exists(), "the job was not taken back after the lease")
        (work / "release").touch()
        _wait_for(lambda: queue.get(job.id).status == DONE, "the other worker did not complete the job")
        second.terminate()
        assert second.wait(30) == 0  # it finishes its job at hand, then stops
    finally:
        for _name, process in workers.values():
            if process.poll() is None:
                process.kill()
    done = queue.get(job.id)
    assert (done.attempts, done.worker) == (2, survivor)
    assert f"worker {killed} stopped beating" in done.history[0]
    assert (work / "completions").read_text().splitlines() == [f"{job.id} attempt 2"]
    assert json.loads((work / "result.json").read_text()) == {"job": job.id}

    shown = CliRunner().invoke(main, ["--instance", str(instance), "job", "show", job.id])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["status"] == DONE
    listed = CliRunner().invoke(main, ["--instance", str(instance), "job", "list"])
    assert job.id in listed.stdout and "done" in listed.stdout
    missing = CliRunner().invoke(main, ["--instance", str(instance), "job", "retry", "nosuchjob"])
    assert missing.exit_code == 1 and "no job 'nosuchjob'" in missing.stderr
    queue.close()


def test_a_redis_queue_that_is_down_is_named_and_the_cli_says_unavailable(tmp_path, monkeypatch):
    from museum.exceptions import Unavailable
    from museum.jobs.redis_queue import RedisQueue
    from tests.servers import free_port

    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    with pytest.raises(Unavailable, match="Redis is not reachable"):
        RedisQueue.from_url(url).enqueue("test.n", {})
    monkeypatch.setenv("MUSEUM_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("MUSEUM_QUEUE_URL", url)
    listed = CliRunner().invoke(main, ["--instance", str(tmp_path / "instance"), "job", "list"])
    assert listed.exit_code == 3 and "error: the job queue's Redis is not reachable" in listed.stderr
