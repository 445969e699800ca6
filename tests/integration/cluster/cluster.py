"""The cluster of docs/deploy.md, all on loopback and started for real once for the module: PostgreSQL,
Redis, SeaweedFS (S3), the Elasticsearch API server, two app servers (``museum serve``, separate instance
folders, one database, bucket, queue and secret), two ``museum worker`` processes and nginx with the
repository's deploy/nginx.conf in front. Everything stops with the context (and dies with the
process that started it). Used by the cluster tests and benchmarks/cluster.py."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.servers import (
    ROOT,
    S3_KEY,
    S3_SECRET,
    create_database,
    museum_serve,
    museum_worker,
    nginx_balancer,
    redis_server,
    seaweedfs,
)

BUCKET = "museum-cluster"
ACCESSIONS = ("2002.0031", "1977.0012", "1989.0107")


@dataclass
class Cluster:
    front: str  # nginx
    apps: list[str]  # the app servers' own URLs
    app_processes: list[subprocess.Popen]
    workers: dict[str, subprocess.Popen]
    env: dict[str, str]  # the settings every node shares
    token: str  # a curator's bearer token
    endpoint: str  # S3
    database_url: str
    postgres: dict
    folder: Path
    stack: ExitStack = field(repr=False)
    nginx_folder: Path | None = None  # its configuration and logs

    def request(self, base: str, path: str, method: str = "GET", data: bytes | None = None,
                headers: dict | None = None, timeout: float = 30):
        """(status, headers, body); a 4xx/5xx is an answer, not an exception."""
        request = urllib.request.Request(base + path, data=data, method=method,
                                         headers={"Authorization": f"Bearer {self.token}", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def museum(self, instance: Path, *args: str, stdin: str | None = None,
               env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "museum.cli", "--instance", str(instance), *args],
                              env={**(env or self.env), "PYTHONPATH": str(ROOT)}, cwd=ROOT, input=stdin,
                              capture_output=True, text=True, timeout=300)

    def start_worker(self, name: str) -> subprocess.Popen:
        process = self.stack.enter_context(museum_worker(self.folder / f"worker-{name}", name, self.env))
        self.workers[name] = process
        return process


def _add_records(env: dict, instance: Path) -> None:
    seed = [sys.executable, "-m", "tests.integration.cluster.seed", str(instance), *ACCESSIONS]
    done = subprocess.run(seed,
                          env={**env, "PYTHONPATH": str(ROOT)}, cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr


def _bucket_writable(s3, timeout: float = 60.0) -> None:
    """SeaweedFS gives a new bucket its volumes on the first write, which takes seconds on a busy machine:
    done here (a probe written and removed, polled, bounded) so the app servers find the bucket ready."""
    from botocore.exceptions import BotoCoreError, ClientError

    deadline = time.monotonic() + timeout
    while True:
        try:
            s3.put_object(Bucket=BUCKET, Key="probe", Body=b"ready")
            s3.delete_object(Bucket=BUCKET, Key="probe")
            return
        except (ClientError, BotoCoreError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextmanager
def running_cluster(folder: Path, postgres_server: dict, elasticsearch_url: str):
    """Start the cluster in ``folder`` (on a running PostgreSQL server and Elasticsearch API); yields it."""
    import boto3

    with ExitStack() as stack:
        redis_url = stack.enter_context(redis_server(folder / "redis"))
        endpoint = stack.enter_context(seaweedfs(folder / "seaweedfs"))
        s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=S3_KEY,
                          aws_secret_access_key=S3_SECRET, region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        _bucket_writable(s3)
        database_url = create_database(postgres_server)
        settings = {"DATABASE_URL": database_url, "MEDIA_URL": f"s3://{BUCKET}/media",
                    "S3_ENDPOINT_URL": endpoint, "QUEUE_URL": redis_url, "QUEUE_WORKER": "false",
                    "QUEUE_UPLOADS": "true", "QUEUE_LEASE_SECONDS": "3", "SECRET_KEY": secrets.token_hex(32),
                    "SEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": elasticsearch_url,
                    "ELASTICSEARCH_INDEX_PREFIX": f"cluster{uuid.uuid4().hex[:6]}", "TRUSTED_PROXIES": "1"}
        aws = {"AWS_ACCESS_KEY_ID": S3_KEY, "AWS_SECRET_ACCESS_KEY": S3_SECRET,
               "AWS_DEFAULT_REGION": "us-east-1",
               "AWS_CONFIG_FILE": str(folder / "no-aws-config"), "AWS_EC2_METADATA_DISABLED": "true",
               "AWS_SHARED_CREDENTIALS_FILE": str(folder / "no-aws-credentials")}
        saved = dict(os.environ)
        stack.callback(lambda: (os.environ.clear(), os.environ.update(saved)))
        os.environ.update(aws)  # museum_serve passes its own environment on
        for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
            os.environ.pop(key, None)
        env = {**os.environ, **{f"MUSEUM_{k}": v for k, v in settings.items()}}
        cluster = Cluster(front="", apps=[], app_processes=[], workers={}, env=env, token="",
                          endpoint=endpoint, database_url=database_url, postgres=postgres_server,
                          folder=folder, stack=stack)
        first = folder / "node-a"
        done = cluster.museum(first, "init")
        assert done.returncode == 0, done.stderr
        _add_records(env, first)
        done = cluster.museum(first, "user", "add", "ops", "--role", "curator", "--password-stdin", "--token",
                              stdin="Yangtze-Gorges-1997-bronze\n")
        assert done.returncode == 0, done.stderr
        cluster.token = re.search(r"(mt_\S+)", done.stdout).group(1)
        for node in ("node-a", "node-b"):
            (folder / node).mkdir(exist_ok=True)
            base, process = stack.enter_context(museum_serve(folder / node, workers=1, **settings))
            cluster.apps.append(base)
            cluster.app_processes.append(process)
        for name in ("w1", "w2"):
            cluster.start_worker(name)
        # nginx's workers (nobody, when the tests run as root) write its IIIF cache files: a folder they can
        # reach (pytest's own folders are the owner's alone)
        cluster.nginx_folder = Path(tempfile.mkdtemp(prefix="museum-cluster-nginx-"))
        stack.callback(shutil.rmtree, cluster.nginx_folder, ignore_errors=True)
        cluster.front = stack.enter_context(nginx_balancer(
            cluster.nginx_folder, [base.removeprefix("http://") for base in cluster.apps]))
        yield cluster
