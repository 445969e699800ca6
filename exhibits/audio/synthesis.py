"""Modal synthesis: a struck bronze is a sum of exponentially decaying partials.

Each computed mode k rings at its frequency f_k with time constant tau_k = 1 / (pi f_k eta(f_k)),
eta being the loss factor of cast bronze (an assumption, stated in the modes data). Its amplitude is
the mass-normalised mode's normal displacement at the strike point times the mode's surface-velocity
radiation proxy times the spectrum of the mallet's contact force, whose contact time gets shorter, and
the sound brighter, as the strike gets harder. A drum (ideal circular membrane, Bessel-zero partials plus
a short noise burst) plays alongside, as the Ba sounded the chunyu with drums ("以金錞和鼓").
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass

import numpy as np
from scipy.special import jn_zeros, jv

from exhibits.audio.exceptions import BadStrike

SAMPLE_RATE = 48_000
BLOCK = 1024
LOSS_FACTOR = 4e-4          # eta at 100 Hz
LOSS_EXPONENT = 0.3         # eta grows as (f / 100 Hz) ** exponent
PEAK = 0.89                 # full-force strikes peak at about -1 dBFS


@dataclass(frozen=True)
class Partials:
    frequencies: np.ndarray  # Hz
    decays: np.ndarray       # time constants, s
    amplitudes: np.ndarray   # linear, signed


def decay_times(frequencies: np.ndarray, loss_factor: float = LOSS_FACTOR,
                exponent: float = LOSS_EXPONENT) -> np.ndarray:
    eta = loss_factor * (np.asarray(frequencies) / 100.0) ** exponent
    return 1.0 / (np.pi * np.asarray(frequencies) * eta)


def contact_time(force: float) -> float:
    """Mallet contact time in seconds: 2.5 ms for the softest touch, 0.5 ms for the hardest strike."""
    return 2.5e-3 - 2.0e-3 * force


def contact_spectrum(frequencies: np.ndarray, force: float) -> np.ndarray:
    """Magnitude spectrum of the mallet's contact force, normalised to 1 at 0 Hz: flat up to about
    1 / (2 tau) and falling at 12 dB per octave above (a smooth pulse has no spectral zeros that
    would make a soft strike brighter than a hard one)."""
    corner = 1.0 / (2.0 * contact_time(force))
    return 1.0 / np.sqrt(1.0 + (np.asarray(frequencies) / corner) ** 4)


def check_force(force: float) -> float:
    try:
        force = float(force)
    except (TypeError, ValueError):
        raise BadStrike(f"force must be a number between 0 and 1, got {force!r}") from None
    if not 0.0 <= force <= 1.0 or np.isnan(force):
        raise BadStrike(f"force must be between 0 and 1, got {force}")
    return force


def strike(frequencies, decays, displacement, radiation, force: float) -> Partials:
    """Partials of one strike: ``displacement`` is each mode's normal displacement at the strike point."""
    force = check_force(force)
    frequencies = np.asarray(frequencies, dtype=float)
    impulse = max(force, 0.05)  # the mallet's momentum grows with the force of the strike
    amplitudes = (impulse * np.asarray(displacement) * np.asarray(radiation)
                  * contact_spectrum(frequencies, force))
    audible = frequencies < SAMPLE_RATE / 2 * 0.9
    return Partials(frequencies[audible], np.asarray(decays)[audible], amplitudes[audible])


def render(partials: Partials, seconds: float = 3.0, rate: int = SAMPLE_RATE, gain: float = 1.0,
           normalise: bool = True) -> np.ndarray:
    """Sum of decaying sines, computed block-wise: with s_k = -1/tau_k + 2 pi i f_k, sample bB + j is
    Im sum_k a_k e^(s_k bB / rate) e^(s_k j / rate), one (blocks x 2K) by (2K x BLOCK) real product
    instead of an exp per sample and mode. The product goes through einsum, not BLAS: OpenBLAS's
    threads make so small a product up to 100x slower on a busy two-core machine."""
    n = int(round(seconds * rate))
    blocks = -(-n // BLOCK)
    rates = (-1.0 / np.asarray(partials.decays) + 2j * np.pi * np.asarray(partials.frequencies)) / rate
    within = np.exp(np.outer(np.arange(BLOCK), rates))                                  # (BLOCK, K)
    starts = np.exp(np.outer(BLOCK * np.arange(blocks), rates)) * partials.amplitudes   # (blocks, K)
    left = np.hstack((starts.real, starts.imag))
    right = np.ascontiguousarray(np.vstack((within.imag.T, within.real.T)))
    signal = np.einsum("bk,kj->bj", left, right).reshape(-1)[:n]
    if normalise:
        peak = float(np.max(np.abs(signal))) or 1.0
        signal = signal * (PEAK * gain / peak)
    return signal.astype(np.float32)


def loudness_gain(force: float) -> float:
    return 0.2 + 0.8 * check_force(force)


# --- the drum ---------------------------------------------------------------------------------

def drum_partials(fundamental: float = 70.0, strike_radius: float = 0.4, force: float = 0.8,
                  orders: int = 4, per_order: int = 3) -> Partials:
    """Ideal circular membrane: f_mn = f_01 * j_mn / j_01, amplitude J_m(j_mn * r) at strike radius r."""
    force = check_force(force)
    j01 = jn_zeros(0, 1)[0]
    freqs, amps = [], []
    for m in range(orders):
        for zero in jn_zeros(m, per_order):
            freqs.append(fundamental * zero / j01)
            amps.append(jv(m, zero * strike_radius))
    freqs = np.array(freqs)
    decays = 0.35 * (fundamental / freqs) ** 0.7
    return Partials(freqs, decays, np.array(amps) * contact_spectrum(freqs, force))


def drum(seconds: float = 1.0, force: float = 0.8, rate: int = SAMPLE_RATE, seed: int = 7) -> np.ndarray:
    tone = render(drum_partials(force=force), seconds, rate, normalise=False)
    rng = np.random.default_rng(seed)
    t = np.arange(len(tone)) / rate
    noise = rng.standard_normal(len(tone)) * np.exp(-t / 0.012)
    mix = tone / (np.max(np.abs(tone)) or 1) + 0.25 * noise / (np.max(np.abs(noise)) or 1)
    return (mix * (PEAK * loudness_gain(force) / np.max(np.abs(mix)))).astype(np.float32)


# --- output -----------------------------------------------------------------------------------

def wav_bytes(signal: np.ndarray, rate: int = SAMPLE_RATE) -> bytes:
    """16-bit mono PCM WAV (what every browser's decodeAudioData accepts)."""
    pcm = np.clip(np.round(np.asarray(signal) * 32767), -32768, 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()
