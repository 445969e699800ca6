"""CPU renders: the object fills the frame, is shaded (the shape reads), the silhouette is right."""

from __future__ import annotations

import io

import numpy as np
import trimesh
from PIL import Image

from assets.models.render import render, thumbnail_png, turntable_webp

BACKGROUND = np.array([244, 242, 236])


def object_mask(image: Image.Image) -> np.ndarray:
    return np.abs(np.asarray(image, dtype=int) - BACKGROUND).sum(axis=2) > 12


def test_a_tall_object_gives_a_tall_shaded_silhouette(chunyu_mesh):
    image = render(chunyu_mesh, 256)
    mask = object_mask(image)
    rows, columns = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    height, width = np.ptp(rows) + 1, np.ptp(columns) + 1
    assert 0.8 * 256 < height <= 256 and 1.5 < height / width < 2.2  # 68 cm high, 36 cm across
    luminance = np.asarray(image.convert("L"), dtype=float)[mask]
    assert luminance.std() > 8  # lit, not a flat cut-out
    left, right = columns.min(), columns.max()
    band = np.asarray(image.convert("L"), dtype=float)[rows.min() + height // 2, left:right]
    assert abs(band[: len(band) // 4].mean() - band[-len(band) // 4:].mean()) > 5  # light from one side


def test_a_cube_renders_its_three_visible_faces_in_different_tones():
    cube = trimesh.creation.box(extents=[1, 1, 1])
    cube.apply_translation([0, 0.5, 0])
    image = np.asarray(render(cube, 128, supersample=1).convert("L"), dtype=int)
    tones = set(np.unique(image[object_mask(render(cube, 128, supersample=1))]) // 6)
    assert len(tones) >= 3


def test_png_thumbnail_and_animated_turntable(chunyu_mesh):
    png = Image.open(io.BytesIO(thumbnail_png(chunyu_mesh, 128)))
    assert png.format == "PNG" and png.size == (128, 128)
    webp = Image.open(io.BytesIO(turntable_webp(chunyu_mesh, 64, frames=4)))
    assert webp.format == "WEBP" and getattr(webp, "n_frames", 1) == 4
    frames = []
    for index in range(4):
        webp.seek(index)
        frames.append(np.asarray(webp.convert("RGB"), dtype=int))
    assert np.abs(frames[0] - frames[1]).mean() > 1  # it turns
