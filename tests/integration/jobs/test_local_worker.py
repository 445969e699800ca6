"""The embedded default on one machine: ``museum serve`` starts one local ``museum worker`` beside the web
workers (QUEUE_WORKER), which runs jobs from the catalogue database's jobs table; it goes with the server."""

from __future__ import annotations

import time

from click.testing import CliRunner

from museum import create_app
from museum.cli import main
from museum.queue_access import job_queue
from tests.servers import museum_serve


def test_museum_serve_runs_jobs_with_its_own_worker(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    monkeypatch.setenv("MUSEUM_INSTANCE", str(instance))
    assert CliRunner().invoke(main, ["--instance", str(instance), "init"]).exit_code == 0
    queue = job_queue(create_app({"INSTANCE_PATH": str(instance)}))
    job = queue.enqueue("search.rebuild", {})
    with museum_serve(instance, QUEUE_WORKER=True):
        deadline = time.monotonic() + 60
        while queue.get(job.id).status != "done":  # polled: the worker starts beside the server
            assert time.monotonic() < deadline, f"the local worker did not run the job: {queue.get(job.id)}"
            time.sleep(0.1)
    done = queue.get(job.id)
    assert done.result == {"records": 0} and done.attempts == 1
    log = (instance / "serve.log").read_text()  # one worker, stopped with the server after its job
    assert log.count("DatabaseQueue(") == 1 and log.count(": ran 1 job(s)") == 1
