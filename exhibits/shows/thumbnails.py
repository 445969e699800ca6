"""Small pictures of a show's media for the timeline editor: a still scaled down (Pillow), a video's poster
frame (ffmpeg; one second in, or its middle when it is shorter), a sound's waveform strip (all channels mixed
to one, on a square-root scale so a quiet soundscape still shows, drawn on a transparent background) — from
the peaks an audio track already has (``peaks.json``, min/max pairs of -127..127) when given, else by ffmpeg.
Pictures are JPEG, waveforms PNG (:func:`suffix`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw, UnidentifiedImageError

from exhibits.shows.probe import ProbeFailed

WIDTH = 192  # px of a picture's thumbnail (height by its aspect ratio)
WAVE = (480, 48)  # px of a waveform strip
WAVE_COLOUR = "#2f5d62"


def suffix(kind: str) -> str:
    return ".png" if kind == "audio" else ".jpg"


def _still(source: Path, target: Path) -> Path:
    try:
        with Image.open(source) as picture:
            picture.draft("RGB", (WIDTH, WIDTH))  # a JPEG decodes at a fraction of its size
            small = picture.convert("RGB")
            small.thumbnail((WIDTH, 10 * WIDTH))
            small.save(target, "JPEG", quality=80)
    except (OSError, UnidentifiedImageError) as error:
        raise ProbeFailed(f"{source.name}: no picture Pillow can read ({error})") from None
    return target


def _peaks(peaks: dict, target: Path) -> Path:
    values = peaks.get("data") or [0, 0]
    pairs = [(values[i], values[i + 1]) for i in range(0, len(values) - 1, 2)]
    width, height = WAVE
    strip = Image.new("RGBA", WAVE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(strip)
    middle = (height - 1) / 2
    for x in range(width):
        first = x * len(pairs) // width
        chunk = pairs[first: max((x + 1) * len(pairs) // width, first + 1)]
        low, high = min(p[0] for p in chunk) / 127, max(p[1] for p in chunk) / 127
        scaled = [(abs(v) ** 0.5) * (1 if v >= 0 else -1) for v in (low, high)]
        draw.line([(x, middle - scaled[1] * middle), (x, middle - scaled[0] * middle)], fill=WAVE_COLOUR)
    strip.save(target, "PNG")
    return target


def make(source: Path, kind: str, duration: float | None, target: Path, peaks: dict | None = None) -> Path:
    """Write the thumbnail of ``source`` (a ``video``, ``still`` or ``audio`` as :func:`probe` says) to
    ``target``; a sound's from ``peaks`` when given. :class:`ProbeFailed` when it cannot be made."""
    if kind == "still":
        return _still(source, target)
    if kind == "audio" and peaks:
        return _peaks(peaks, target)
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
