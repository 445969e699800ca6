"""WebVTT captions: a plain transcript becomes timed cues; an uploaded .vtt is checked.

Cues are cut at sentence ends (and at commas when long), and timed over the voiced span of the track in
proportion to how long each cue takes to say (a CJK character counts as a syllable, about 2.5 Latin
letters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assets.audio.exceptions import TranscriptError

SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|(?<=[.](?=\s))")
CLAUSE_BREAK = re.compile(r"(?<=[，、,：:])")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\U00020000-\U0002ffff]")
TIMESTAMP = r"(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})"
CUE_TIMING = re.compile(rf"^{TIMESTAMP}\s+-->\s+{TIMESTAMP}")
MAX_CUE_WEIGHT = 45.0


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def speaking_weight(text: str) -> float:
    cjk = len(CJK.findall(text))
    other = len(re.sub(r"\s", "", CJK.sub("", text)))
    return cjk * 2.5 + other


def split_transcript(text: str) -> list[str]:
    pieces = []
    for line in text.splitlines():
        for sentence in SENTENCE_END.split(line.strip()):
            sentence = sentence.strip()
            if not sentence:
                continue
            if speaking_weight(sentence) <= MAX_CUE_WEIGHT:
                pieces.append(sentence)
                continue
            current = ""
            for clause in CLAUSE_BREAK.split(sentence):
                if current and speaking_weight(current + clause) > MAX_CUE_WEIGHT:
                    pieces.append(current.strip())
                    current = ""
                current += clause
            if current.strip():
                pieces.append(current.strip())
    return pieces


def voiced_span(samples: np.ndarray, rate: int, threshold_db: float = -40.0) -> tuple[float, float]:
    """First and last moment where the 20 ms RMS is within ``threshold_db`` of the loudest frame."""
    mono = samples.mean(axis=1) if samples.ndim == 2 else samples
    hop = max(1, int(0.02 * rate))
    frames = len(mono) // hop
    if frames == 0:
        return 0.0, len(mono) / rate
    rms = np.sqrt(np.mean(mono[: frames * hop].reshape(frames, hop).astype(np.float64) ** 2, axis=1)) + 1e-12
    voiced = np.flatnonzero(20 * np.log10(rms / rms.max()) > threshold_db)
    return voiced[0] * hop / rate, (voiced[-1] + 1) * hop / rate


def cues_from_text(text: str, span: tuple[float, float], name: str = "transcript") -> list[Cue]:
    pieces = split_transcript(text)
    if not pieces:
        raise TranscriptError(f"{name}: the transcript is empty")
    weights = np.array([speaking_weight(p) for p in pieces])
    start, end = span
    bounds = start + (end - start) * np.concatenate(([0.0], np.cumsum(weights))) / weights.sum()
    return [Cue(round(float(a), 3), round(float(b), 3), p) for a, b, p in zip(bounds[:-1], bounds[1:], pieces,
                                                                               strict=True)]


def _timestamp(seconds: float) -> str:
    ms = int(round(seconds * 1000))
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def to_webvtt(cues: list[Cue], language: str) -> str:
    lines = ["WEBVTT", f"Language: {language}", ""]
    for number, cue in enumerate(cues, 1):
        lines += [str(number), f"{_timestamp(cue.start)} --> {_timestamp(cue.end)}", cue.text, ""]
    return "\n".join(lines)


def _seconds(groups) -> float:
    hours, minutes, seconds, millis = groups
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def parse_webvtt(text: str, duration: float, name: str = "captions.vtt") -> list[Cue]:
    """Check an uploaded WebVTT file: header, timings that run forward and stay within the track."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or not lines[0].startswith("WEBVTT"):
        raise TranscriptError(f"{name}, line 1: a WebVTT file starts with 'WEBVTT'")
    cues, index = [], 1
    while index < len(lines):
        match = CUE_TIMING.match(lines[index].strip())
        if match:
            start, end = _seconds(match.groups()[:4]), _seconds(match.groups()[4:])
            if end <= start:
                raise TranscriptError(f"{name}, line {index + 1}: cue ends before it starts")
            if end > duration + 0.5:
                raise TranscriptError(f"{name}, line {index + 1}: cue ends at {end:.3f} s, after the track "
                                      f"({duration:.3f} s)")
            body = []
            index += 1
            while index < len(lines) and lines[index].strip():
                body.append(lines[index])
                index += 1
            cues.append(Cue(start, end, "\n".join(body)))
        elif "-->" in lines[index]:
            raise TranscriptError(f"{name}, line {index + 1}: malformed cue timing {lines[index].strip()!r}")
        index += 1
    if not cues:
        raise TranscriptError(f"{name}: no cues")
    return cues
