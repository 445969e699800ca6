"""Web derivatives with a real encoder (Debian's ffmpeg): Opus in Ogg, AAC in MP4 and MP3."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np
import soundfile

from assets.audio.exceptions import EncoderFailed

FFMPEG = "ffmpeg"

# name -> (file suffix, MIME type, ffmpeg output arguments)
DERIVATIVES = {
    "opus": (".opus", "audio/ogg; codecs=opus", ["-c:a", "libopus", "-b:a", "96k", "-f", "ogg"]),
    "aac": (".m4a", "audio/mp4", ["-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", "-f", "mp4"]),
    "mp3": (".mp3", "audio/mpeg", ["-c:a", "libmp3lame", "-b:a", "128k", "-f", "mp3"]),
}
MIME_BY_SUFFIX = {suffix: mime for suffix, mime, _ in DERIVATIVES.values()} | {
    ".wav": "audio/wav", ".flac": "audio/flac", ".vtt": "text/vtt", ".json": "application/json",
    ".png": "image/png"}


FFMPEG_LAYOUTS = {"quad": "quad", "5.1": "5.1", "7.1": "7.1"}


def _channel_args(name: str, channels: int, layout: str | None) -> list[str]:
    """Surround: Opus needs mapping family 1 and a layout it knows; MP3 carries at most two channels,
    so its derivative of a soundscape is a stereo downmix."""
    if channels <= 2:
        return []
    if name == "mp3":
        return ["-ac", "2"]
    args = ["-af", f"aformat=channel_layouts={FFMPEG_LAYOUTS.get(layout or '', '5.1')}"]
    return args + (["-mapping_family", "1"] if name == "opus" else [])


def encode_all(samples: np.ndarray, rate: int, folder: Path, stem: str = "track",
               formats: tuple[str, ...] = ("opus", "aac", "mp3"),
               layout: str | None = None) -> dict[str, Path]:
    """Write the master as FLAC and each derivative next to it; returns format -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    master = folder / f"{stem}.flac"
    soundfile.write(str(master), samples, rate, subtype="PCM_24")
    written = {"flac": master}
    for name in formats:
        suffix, _mime, args = DERIVATIVES[name]
        target = folder / f"{stem}{suffix}"
        rate_args = ["-ar", "48000"] if name == "opus" else []
        with tempfile.TemporaryDirectory() as scratch:
            partial = Path(scratch) / target.name
            run = subprocess.run([FFMPEG, "-hide_banner", "-v", "error", "-y", "-i", str(master), *rate_args,
                                  *_channel_args(name, samples.shape[1] if samples.ndim == 2 else 1, layout),
                                  *args, str(partial)], capture_output=True, timeout=600)
            if run.returncode != 0 or not partial.exists() or partial.stat().st_size == 0:
                message = run.stderr.decode("utf-8", "replace").strip()[-300:]
                raise EncoderFailed(f"{master.name}: ffmpeg could not make {name}: {message}")
            partial.replace(target)
        written[name] = target
    return written
