"""Sample step: guide tracks for the chunyu (1989.0107) in Chinese and English, spoken by espeak-ng
(Debian; a struck-chunyu melody is synthesised instead when it is missing), with plain transcripts that
become captions, and a 5.1 soundscape for the 壮丽三峡 gallery. All go through ``museum audio add``'s
path. The instruments' modes are not computed here: they ship as exhibits/audio/data/*.json.
Idempotent: a target that already has a sample track in that language is skipped."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import soundfile

from exhibits.audio import player, synthesis
from museum.catalogue.audio import TRACKS
from museum.exceptions import NotFound
from museum.extensions import db
from museum.media import storage

GUIDES = {
    ("1989.0107", "zh"): ("cmn", "战国铜虎钮錞于，高六十八厘米，重三十公斤，是已知最大的錞于。"
                                 "一九八九年出土于万县甘宁乡。巴人作战时以金錞和鼓，錞于与战鼓同鸣。"),
    ("1989.0107", "en"): ("en", "The bronze chunyu with a tiger knob, from the Warring States period, is "
                                "sixty-eight centimetres tall and weighs thirty kilograms. It is the largest "
                                "chunyu known. The Ba people sounded it together with war drums."),
}
SOUNDSCAPE_GALLERY = "three-gorges"
RATE = 48_000


def _spoken(text: str, voice: str, folder: Path) -> Path | None:
    if shutil.which("espeak-ng") is None:
        return None
    out = folder / f"guide-{voice}.wav"
    run = subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(out), text], capture_output=True,
                         timeout=120)
    return out if run.returncode == 0 and out.exists() else None


def _melody(folder: Path) -> Path:
    """Fallback guide: the chunyu struck four times (a recognisable, non-silent, unclipped track)."""
    data = player.shipped_modes("1989.0107")
    hit = player.strike_signal(data, "centre", 0.7, seconds=2.0)
    track = np.concatenate([hit * g for g in (1.0, 0.6, 0.8, 0.5)])
    out = folder / "guide-melody.wav"
    soundfile.write(str(out), track, synthesis.SAMPLE_RATE)
    return out


def soundscape_5_1(seconds: float = 12.0, seed: int = 1989) -> np.ndarray:
    """River noise around the room, the chunyu in the centre, a low rumble in the LFE (FL FR FC LFE BL BR)."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    kernel = np.exp(-np.arange(400) / 80.0)
    channels = []
    for gain in (0.25, 0.25, 0.0, 0.0, 0.18, 0.18):
        channels.append(np.convolve(rng.standard_normal(n), kernel, mode="same") * gain / kernel.sum() * 8)
    hit = player.strike_signal(player.shipped_modes("1989.0107"), "centre", 0.6, seconds=4.0)
    for start in (0.05, 0.5):
        i = int(start * n)
        end = min(n, i + len(hit))
        channels[2][i:end] += 0.5 * hit[: end - i]
    t = np.arange(n) / RATE
    channels[3] = 0.3 * np.sin(2 * np.pi * 45 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 0.2 * t))
    return np.stack(channels, axis=1).astype(np.float32)


def _has_sample(session, target: str, language: str) -> bool:
    return any(t.is_sample and t.language == language for t in TRACKS.list(session, target))


def load(app, echo) -> None:
    with app.app_context(), tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for (accession, language), (voice, text) in GUIDES.items():
            with db.transaction() as session:
                try:
                    if _has_sample(session, accession, language):
                        continue
                except NotFound:
                    echo(f"audio: {accession} missing, guide skipped")
                    continue
                source = _spoken(text, voice, folder) or _melody(folder)
                transcript = folder / f"{accession}-{language}.txt"
                transcript.write_text(text, encoding="utf-8")
                title = "錞于" if language == "zh" else "The chunyu"
                [added] = TRACKS.add(session, accession, source, storage(), is_sample=True, language=language,
                                     transcript=transcript, title=title)
                track = added.item
                echo(f"audio: {accession} {language} guide {track.duration:.1f} s, "
                     f"{track.loudness_lufs} LUFS")
        with db.transaction() as session:
            try:
                if _has_sample(session, SOUNDSCAPE_GALLERY, "zh"):
                    return
            except NotFound:
                echo(f"audio: gallery {SOUNDSCAPE_GALLERY} missing, soundscape skipped")
                return
            path = folder / "soundscape.flac"
            soundfile.write(str(path), soundscape_5_1(), RATE)
            [added] = TRACKS.add(session, SOUNDSCAPE_GALLERY, path, storage(), is_sample=True, language="zh",
                                 layout="5.1", kind="soundscape", title="江声 · River")
            track = added.item
            echo(f"audio: {SOUNDSCAPE_GALLERY} 5.1 soundscape {track.duration:.1f} s")
