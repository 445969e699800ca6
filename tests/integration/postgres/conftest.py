"""A throwaway PostgreSQL server (Debian's postgresql, a new cluster in a temporary folder, its own port),
started once per test run and removed afterwards: the service's storage tested on the real thing."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import uuid
from pathlib import Path

import pytest

BINARIES = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root: run its programs as the postgres account the package created.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    if not BINARIES:
        pytest.fail("PostgreSQL is missing: `make install` installs Debian's postgresql package")
    binaries = Path(BINARIES[-1])
    folder = Path(f"/tmp/museum-pg-{uuid.uuid4().hex[:8]}")
    folder.mkdir(mode=0o700)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", _free_port()
    run = dict(check=True, capture_output=True, text=True)
    subprocess.run(_as_server_user([str(binaries / "initdb"), "-D", str(data), "-U", "museum", "-A", "trust",
                                    "-E", "UTF8", "--locale", "C.UTF-8"]), **run)
    server_options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(_as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"),
                                    "-w", "-o", server_options, "start"]), **run)
    try:
        yield {"port": port, "binaries": binaries}
    finally:
        stop = [str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]
        subprocess.run(_as_server_user(stop), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server):
    """A new, empty database on the server for each test."""
    import psycopg

    name = f"museum_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"host=127.0.0.1 port={postgres_server['port']} user=museum dbname=postgres",
                         autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://museum@127.0.0.1:{postgres_server['port']}/{name}"
