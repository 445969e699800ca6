"""Waveform overview: peaks JSON (min/max per bucket, like audiowaveform's format) and a PNG."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw


def peaks(samples: np.ndarray, rate: int, buckets: int = 800) -> dict:
    mono = np.asarray(samples, dtype=np.float32)
    mono = mono.mean(axis=1) if mono.ndim == 2 else mono
    buckets = max(1, min(buckets, len(mono)))
    edges = np.linspace(0, len(mono), buckets + 1).astype(int)
    lows = np.minimum.reduceat(mono, edges[:-1])
    highs = np.maximum.reduceat(mono, edges[:-1])
    data = np.empty(2 * buckets)
    data[0::2], data[1::2] = lows, highs
    return {"version": 2, "channels": 1, "sample_rate": rate, "samples_per_pixel": int(len(mono) / buckets),
            "bits": 8, "length": buckets, "data": [int(v) for v in np.round(np.clip(data, -1, 1) * 127)]}


def waveform_png(peak_data: dict, size: tuple[int, int] = (800, 120), colour=(140, 60, 40)) -> bytes:
    width, height = size
    values = np.array(peak_data["data"], dtype=float).reshape(-1, 2) / 127.0
    columns = np.linspace(0, len(values), width + 1).astype(int)
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    middle = height / 2
    for x in range(width):
        chunk = values[columns[x]: max(columns[x + 1], columns[x] + 1)]
        low, high = chunk[:, 0].min(), chunk[:, 1].max()
        draw.line([(x, middle - high * middle), (x, middle - low * middle)], fill=colour)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
