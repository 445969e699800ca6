"""Loudness normalisation: integrated loudness (ITU-R BS.1770 via pyloudnorm) to a target, with the
true peak (4x oversampled) held under a ceiling by a look-ahead gain limiter where gain alone would
overshoot it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyloudnorm
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import resample_poly

TARGET_LUFS = -16.0
CEILING_DBTP = -1.0
OVERSAMPLE = 4
LIMITER_WINDOW_S = 0.005


@dataclass(frozen=True)
class LoudnessReport:
    input_lufs: float
    output_lufs: float
    input_true_peak_dbtp: float
    output_true_peak_dbtp: float
    gain_db: float
    limited: bool


def integrated_lufs(samples: np.ndarray, rate: int, channels: list[int] | None = None) -> float:
    """BS.1770 integrated loudness of the given channels (all by default). The LFE is left out of the
    measurement by the caller; BS.1770 weighs at most five channels (L R C Ls Rs)."""
    samples = np.asarray(samples, dtype=np.float64)
    if samples.ndim == 2 and channels is not None:
        samples = samples[:, channels]
    return float(pyloudnorm.Meter(rate).integrated_loudness(samples))


def _oversampled_envelope(samples: np.ndarray) -> np.ndarray:
    """Per sample, the largest |value| of the 4x oversampled signal around it (all channels)."""
    up = resample_poly(samples, OVERSAMPLE, 1, axis=0)
    env = np.abs(up).max(axis=1)
    frames = samples.shape[0]
    return env[: frames * OVERSAMPLE].reshape(frames, OVERSAMPLE).max(axis=1)


def true_peak_dbtp(samples: np.ndarray) -> float:
    peak = float(_oversampled_envelope(samples).max())
    return 20 * np.log10(peak) if peak > 0 else -np.inf


def _limit(samples: np.ndarray, rate: int, ceiling: float) -> np.ndarray:
    needed = np.minimum(1.0, ceiling / np.maximum(_oversampled_envelope(samples), 1e-12))
    width = max(3, int(LIMITER_WINDOW_S * rate) | 1)
    gain = uniform_filter1d(minimum_filter1d(needed, 2 * width + 1), width)
    return samples * gain[:, None]


def normalise(samples: np.ndarray, rate: int, target_lufs: float = TARGET_LUFS,
              ceiling_dbtp: float = CEILING_DBTP, measured: list[int] | None = None
              ) -> tuple[np.ndarray, LoudnessReport]:
    """Return the normalised samples (float32) and what was measured and done; ``measured`` are the
    channels that count for loudness (all but the LFE)."""
    samples = np.asarray(samples, dtype=np.float64)
    if samples.ndim == 1:
        samples = samples[:, None]
    input_lufs, input_tp = integrated_lufs(samples, rate, measured), true_peak_dbtp(samples)
    ceiling = 10 ** ((ceiling_dbtp - 0.1) / 20)  # 0.1 dB margin for the resampler's own error
    out, gain_db, limited = samples, 0.0, False
    for _ in range(4):
        step = target_lufs - integrated_lufs(out, rate, measured)
        out = out * 10 ** (step / 20)
        gain_db += step
        if true_peak_dbtp(out) > ceiling_dbtp - 0.1:
            out = _limit(out, rate, ceiling)
            limited = True
        if abs(integrated_lufs(out, rate, measured) - target_lufs) < 0.1:
            break
    report = LoudnessReport(round(input_lufs, 2), round(integrated_lufs(out, rate, measured), 2),
                            round(float(input_tp), 2), round(float(true_peak_dbtp(out)), 2),
                            round(float(gain_db), 2), limited)
    return out.astype(np.float32), report
