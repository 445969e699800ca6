"""Small pictures of a show's media for the timeline editor, made by ffmpeg: a still scaled down, a video's
poster frame (one second in, or its middle when it is shorter), a sound's waveform strip (all channels mixed
to one, on a square-root scale so a quiet soundscape still shows, drawn on a transparent background).
Pictures are JPEG, waveforms PNG (:func:`suffix`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from exhibits.shows.probe import ProbeFailed

WIDTH = 192  # px of a picture's thumbnail (height by its aspect ratio)
WAVE = (480, 48)  # px of a waveform strip
WAVE_COLOUR = "#2f5d62"


def suffix(kind: str) -> str:
    return ".png" if kind == "audio" else ".jpg"


def make(source: Path, kind: str, duration: float | None, target: Path) -> Path:
    """Write the thumbnail of ``source`` (a ``video``, ``still`` or ``audio`` as :func:`probe` says) to
    ``target``; :class:`ProbeFailed` when ffmpeg is missing or cannot make it."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise ProbeFailed("ffmpeg is missing (Debian's ffmpeg package)")
    if kind == "audio":
        width, height = WAVE
        work = ["-i", str(source), "-filter_complex",
                f"aformat=channel_layouts=mono,showwavespic=s={width}x{height}:colors={WAVE_COLOUR}"
                ":scale=sqrt:draw=full",
                "-frames:v", "1", "-f", "image2", "-c:v", "png"]
    else:
        seek = [] if kind == "still" else ["-ss", f"{min(1.0, (duration or 0) / 2):.3f}"]
        work = [*seek, "-i", str(source), "-frames:v", "1", "-vf", f"scale={WIDTH}:-2", "-q:v", "5",
                "-f", "image2", "-c:v", "mjpeg"]
    run = subprocess.run([ffmpeg, "-v", "error", "-nostdin", "-y", *work, str(target)], capture_output=True,
                         text=True, timeout=60, check=False)
    if run.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        raise ProbeFailed(f"{source.name}: ffmpeg made no thumbnail ({run.stderr.strip()[-200:]})")
    return target
