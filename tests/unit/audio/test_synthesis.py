"""Modal synthesis, the drum, the spectrum tools and WAV output."""

from __future__ import annotations

import io
import wave

import numpy as np
import pytest
from scipy.special import jn_zeros

from exhibits.audio import spectrum, synthesis
from exhibits.audio.exceptions import BadStrike

RATE = 8000


def test_block_rendering_equals_the_closed_form():
    partials = synthesis.Partials(np.array([220.0, 347.5]), np.array([0.4, 0.1]), np.array([1.0, -0.5]))
    signal = synthesis.render(partials, seconds=0.5, rate=RATE, normalise=False)
    t = np.arange(len(signal)) / RATE
    expected = sum(a * np.exp(-t / d) * np.sin(2 * np.pi * f * t)
                   for f, d, a in zip(partials.frequencies, partials.decays, partials.amplitudes,
                                      strict=True))
    assert len(signal) == RATE // 2
    assert np.max(np.abs(signal - expected)) < 1e-5


def test_harder_strikes_are_brighter_and_louder():
    freqs = np.array([100.0, 2000.0])
    soft, hard = synthesis.contact_spectrum(freqs, 0.1), synthesis.contact_spectrum(freqs, 1.0)
    assert hard[1] / hard[0] > 5 * soft[1] / soft[0]
    assert synthesis.loudness_gain(1.0) > synthesis.loudness_gain(0.2)


@pytest.mark.parametrize("force", [-0.1, 1.5, "loud", float("nan")])
def test_force_outside_zero_to_one_is_refused(force):
    with pytest.raises(BadStrike, match="force"):
        synthesis.check_force(force)


def test_drum_partials_follow_the_membrane_bessel_zeros():
    drum = synthesis.drum_partials(fundamental=70.0, orders=2, per_order=2)
    j = jn_zeros(0, 2).tolist() + jn_zeros(1, 2).tolist()
    assert np.allclose(drum.frequencies, 70.0 * np.array(j) / j[0])
    sound = synthesis.drum(seconds=0.3, rate=RATE)
    assert np.max(np.abs(sound)) == pytest.approx(synthesis.PEAK * synthesis.loudness_gain(0.8), rel=1e-3)


def test_spectral_peak_of_a_decaying_sine_with_an_end_taper():
    partials = synthesis.Partials(np.array([440.0, 1234.0]), np.array([1.0, 0.05]), np.array([1.0, 0.3]))
    signal = synthesis.render(partials, seconds=2.0, rate=RATE)
    freqs, mags = spectrum.magnitude_spectrum(signal, RATE)
    assert spectrum.peak_near(freqs, mags, 445.0) == pytest.approx(440.0, rel=5e-4)
    assert spectrum.peak_near(freqs, mags, 1220.0) == pytest.approx(1234.0, rel=2e-3)
    assert spectrum.strongest_peaks(freqs, mags, 1)[0] == pytest.approx(440.0, abs=0.5)
    window = spectrum.end_taper(100)
    assert window[0] == 1.0 and window[79] == 1.0 and window[-1] == pytest.approx(0.0)


def test_wav_bytes_are_16_bit_mono_pcm():
    data = synthesis.wav_bytes(np.array([0.0, 0.5, -1.0, 2.0], dtype=np.float32), rate=RATE)
    with wave.open(io.BytesIO(data)) as wav:
        shape = (wav.getnchannels(), wav.getsampwidth(), wav.getframerate(), wav.getnframes())
        assert shape == (1, 2, RATE, 4)
        frames = np.frombuffer(wav.readframes(4), "<i2")
    assert frames.tolist() == [0, 16384, -32767, 32767]


def test_spectrogram_is_a_png():
    partials = synthesis.Partials(np.array([500.0]), np.array([0.5]), np.array([1.0]))
    signal = synthesis.render(partials, 1.0, RATE)
    png = spectrum.spectrogram_png(signal, RATE, max_hz=2000, marks=[500.0], size=(300, 200))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
