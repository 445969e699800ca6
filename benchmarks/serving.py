"""Shared parts of the load and soak benchmarks: a sample instance, the server (ours or the previous
gunicorn ``gthread`` set-up as the peer), open event streams, worker memory, locust runs. Loopback only."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MUSEUM = BIN / "museum"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else float("nan")


def sample_instance(path: Path) -> Path:
    if not (path / "museum.sqlite3").exists():
        subprocess.run([MUSEUM, "--instance", path, "init"], check=True, capture_output=True)
        subprocess.run([MUSEUM, "--instance", path, "load-sample"], check=True, capture_output=True)
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``museum serve`` (ours) or ``gunicorn -k gthread --threads 4 wsgi:app`` (the set-up before issue
    13)."""

    def __init__(self, instance: Path, peer: bool = False, workers: int = 2, env: dict | None = None,
                 tree: Path | None = None):
        """``tree``: for the peer, another checkout of the project (e.g. ``git worktree add /tmp/before
        88f0bca``, the commit before issue 13) whose code it serves; by default this checkout's."""
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        environment = {**os.environ, "MUSEUM_INSTANCE": str(instance), **(env or {})}
        if peer:
            code = Path(tree or ROOT)
            environment["PYTHONPATH"] = str(code)
            command = [BIN / "gunicorn", "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
                       "--threads", "4", "--chdir", str(code), "wsgi:app"]
        else:
            command = [MUSEUM, "--instance", instance, "serve", "--port", str(self.port),
                       "--workers", str(workers)]
        # the server's errors, for the reader
        self.log = Path(instance) / ("peer.log" if peer else "serve.log")
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=log,
                                            start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("server did not start")

    def worker_pids(self) -> list[int]:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                    parent = int(stat[stat.rindex(")") + 2:].split()[1])  # after "(comm) state"
                    if parent == self.process.pid:
                        found.append(int(entry.name))
                except (OSError, IndexError, ValueError):
                    continue
        return found

    def worker_mb(self) -> list[float]:
        sizes = []
        for pid in self.worker_pids():
            try:
                pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
                sizes.append(pages * os.sysconf("SC_PAGE_SIZE") / 1e6)
            except OSError:
                continue
        return sizes

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


class OpenStreams:
    """``count`` projection screens holding ``/kiosk/poems/events`` open, each from its own address."""

    def __init__(self, base: str, count: int):
        self.base, self.count = base, count
        self.opened = 0
        self.failures = 0
        self.stopping = threading.Event()
        self.changed = threading.Condition()
        self.threads = [threading.Thread(target=self._hold, args=(n,), daemon=True) for n in range(count)]
        for thread in self.threads:
            thread.start()

    def _hold(self, number: int) -> None:
        host, port = self.base.removeprefix("http://").split(":")
        while not self.stopping.is_set():
            connection = http.client.HTTPConnection(host, int(port), timeout=60)
            try:
                connection.request("GET", "/kiosk/poems/events",
                                   headers={"X-Forwarded-For": f"10.20.{number // 250}.{number % 250}"})
                response = connection.getresponse()
                if response.status != 200:
                    self.failures += 1
                    self.stopping.wait(1)
                    continue
                with self.changed:
                    self.opened += 1
                    self.changed.notify_all()
                while not self.stopping.is_set() and response.fp.readline():
                    pass
            except OSError:
                self.failures += 1
            finally:
                connection.close()

    def wait_open(self, timeout: float) -> int:
        """Wait until every stream has opened once (or timeout); returns how many did."""
        with self.changed:
            self.changed.wait_for(lambda: self.opened >= self.count, timeout)
            return self.opened

    def close(self) -> None:
        self.stopping.set()


def probe_latency(base: str, path: str, count: int, every: float, budget: float = 60.0) -> list[float]:
    """Milliseconds for up to ``count`` GETs of ``path``, one each ``every`` seconds, within ``budget`` s."""
    host, port = base.removeprefix("http://").split(":")
    times = []
    deadline = time.monotonic() + budget
    for _ in range(count):
        if time.monotonic() > deadline:
            break
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            connection.getresponse().read()
            times.append((time.perf_counter() - started) * 1000)
        except OSError:
            times.append(60_000.0)
        finally:
            connection.close()
        time.sleep(every)
    return times


def run_locust(base: str, users: int, seconds: int, think: float, spawn_rate: int = 20) -> dict:
    """Run locust headless; returns {"requests", "failures", "rps", "p50", "p95", "p99"} over all requests."""
    out = Path(f"/tmp/locust-{os.getpid()}-{time.monotonic_ns()}")
    subprocess.run([BIN / "locust", "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless",
                    "-u", str(users), "-r", str(spawn_rate), "-t", f"{seconds}s", "--host", base,
                    "--csv", str(out), "--only-summary", "--exit-code-on-error", "0", "--loglevel", "ERROR"],
                   env={**os.environ, "THINK_SECONDS": str(think)}, check=True, capture_output=True,
                   timeout=seconds + 120)
    rows = (out.with_name(out.name + "_stats.csv")).read_text().splitlines()
    header = rows[0].split(",")
    total = dict(zip(header, rows[-1].split(","), strict=False))  # the "Aggregated" row
    failed = out.with_name(out.name + "_failures.csv")
    kinds = failed.read_text().splitlines()[1:] if failed.exists() else []  # method,name,error,count
    for suffix in ("_stats.csv", "_failures.csv", "_exceptions.csv", "_stats_history.csv"):
        out.with_name(out.name + suffix).unlink(missing_ok=True)
    return {"requests": int(total["Request Count"]), "failures": int(total["Failure Count"]),
            "rps": float(total["Requests/s"]), "p50": float(total["50%"]), "p95": float(total["95%"]),
            "p99": float(total["99%"]), "failure_kinds": kinds}


def print_json(label: str, value) -> None:
    print(f"{label}: {json.dumps(value, ensure_ascii=False)}")
