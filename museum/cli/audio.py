"""``museum audio``: guide tracks and soundscapes, and the modal analysis of the playable bronzes.

    museum audio add 1989.0107 guide-en.wav --lang en --transcript guide-en.txt
    museum audio add three-gorges soundscape.flac --lang zh --kind soundscape --layout 5.1
    museum audio list 1989.0107
    museum audio modes 1989.0107 --background      # a job with progress; never inside a web request
    museum audio job 1989.0107
    museum audio modes 1972.0008 --write-data      # regenerate the shipped exhibits/audio/data file
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


@click.group("audio", cls=MuseumGroup)
def audio_group() -> None:
    """Audio guides, soundscapes and struck instruments."""


@audio_group.command("add")
@click.argument("target")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", "language", required=True, help="Language of the track (zh, en, ja ...).")
@click.option("--transcript", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Plain-text transcript (becomes timed WebVTT cues) or a .vtt file (checked).")
@click.option("--kind", type=click.Choice(["guide", "soundscape"]), default="guide", show_default=True)
@click.option("--layout", help="Channel layout of a multichannel file: mono, stereo, quad, 5.1, 7.1.")
@click.option("--title", help="Title shown at the station.")
def add(target, file, language, transcript, kind, layout, title) -> None:
    """Add FILE (WAV, FLAC, Ogg or MP3) to TARGET, an accession number or a gallery slug."""
    with db.transaction() as session:
        track = store.add_track(session, target, file, language, current_app.config["MEDIA_ROOT"],
                                transcript=transcript, layout=layout, kind=kind, title=title)
        manifest, track_id = track.manifest, track.id
    loud = manifest["loudness"]
    click.echo(f"track {track_id} for {target} ({language}, {kind}): {manifest['duration']:.1f} s, "
               f"{manifest['sample_rate']} Hz, {manifest['channels']} ch ({manifest['layout']})")
    click.echo(f"  loudness {loud['input_lufs']} -> {loud['output_lufs']} LUFS, true peak "
               f"{loud['output_true_peak_dbtp']} dBTP{' (limited)' if loud['limited'] else ''}")
    click.echo(f"  files: {', '.join(manifest['files'].values())}; {manifest['cues']} caption cues")


@audio_group.command("list")
@click.argument("target")
def list_tracks(target) -> None:
    """List the tracks of an accession number or gallery slug."""
    tracks = store.tracks_for(db.session, target)
    if not tracks:
        click.echo(f"{target}: no audio")
    for t in tracks:
        click.echo(f"{t.id}: {t.language} {t.kind} {t.duration:.1f} s {t.loudness_lufs} LUFS {t.folder}")


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
            current_app.config["INSTANCE_PATH"], "audio", "modes", accession, "--levels", levels]
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
               f"`museum audio job {accession}`")


@audio_group.command("modes")
@click.argument("accession")
@click.option("--levels", default="coarse,fine", show_default=True,
              help="Mesh levels to run (the last one gives the modes; two give the convergence check).")
@click.option("--write-data", is_flag=True, help="Also write the shipped data file exhibits/audio/data/.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Also write the JSON here.")
@click.option("--background", is_flag=True,
              help="Run as a background job; follow it with `museum audio job`.")
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
    except Exception as error:  # the job file tells `museum audio job`; the error goes on to the user
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


@audio_group.command("job")
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


COMMANDS = [audio_group]
