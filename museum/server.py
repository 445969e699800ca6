"""``museum serve``: gunicorn with its native ``asgi`` worker in front of :mod:`museum.asgi`.

Workers are recycled so that no process grows for ever: after ``SERVER_MAX_REQUESTS`` requests (with
jitter, so workers do not restart together) and, checked every few seconds, as soon as the resident memory
of a worker passes ``SERVER_WORKER_MEMORY_MB``. A recycled worker finishes what it is doing (open event
streams end and their browsers reconnect to a sibling) while the master starts its replacement.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from gunicorn.app.base import BaseApplication

log = logging.getLogger(__name__)
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
M_ARENA_MAX = -8  # glibc mallopt parameter
KEEPALIVE_SECONDS = 30


def resident_mb(pid: int | str = "self") -> float:
    """The resident set size of a process in MB (Linux ``/proc``)."""
    with open(f"/proc/{pid}/statm") as handle:
        return int(handle.read().split()[1]) * PAGE_SIZE / 1e6


def _limit_malloc_arenas(_server, _worker) -> None:
    """One malloc arena per thread (glibc's default up to 8 × cores) fragments a threaded Python process
    into memory it never returns; two arenas keep a worker's footprint flat at no measurable cost."""
    try:
        ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, 2)
    except OSError:  # not glibc
        pass


def _start_memory_watch(limit_mb: float, every_seconds: float = 5.0):
    def post_worker_init(worker) -> None:
        def watch() -> None:
            while True:
                time.sleep(every_seconds)  # the watch interval
                size = resident_mb()
                if size > limit_mb:
                    worker.log.warning("worker %s uses %.0f MB (limit %.0f MB): recycling it",
                                       os.getpid(), size, limit_mb)
                    os.kill(os.getpid(), signal.SIGTERM)  # graceful: the master starts a replacement
                    return

        threading.Thread(target=watch, name="memory-watch", daemon=True).start()

    return post_worker_init


def options(config, host: str, port: int, workers: int) -> dict:
    """gunicorn settings for the app's configuration."""
    return {
        "bind": f"{host}:{port}", "workers": workers, "worker_class": "asgi",
        "worker_connections": config["STREAM_MAX_TOTAL"] + 500,
        "max_requests": config["SERVER_MAX_REQUESTS"],
        "max_requests_jitter": config["SERVER_MAX_REQUESTS"] // 10,
        # an idle keep-alive connection is kept longer than a visitor pauses between clicks: a server that
        # closes it just as the browser sends on it drops that request (RemoteDisconnected in
        # benchmarks/load.py at 5 s); idle connections cost the event loop next to nothing
        "timeout": 60, "graceful_timeout": 20, "keepalive": KEEPALIVE_SECONDS,
        # long OAI-PMH identifiers and IIIF URLs reach the app, which answers in the protocol's own terms
        "limit_request_line": 32768,
        "accesslog": "-", "chdir": str(Path(__file__).resolve().parents[1]),
        "control_socket": str(Path(config["INSTANCE_PATH"]) / "gunicorn.ctl"),
        "post_fork": _limit_malloc_arenas,
        "post_worker_init": _start_memory_watch(config["SERVER_WORKER_MEMORY_MB"]),
    }


class MuseumServer(BaseApplication):
    def __init__(self, instance_path: str, settings: dict):
        self.instance_path, self.settings = instance_path, settings
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.settings.items():
            self.cfg.set(key, value)

    def load(self):
        from museum import create_app
        from museum.asgi import create_asgi_app

        os.environ["MUSEUM_INSTANCE"] = self.instance_path
        app = create_app()
        # each worker loads the poem model as it starts (gunicorn loads the app in the worker), so no
        # visitor's request waits for it
        from museum import poem_station
        from museum.iiif import images

        images.warm_up(app)  # the first tile request after a start costs what the others do
        started = time.perf_counter()
        if poem_station.warm_up(app):
            log.info("poem model warmed up in %.1f s", time.perf_counter() - started)
        # what a worker has loaded by now (the app, the poem model) lives as long as the worker: kept out of
        # the cyclic collector's full passes (~0.15 s over ~200,000 objects) that would land on a request
        gc.freeze()
        return create_asgi_app(app)


def _die_with_parent() -> None:
    PR_SET_PDEATHSIG = 1  # Linux: the worker gets SIGTERM when the server goes, even by SIGKILL
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM))


def start_local_worker(app) -> subprocess.Popen | None:
    """With ``QUEUE_WORKER`` (the default): one ``museum worker`` process beside the web workers, so jobs run
    on one machine with nothing else started. It finishes its job at hand on SIGTERM."""
    if not app.config["QUEUE_WORKER"]:
        return None
    command = [sys.executable, "-m", "museum.cli", "--instance", app.instance_path, "worker"]
    log.info("starting the local job worker: %s", " ".join(command))
    return subprocess.Popen(command, preexec_fn=_die_with_parent)


def run(app, host: str, port: int, workers: int) -> None:
    worker = start_local_worker(app)
    try:
        MuseumServer(app.instance_path, options(app.config, host, port, workers)).run()
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(30)
            except subprocess.TimeoutExpired:
                worker.kill()
