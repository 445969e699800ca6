"""Recognise, decode and check uploaded audio.

The container is recognised by its magic bytes, never by the file name: WAV, FLAC and Ogg are
decoded with soundfile (libsndfile), MP3 with Debian's ffmpeg. Checks: decodable, duration and
sample-rate limits, not silent, not clipped. Every error names the file and the problem.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile

from assets.audio.exceptions import ClippedAudio, LimitExceeded, SilentAudio, Undecodable, UnsupportedFormat

FFMPEG = "ffmpeg"


@dataclass(frozen=True)
class Limits:
    min_seconds: float = 1.0
    max_seconds: float = 30 * 60.0
    min_rate: int = 16_000
    max_rate: int = 192_000
    max_channels: int = 8
    silence_dbfs: float = -60.0        # RMS of the whole file below this is "silent"
    clip_level: float = 0.999          # |sample| at or above this counts as clipped ...
    clip_run: int = 3                  # ... when that many consecutive samples are there
    max_clipped_fraction: float = 1e-4


@dataclass
class Decoded:
    samples: np.ndarray    # float32, shape (frames, channels)
    rate: int
    container: str         # wav | flac | ogg | mp3

    @property
    def seconds(self) -> float:
        return self.samples.shape[0] / self.rate

    @property
    def channels(self) -> int:
        return self.samples.shape[1]


def sniff(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0):
        return "mp3"
    return None


def decode(path: str | Path) -> Decoded:
    path = Path(path)
    with open(path, "rb") as handle:
        head = handle.read(16)
    container = sniff(head)
    if container is None:
        raise UnsupportedFormat(f"{path.name}: not WAV, FLAC, Ogg or MP3 (content starts {head[:4]!r})")
    if container == "mp3":
        return Decoded(*_decode_ffmpeg(path), container)
    try:
        samples, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except (RuntimeError, soundfile.LibsndfileError) as error:
        if container != "ogg":
            raise Undecodable(f"{path.name}: cannot decode {container.upper()}: {error}") from None
        samples, rate = _decode_ffmpeg(path)  # Ogg Opus on an older libsndfile
    return Decoded(samples, int(rate), container)


def _decode_ffmpeg(path: Path) -> tuple[np.ndarray, int]:
    probe = subprocess.run([FFMPEG, "-hide_banner", "-v", "error", "-i", str(path), "-f", "wav", "-c:a", "pcm_f32le",
                            "-"], capture_output=True, timeout=300)
    if probe.returncode != 0 or len(probe.stdout) < 64:
        reason = probe.stderr.decode("utf-8", "replace").strip().splitlines()
        raise Undecodable(f"{path.name}: cannot decode: {reason[-1] if reason else 'no audio stream'}")
    import io

    samples, rate = soundfile.read(io.BytesIO(probe.stdout), dtype="float32", always_2d=True)
    return samples, int(rate)


def check(decoded: Decoded, name: str, limits: Limits = Limits()) -> None:
    if not limits.min_rate <= decoded.rate <= limits.max_rate:
        raise LimitExceeded(f"{name}: sample rate {decoded.rate} Hz outside {limits.min_rate}..{limits.max_rate} Hz")
    if not limits.min_seconds <= decoded.seconds <= limits.max_seconds:
        raise LimitExceeded(f"{name}: duration {decoded.seconds:.2f} s outside "
                            f"{limits.min_seconds:g}..{limits.max_seconds:g} s")
    if decoded.channels > limits.max_channels:
        raise LimitExceeded(f"{name}: {decoded.channels} channels (at most {limits.max_channels})")
    rms = float(np.sqrt(np.mean(np.square(decoded.samples, dtype=np.float64))))
    level = 20 * np.log10(rms) if rms > 0 else -np.inf
    if level < limits.silence_dbfs:
        raise SilentAudio(f"{name}: silent (RMS {level:.1f} dBFS, below {limits.silence_dbfs:g} dBFS)")
    fraction = clipped_fraction(decoded.samples, limits)
    if fraction > limits.max_clipped_fraction:
        raise ClippedAudio(f"{name}: clipped ({fraction * 100:.3f} % of samples in runs at full scale)")


def clipped_fraction(samples: np.ndarray, limits: Limits = Limits()) -> float:
    """Fraction of samples that sit in runs of at least ``clip_run`` consecutive full-scale samples."""
    hot = np.abs(samples) >= limits.clip_level
    total = 0
    for channel in hot.T:
        padded = np.concatenate(([0], channel.astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(padded))
        runs = edges[1::2] - edges[::2]
        total += int(runs[runs >= limits.clip_run].sum())
    return total / samples.size
