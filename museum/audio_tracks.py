"""The audio tracks of an object or a gallery per language, as the JSON API and the kiosk's audio station
show them: each track's facts and the URLs of its files (the FLAC master, its derivatives, waveform
peaks, captions)."""

from __future__ import annotations

from flask import url_for

from museum.catalogue import audio as store
from museum.extensions import db


def track_json(track: store.AudioTrack) -> dict:
    files = track.manifest.get("files", {})
    return {"id": track.id, "kind": track.kind, "title": track.title, "language": track.language,
            "duration": track.duration, "sample_rate": track.sample_rate, "channels": track.channels,
            "layout": track.layout, "loudness_lufs": track.loudness_lufs,
            "true_peak_dbtp": track.true_peak_dbtp,
            "urls": {kind: url_for("api.audio_file", folder=track.folder, name=name)
                     for kind, name in files.items()}}


def tracks_by_language(target: str) -> dict[str, list[dict]]:
    """``target`` is an accession number or a gallery slug."""
    grouped: dict[str, list] = {}
    for track in store.TRACKS.list(db.session, target):
        grouped.setdefault(track.language, []).append(track_json(track))
    return grouped
