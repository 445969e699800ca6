"""Audio fixtures: catalogue rows to attach tracks to, and generated test signals."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile

from museum.catalogue.models import Gallery, Record
from museum.extensions import db


@pytest.fixture
def audio_app(app):
    with app.app_context(), db.transaction() as session:
        gallery = Gallery(slug="three-gorges", name={"zh": "壮丽三峡", "en": "Magnificent Three Gorges"})
        session.add(gallery)
        session.add(Record(accession_number="1989.0107", title={"zh": "战国铜虎钮錞于", "en": "Chunyu"},
                           gallery=gallery))
    return app


def speech_like(seconds=4.0, rate=44_100, level=0.05, seed=3):
    """Syllable-rate bursts of a buzzy tone with pauses: speech-like loudness and crest factor."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    envelope = np.clip(np.sin(2 * np.pi * 4 * t), 0, None) ** 2 * (t > 0.3) * (t < seconds - 0.4)
    tone = sum(np.sin(2 * np.pi * 140 * k * t) / k for k in range(1, 12)) + 0.2 * rng.standard_normal(len(t))
    return (level * envelope * tone).astype(np.float32)


@pytest.fixture
def guide_wav(tmp_path):
    path = tmp_path / "guide.wav"
    soundfile.write(str(path), speech_like(), 44_100)
    return path
