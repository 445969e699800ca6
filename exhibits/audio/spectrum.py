"""Spectra of struck sounds: peak frequencies (to check synthesis against the modes) and images.

A struck sound starts at full amplitude, so the analysis window tapers only at the end: a symmetric
window would attenuate the attack, where the fast-decaying high modes live, and hide them.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw
from scipy.signal import stft


def end_taper(n: int, fraction: float = 0.2) -> np.ndarray:
    """Flat, then a half Hann over the last ``fraction`` of the samples."""
    window = np.ones(n)
    tail = max(2, int(n * fraction))
    window[n - tail:] = 0.5 * (1 + np.cos(np.pi * np.arange(tail) / (tail - 1)))
    return window


def magnitude_spectrum(signal: np.ndarray, rate: int, pad: int = 4) -> tuple[np.ndarray, np.ndarray]:
    n = len(signal)
    size = 1 << int(np.ceil(np.log2(n * pad)))
    spectrum = np.abs(np.fft.rfft(np.asarray(signal, dtype=float) * end_taper(n), size))
    return np.fft.rfftfreq(size, 1.0 / rate), spectrum


def peak_near(freqs: np.ndarray, spectrum: np.ndarray, target: float, relative_window: float = 0.02) -> float:
    """Frequency of the largest spectral value within +-relative_window of target, refined by a
    parabola through the log magnitudes of the three bins around it."""
    inside = np.flatnonzero(np.abs(freqs - target) <= relative_window * target)
    if len(inside) == 0:
        return float("nan")
    i = inside[np.argmax(spectrum[inside])]
    if 0 < i < len(spectrum) - 1:
        a, b, c = np.log(spectrum[i - 1: i + 2] + 1e-300)
        denominator = a - 2 * b + c
        offset = 0.5 * (a - c) / denominator if denominator else 0.0
        return float(freqs[i] + offset * (freqs[1] - freqs[0]))
    return float(freqs[i])


def strongest_peaks(freqs: np.ndarray, spectrum: np.ndarray, count: int,
                    floor_hz: float = 20.0) -> np.ndarray:
    """Frequencies of the ``count`` largest local maxima above ``floor_hz``."""
    local = (spectrum[1:-1] > spectrum[:-2]) & (spectrum[1:-1] >= spectrum[2:]) & (freqs[1:-1] > floor_hz)
    index = np.flatnonzero(local) + 1
    return freqs[index[np.argsort(spectrum[index])[::-1][:count]]]


# --- images -----------------------------------------------------------------------------------

def _palette(values: np.ndarray) -> np.ndarray:
    """Dark blue -> purple -> orange -> pale yellow, for values in [0, 1]."""
    stops = np.array([[8, 8, 32], [84, 20, 120], [200, 60, 80], [250, 160, 40], [255, 250, 200]], float)
    position = np.clip(values, 0, 1) * (len(stops) - 1)
    low = np.floor(position).astype(int).clip(0, len(stops) - 2)
    frac = (position - low)[..., None]
    return (stops[low] * (1 - frac) + stops[low + 1] * frac).astype(np.uint8)


def spectrogram_png(signal: np.ndarray, rate: int, max_hz: float = 5000.0, marks: list[float] | None = None,
                    size: tuple[int, int] = (900, 420), dynamic_db: float = 80.0) -> bytes:
    """Spectrogram (time across, frequency up, 0 .. max_hz) with optional tick marks at the computed
    mode frequencies on the right edge."""
    freqs, times, values = stft(signal, fs=rate, nperseg=4096, noverlap=3584)
    keep = freqs <= max_hz
    db = 20 * np.log10(np.abs(values[keep]) + 1e-12)
    db = (db - (db.max() - dynamic_db)) / dynamic_db
    width, height = size
    plot_w = width - 60
    image = Image.fromarray(_palette(db[::-1])).resize((plot_w, height - 30), Image.Resampling.BILINEAR)
    canvas = Image.new("RGB", size, (255, 255, 255))
    canvas.paste(image, (50, 0))
    draw = ImageDraw.Draw(canvas)
    for hz in range(0, int(max_hz) + 1, 1000):
        y = int((height - 30) * (1 - hz / max_hz))
        draw.line([(44, y), (50, y)], fill=(0, 0, 0))
        draw.text((2, max(0, y - 6)), f"{hz}", fill=(0, 0, 0))
    for second in range(int(times[-1]) + 1):
        x = 50 + int(plot_w * second / max(times[-1], 1e-9))
        draw.text((x, height - 24), f"{second} s", fill=(0, 0, 0))
    for hz in marks or []:
        if hz <= max_hz:
            y = int((height - 30) * (1 - hz / max_hz))
            draw.line([(50 + plot_w, y), (width, y)], fill=(0, 150, 0), width=2)
    out = io.BytesIO()
    canvas.save(out, format="PNG")
    return out.getvalue()
