"""ffprobe's view of a media file: its kind (video, still, audio), duration, and an audio stream's channel
count and layout (``5.1``, ``7.1``… as ffprobe names them; ``5.1(side)`` counts as 5.1)."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

STILL_CODECS = ("png", "mjpeg", "webp")


@dataclass(frozen=True)
class MediaInfo:
    kind: str  # video | still | audio
    duration: float | None
    channels: int | None = None
    channel_layout: str | None = None

    @property
    def layout(self) -> str | None:
        """The layout without ffprobe's speaker variant: ``5.1(side)`` → ``5.1``."""
        return self.channel_layout.split("(", 1)[0] if self.channel_layout else None


class ProbeFailed(Exception):
    pass


def probe(path: Path) -> MediaInfo:
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        raise ProbeFailed("ffprobe is missing (Debian's ffmpeg package)")
    run = subprocess.run([ffprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
                          str(path)], capture_output=True, text=True, timeout=60, check=False)
    if run.returncode != 0:
        raise ProbeFailed(f"{path.name}: not a media file ffprobe can read")
    info = json.loads(run.stdout)
    streams = info.get("streams", [])
    duration = float(info.get("format", {}).get("duration") or 0) or None
    video = [s for s in streams if s.get("codec_type") == "video"]
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    if video and video[0].get("codec_name") in STILL_CODECS and not audio:
        return MediaInfo("still", None)
    if video:
        return MediaInfo("video", duration)
    if audio:
        return MediaInfo("audio", duration, audio[0].get("channels"), audio[0].get("channel_layout"))
    raise ProbeFailed(f"{path.name}: no picture or sound in it")
