"""``museum instrument``: the finite-element modal analysis of the playable bronzes (struck at the
instrument stations, ``/api/v1/instruments``).

    museum instrument modes 1989.0107 --background      # a job with progress; never inside a web request
    museum instrument job 1989.0107
    museum instrument modes 1972.0008 --write-data      # regenerate the shipped exhibits/audio/data file
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import click
from flask import current_app

from exhibits.audio import instruments, player
from museum.catalogue import audio as store
from museum.cli.errors import MuseumGroup
from museum.exceptions import NotFound
from museum.extensions import db


@click.group("instrument", cls=MuseumGroup)
def instrument_group() -> None:
    """Struck instruments: modal analysis (background jobs) for the instrument stations."""


def _job_path(accession: str) -> Path:
    return Path(current_app.config["INSTANCE_PATH"]) / "jobs" / f"modes-{accession}.json"


def _write_job(path: Path, **state) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(path.read_text()) if path.exists() else {}
    current.update(state)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(current, ensure_ascii=False, indent=1))
    partial.replace(path)


def _start_in_background(job: Path, accession: str, levels: str, write_data: bool,
                         output: Path | None) -> None:
    args = [sys.executable, "-c", "from museum.cli import main; main()", "--instance",
            current_app.config["INSTANCE_PATH"], "instrument", "modes", accession, "--levels", levels]
    args += ["--write-data"] if write_data else []
    args += ["--output", str(output)] if output else []
    _write_job(job, accession=accession, state="queued", progress=0.0, messages=[], error=None)
    # one BLAS thread: OpenBLAS's spinning threads make the eigensolver several times slower
    # on a busy two-core machine (measured: coarse chunyu 19 s instead of 69 s under load)
    env = os.environ | {"OPENBLAS_NUM_THREADS": "1"}
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True, env=env)
    _write_job(job, pid=process.pid)
    click.echo(f"modal analysis of {accession} started as job {process.pid}; "
               f"`museum instrument job {accession}`")


@instrument_group.command("modes")
@click.argument("accession")
@click.option("--levels", default="coarse,fine", show_default=True,
              help="Mesh levels to run (the last one gives the modes; two give the convergence check).")
@click.option("--write-data", is_flag=True, help="Also write the shipped data file exhibits/audio/data/.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Also write the JSON here.")
@click.option("--background", is_flag=True,
              help="Run as a background job; follow it with `museum instrument job`.")
def modes(accession, levels, write_data, output, background) -> None:
    """Finite-element modal analysis of a playable instrument (a minute of CPU; cached afterwards)."""
    inst = instruments.instrument(accession)
    job = _job_path(accession)
    if background:
        _start_in_background(job, accession, levels, write_data, output)
        return
    wanted = tuple(name for name in levels.split(",") if name)
    steps = 5 * len([lv for lv in inst.levels if lv.name in wanted])
    messages: list[str] = []
    started = time.time()

    def progress(message: str) -> None:
        messages.append(message)
        _write_job(job, state="running", progress=round(min(0.99, len(messages) / steps), 2),
                   messages=messages)
        click.echo(f"[{time.time() - started:5.1f} s] {message}")

    _write_job(job, accession=accession, state="running", progress=0.0, messages=[], started=started,
               error=None)
    try:
        data = instruments.compute_modes(accession, wanted, progress=progress)
    except Exception as error:  # the job file tells `museum instrument job`; the error goes on to the user
        _write_job(job, state="failed", error=str(error))
        raise
    with db.transaction() as session:
        store.save_modes(session, accession, data)
    for path in ([player.modes_path(accession)] if write_data else []) + ([output] if output else []):
        instruments.write_data(data, path)
        click.echo(f"wrote {path}")
    _write_job(job, state="done", progress=1.0, finished=time.time())
    first = data["modes"][0]["frequency"]
    conv = data.get("convergence", {}).get("max_relative_difference")
    click.echo(f"{accession}: {len(data['modes'])} partials from {first} Hz"
               + (f"; coarse/fine max difference {conv * 100:.2f} %" if conv is not None else ""))


@instrument_group.command("job")
@click.argument("accession")
def job_status(accession) -> None:
    """Show the state of a background modal analysis."""
    job = _job_path(accession)
    if not job.exists():
        raise NotFound(f"no modal-analysis job for {accession}")
    state = json.loads(job.read_text())
    click.echo(f"{accession}: {state.get('state')} {state.get('progress', 0) * 100:.0f} %"
               + (f" — {state['messages'][-1]}" if state.get("messages") else "")
               + (f" — error: {state['error']}" if state.get("error") else ""))


COMMANDS = [instrument_group]
