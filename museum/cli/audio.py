"""``museum audio``: guide tracks and soundscapes of records and galleries.

    museum audio add 1989.0107 guide-en.wav --lang en --transcript guide-en.txt
    museum audio add three-gorges soundscape.flac --lang zh --kind soundscape --layout 5.1
    museum audio list 1989.0107
    museum audio remove 7

The struck instruments (modal analysis) are ``museum instrument`` (:mod:`museum.cli.instruments`).
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from museum.catalogue.audio import TRACKS, AudioTrack
from museum.cli.errors import MuseumGroup
from museum.extensions import db
from museum.media import remove_held, storage


@click.group("audio", cls=MuseumGroup)
def audio_group() -> None:
    """Audio guides and soundscapes of records and galleries."""


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
        [added] = TRACKS.add(session, target, file, storage(), limits=TRACKS.limits(current_app.config),
                             language=language, transcript=transcript, layout=layout, kind=kind, title=title)
        manifest, track_id = added.item.manifest, added.item.id
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
    tracks = TRACKS.list(db.session, target)
    if not tracks:
        click.echo(f"{target}: no audio")
    for t in tracks:
        click.echo(f"{t.id}: {t.language} {t.kind} {t.duration:.1f} s {t.loudness_lufs} LUFS {t.folder}")


@audio_group.command("remove")
@click.argument("track_id", type=int)
def remove(track_id: int) -> None:
    """Remove the track TRACK_ID and its files."""
    remove_held(TRACKS, lambda session: session.get(AudioTrack, track_id), f"audio track {track_id}")
    click.echo(f"removed track {track_id}")


COMMANDS = [audio_group]
