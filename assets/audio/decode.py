"""Recognise, decode and check uploaded audio.

The container is recognised by its magic bytes, never by the file name: WAV, FLAC and Ogg are
decoded with soundfile (libsndfile), MP3 with Debian's ffmpeg. Checks: size, duration, sample-rate and
channel limits (from the header before decoding when libsndfile reads it, and again once decoded), decodable,
not silent, not clipped. Every error names the file and the problem.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile

from assets.audio.exceptions import ClippedAudio, LimitExceeded, SilentAudio, Undecodable, UnsupportedFormat
from assets.media import Limits

FFMPEG = "ffmpeg"


LIMITS = Limits(
    max_bytes=2 * 1024**3,
    min_seconds=1.0,
    max_seconds=30 * 60.0,
    min_rate=16_000,
    max_rate=192_000,
    max_channels=8,
    silence_dbfs=-60.0,  # RMS of the whole file below this is "silent"
    clip_level=0.999,  # |sample| at or above this counts as clipped ...
    clip_run=3,  # ... when that many consecutive samples are there
    max_clipped_fraction=1e-4,
)


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
    command = [FFMPEG, "-hide_banner", "-v", "error", "-i", str(path), "-f", "wav", "-c:a", "pcm_f32le", "-"]
    probe = subprocess.run(command, capture_output=True, timeout=300)
    if probe.returncode != 0 or len(probe.stdout) < 64:
        reason = probe.stderr.decode("utf-8", "replace").strip().splitlines()
        raise Undecodable(f"{path.name}: cannot decode: {reason[-1] if reason else 'no audio stream'}")
    import io

    samples, rate = soundfile.read(io.BytesIO(probe.stdout), dtype="float32", always_2d=True)
    return samples, int(rate)


def check_file(path: Path, limits: Limits = LIMITS) -> str:
    """The container of the file at ``path`` after the checks that need no decoding: its size, its magic
    bytes and, when libsndfile reads the header, its sample rate, duration and channels."""
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise LimitExceeded(f"{path.name}: {size:,} bytes, more than the limit of {limits.max_bytes:,}")
    with open(path, "rb") as handle:
        head = handle.read(16)
    container = sniff(head)
    if container is None:
        raise UnsupportedFormat(f"{path.name}: not WAV, FLAC, Ogg or MP3 (content starts {head[:4]!r})")
    if container != "mp3":  # MP3 headers do not tell the duration reliably: checked once decoded
        try:
            info = soundfile.info(str(path))
        except (RuntimeError, soundfile.LibsndfileError):
            return container  # decoding says what is wrong
        check_format(int(info.samplerate), info.frames / info.samplerate, info.channels, path.name, limits)
    return container


def check_format(rate: int, seconds: float, channels: int, name: str, limits: Limits = LIMITS) -> None:
    if not limits.min_rate <= rate <= limits.max_rate:
        raise LimitExceeded(f"{name}: sample rate {rate} Hz outside {limits.min_rate}..{limits.max_rate} Hz")
    if not limits.min_seconds <= seconds <= limits.max_seconds:
        raise LimitExceeded(f"{name}: duration {seconds:.2f} s outside "
                            f"{limits.min_seconds:g}..{limits.max_seconds:g} s")
    if channels > limits.max_channels:
        raise LimitExceeded(f"{name}: {channels} channels (at most {limits.max_channels})")


def check(decoded: Decoded, name: str, limits: Limits = LIMITS) -> None:
    check_format(decoded.rate, decoded.seconds, decoded.channels, name, limits)
    rms = float(np.sqrt(np.mean(np.square(decoded.samples, dtype=np.float64))))
    level = 20 * np.log10(rms) if rms > 0 else -np.inf
    if level < limits.silence_dbfs:
        raise SilentAudio(f"{name}: silent (RMS {level:.1f} dBFS, below {limits.silence_dbfs:g} dBFS)")
    fraction = clipped_fraction(decoded.samples, limits)
    if fraction > limits.max_clipped_fraction:
        raise ClippedAudio(f"{name}: clipped ({fraction * 100:.3f} % of samples in runs at full scale)")


def clipped_fraction(samples: np.ndarray, limits: Limits = LIMITS) -> float:
    """Fraction of samples that sit in runs of at least ``clip_run`` consecutive full-scale samples."""
    hot = np.abs(samples) >= limits.clip_level
    total = 0
    for channel in hot.T:
        padded = np.concatenate(([0], channel.astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(padded))
        runs = edges[1::2] - edges[::2]
        total += int(runs[runs >= limits.clip_run].sum())
    return total / samples.size
