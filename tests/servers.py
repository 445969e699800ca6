"""Servers for tests: the production server (``museum serve``) in a subprocess on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(base: str, process: subprocess.Popen, timeout: float = 90.0) -> None:
    """Poll ``/healthz`` until it answers (a readiness condition, bounded for a server that never comes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"museum serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"museum serve did not answer on {base} within {timeout} s")


@contextmanager
def museum_serve(instance: Path, workers: int = 1, **settings):
    """Run ``museum --instance INSTANCE serve`` with ``MUSEUM_<KEY>`` settings; yields (base URL, process)."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), **{f"MUSEUM_{k}": str(v) for k, v in settings.items()}}
    command = [sys.executable, "-m", "museum.cli", "--instance", str(instance), "serve", "--port", str(port),
               "--workers", str(workers)]
    log = open(instance / "serve.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, process)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
