"""Models generated from catalogue dimensions, for the sample catalogue, the tests and the benchmark.

All in metres, +Y up, base centre at the origin, with UVs, normals and a procedural texture:
the chunyu 錞于 (a revolved thin shell with a tiger knob), a bell 钟 of almond section with bosses and
a loop, a zun 尊 with three ram heads, and a stele 碑 with an arched top and an inscribed face.
``detail`` multiplies the grid resolution (the benchmark asks for a ~1 M-face bell).
"""

from __future__ import annotations

import numpy as np
import trimesh
from PIL import Image

from assets.models.surfaces import (
    Part,
    assemble,
    bronze_texture,
    grid_surface,
    primitive_part,
    resample_profile,
    revolve,
)

BODY = (0.0, 0.86)  # v range of the revolved body in the atlas; accents (knob, rams, loop) above
ACCENT = (0.88, 1.0)


def _shell_profile(outer: list[tuple[float, float]], thickness: float) -> list[tuple[float, float]]:
    """A thin wall: down the inside from the top centre, across the mouth, up the outside to the top."""
    inner = [(max(r - thickness, 0.0), y - (thickness if r == 0 else 0.0)) for r, y in reversed(outer)]
    inner[-1] = (outer[0][0] - thickness, outer[0][1])
    return inner + outer


def chunyu(height_m=0.68, top_diameter_m=0.36, base_diameter_m=0.28, segments=256,
           rows=160) -> trimesh.Trimesh:
    """战国铜虎钮錞于: shoulder of ``top_diameter``, mouth of ``base_diameter``, a dish and a tiger on top."""
    top_r, base_r, body_h = top_diameter_m / 2, base_diameter_m / 2, height_m * 0.86
    outer = [(base_r, 0.0), (base_r * 1.04, body_h * 0.35), (top_r * 0.9, body_h * 0.72),
             (top_r, body_h * 0.88), (top_r * 0.93, body_h * 0.97), (top_r * 0.86, body_h),
             (top_r * 0.84, body_h * 1.03),
             (top_r * 0.8, body_h * 1.03), (top_r * 0.8, body_h * 1.0), (0.0, body_h * 1.0)]
    r, y = resample_profile(_shell_profile(outer, 0.008), rows)
    body = revolve(r, y, segments, BODY)
    knob = _tiger(body_h, height_m - body_h)
    texture = bronze_texture(1024, 1024, seed=1989, bands=[(0.55, 0.6), (0.68, 0.72)], accent_from=ACCENT[0],
                             stripes=True)
    return assemble([body, *knob], texture)


def _tiger(base_y: float, height: float) -> list[Part]:
    """A crouching tiger along +X: body, head, four legs and a raised tail, ``height`` tall."""
    s = height / 0.098
    parts = []
    body = trimesh.creation.icosphere(subdivisions=3, radius=1.0)
    body.apply_scale([0.085 * s, 0.03 * s, 0.032 * s])
    body.apply_translation([0, base_y + 0.05 * s, 0])
    head = trimesh.creation.icosphere(subdivisions=3, radius=0.03 * s)
    head.apply_translation([0.09 * s, base_y + 0.068 * s, 0])
    parts += [body, head]
    for x in (-0.055, 0.055):
        for z in (-0.02, 0.02):
            leg = trimesh.creation.capsule(height=0.035 * s, radius=0.011 * s, count=[12, 12])
            leg.apply_transform(trimesh.transformations.rotation_matrix(np.pi / 2, [1, 0, 0]))
            leg.apply_translation([x * s, base_y + 0.029 * s, z * s])
            parts.append(leg)
    tail = trimesh.creation.capsule(height=0.06 * s, radius=0.007 * s, count=[10, 10])
    tail.apply_transform(trimesh.transformations.rotation_matrix(np.radians(-50), [0, 0, 1]))
    tail.apply_transform(trimesh.transformations.rotation_matrix(np.pi / 2, [0, 1, 0]) @
                         trimesh.transformations.rotation_matrix(np.pi / 2, [0, 0, 1]))
    tail.apply_translation([-0.1 * s, base_y + 0.07 * s, 0])
    return [primitive_part(part, ACCENT) for part in parts]


def bell(height_m=0.27, segments=256, rows=160, bosses=True) -> trimesh.Trimesh:
    """错金编钟 (the largest of the set): almond (合瓦形) section, arched mouth, 36 bosses, a loop."""
    body_h = height_m * 0.8
    width = body_h * 0.62
    outer = [(width / 2, 0.0), (width * 0.42, body_h * 0.6), (width * 0.36, body_h), (0.0, body_h)]
    r, y = resample_profile(_shell_profile(outer, 0.005), rows)
    angle = np.linspace(0, 2 * np.pi, segments + 1)
    cos, sin = np.cos(angle), np.sin(angle)
    cos[-1], sin[-1] = cos[0], sin[0]
    almond = 0.62 * (1 - 0.25 * cos**2)  # depth narrows toward the two corners (铣)
    X = r[:, None] * cos[None, :]
    Z = -r[:, None] * sin[None, :] * almond[None, :]
    lift = np.clip(1 - y / (body_h * 0.25), 0, 1)[:, None]
    Y = y[:, None] + lift * body_h * 0.08 * sin[None, :] ** 2  # the mouth arches up on the broad faces
    if bosses:
        outside = (np.arange(len(r)) >= len(r) // 2)[:, None]
        bump = np.zeros_like(X)
        for face_angle in (np.pi / 2, 3 * np.pi / 2):
            for side in (-1, 1):
                for row in range(3):
                    for col in range(3):
                        a0 = face_angle + side * (0.42 + 0.16 * col)
                        y0 = body_h * (0.52 + 0.13 * row)
                        distance2 = ((angle[None, :] - a0) * width * 0.4) ** 2 + (y[:, None] - y0) ** 2
                        bump += np.exp(-distance2 / (2 * (width * 0.025) ** 2))
        push = 1 + 0.06 * bump * outside
        X, Z = X * push, Z * push
    body = grid_surface(X, Y, Z, BODY)
    loop = trimesh.creation.torus(body_h * 0.13, body_h * 0.035, major_sections=48, minor_sections=16)
    loop.apply_translation([0, body_h + (height_m - body_h) - body_h * 0.165, 0])
    texture = bronze_texture(1024, 1024, seed=1972, bands=[(0.3, 0.34), (0.7, 0.74)], accent_from=ACCENT[0])
    return assemble([body, primitive_part(loop, ACCENT)], texture)


def zun(height_m=0.438, segments=256, rows=160) -> trimesh.Trimesh:
    """三羊铜尊: flared mouth, narrow neck, broad shoulder with three ram heads, ring foot."""
    h, k, wall = height_m, height_m / 0.438, 0.006
    outer = [(0.105 * k, 0.0), (0.1 * k, 0.04 * h), (0.13 * k, 0.3 * h), (0.16 * k, 0.48 * h),
             (0.09 * k, 0.62 * h), (0.1 * k, 0.78 * h), (0.2 * k, h)]
    floor = 0.05 * h
    path = ([(0.0, floor + wall), (outer[2][0] * 0.7, floor + wall)]
            + [(r - wall, y) for r, y in outer[2:]]  # up the inside to the lip
            + list(reversed(outer))  # down the outside to the foot
            + [(outer[0][0] - wall, 0.0), (outer[0][0] - wall, floor), (0.0, floor)])  # under the floor
    r, y = resample_profile(path[::-1], rows)  # outside travelled upward: faces point out
    body = revolve(r, y, segments, BODY)
    rams = []
    for k in range(3):
        a = 2 * np.pi * k / 3
        head = trimesh.creation.icosphere(subdivisions=3, radius=0.035 * h / 0.438)
        head.apply_scale([1.0, 1.2, 0.9])
        centre = np.array([np.cos(a) * 0.165 * h / 0.438, 0.5 * h, -np.sin(a) * 0.165 * h / 0.438])
        head.apply_translation(centre)
        rams.append(primitive_part(head, ACCENT))
        for side in (-1, 1):
            horn = trimesh.creation.torus(0.022 * h / 0.438, 0.008 * h / 0.438, major_sections=32,
                                          minor_sections=10)
            horn.apply_transform(trimesh.transformations.rotation_matrix(a + np.pi / 2, [0, 1, 0]))
            tangent = np.array([-np.sin(a), 0, -np.cos(a)])
            horn.apply_translation(centre + tangent * side * 0.03 * h / 0.438 + [0, 0.02 * h / 0.438, 0])
            rams.append(primitive_part(horn, ACCENT))
    texture = bronze_texture(1024, 1024, seed=1977, bands=[(0.2, 0.26), (0.62, 0.68)], accent_from=ACCENT[0])
    return assemble([body, *rams], texture)


def stele(height_m=2.2, width_m=1.375, depth_m=0.2) -> trimesh.Trimesh:
    """景云碑: an arched top over a rectangular slab, the inscribed face toward +Z (depth assumed 20 cm)."""
    arc = np.linspace(0, np.pi, 48)
    shoulder = height_m - width_m / 2 * 0.45
    top = [(width_m / 2 * np.cos(t), shoulder + width_m / 2 * 0.45 * np.sin(t)) for t in arc]
    slab = _extrude_convex(np.array([(-width_m / 2, 0.0), (width_m / 2, 0.0), *top[1:-1]]), depth_m)
    slab = slab.subdivide().subdivide()
    slab.unmerge_vertices()  # flat shading: every face its own corners
    vertices = np.asarray(slab.vertices)
    uv = np.stack([(vertices[:, 0] + width_m / 2) / width_m, vertices[:, 1] / height_m], axis=1)
    return assemble([Part(vertices, np.asarray(slab.faces), uv)], _stele_texture(seed=173))


def _extrude_convex(outline: np.ndarray, depth: float) -> trimesh.Trimesh:
    """A prism over a convex outline (counter-clockwise, x/y), centred on z = 0."""
    n = len(outline)
    centre = outline.mean(axis=0)
    front = np.c_[np.vstack([centre, outline]), np.full(n + 1, depth / 2)]
    back = front * [1, 1, -1]
    ring = np.arange(n)
    nxt = (ring + 1) % n
    front_faces = np.stack([np.zeros(n, int), ring + 1, nxt + 1], axis=1)
    back_faces = front_faces[:, ::-1] + n + 1
    a, b, c, d = ring + 1, nxt + 1, ring + n + 2, nxt + n + 2
    sides = np.concatenate([np.stack([a, c, d], 1), np.stack([a, d, b], 1)])
    return trimesh.Trimesh(np.vstack([front, back]), np.concatenate([front_faces, back_faces, sides]),
                           process=False)


def _stele_texture(seed: int, width=1024, height=1600) -> Image.Image:
    rng = np.random.default_rng(seed)
    from assets.models.surfaces import value_noise
    stone = 150 + 40 * value_noise(height, width, rng)[..., None] * np.array([1.0, 0.98, 0.92])
    image = np.repeat(stone, 1, axis=2)
    columns, rows_of_glyphs, cell = 15, 24, 40
    x0, y0 = (width - columns * cell) // 2, int(height * 0.25)
    for col in range(columns):
        for row in range(rows_of_glyphs):
            x, y = x0 + col * cell, y0 + row * cell
            for _ in range(rng.integers(3, 7)):  # strokes of a glyph
                if rng.random() < 0.5:
                    a, b = rng.integers(6, cell - 6, 2)
                    image[y + a:y + a + 4, x + min(a, b):x + max(a, b) + 4] *= 0.45
                else:
                    a, b = rng.integers(6, cell - 6, 2)
                    image[y + min(a, b):y + max(a, b) + 4, x + a:x + a + 4] *= 0.45
    return Image.fromarray(np.clip(image[::-1][::-1], 0, 255).astype(np.uint8), "RGB")


def benchmark_bell(target_faces: int = 1_000_000) -> trimesh.Trimesh:
    """The bell at about ``target_faces`` triangles (a scan-like density) for benchmarks."""
    rows = int(np.sqrt(target_faces / 2 / 1.0))
    return bell(segments=rows, rows=rows)
