"""Handlers the job tests give a real ``museum worker``
(``--handlers tests.integration.jobs.handlers_for_tests``).

``test.slow`` marks that an attempt started, then works until the test lets it finish (the file ``release``
appears: the test's stand-in for a long derivative), then writes its result idempotently (a name derived from
the payload, written whole by a rename) and appends one line to ``completions``."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from museum.jobs.handlers import handler
from museum.jobs.worker import Context


@handler("test.slow")
def slow(context: Context) -> dict:
    folder = Path(context.payload["folder"])
    (folder / f"started-{context.job.attempts}").write_text(str(os.getpid()))
    context.progress(0.1, "waiting for release")
    while not (folder / "release").exists():  # the work; the lease is renewed by the worker meanwhile
        time.sleep(0.05)
    result = folder / "result.json"
    if not result.exists():
        partial = folder / f"result.{os.getpid()}.part"
        partial.write_text(json.dumps({"job": context.job.id}))
        os.replace(partial, result)
    with open(folder / "completions", "a") as log:
        log.write(f"{context.job.id} attempt {context.job.attempts}\n")
    return {"result": str(result)}
