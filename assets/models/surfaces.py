"""Building blocks of generated models: parametric grid surfaces with UV seams, revolved profiles,
primitive parts mapped into a region of one texture atlas, smooth normals and procedural textures."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import trimesh
from PIL import Image


@dataclass
class Part:
    vertices: np.ndarray  # (n, 3) metres
    faces: np.ndarray  # (m, 3)
    uv: np.ndarray  # (n, 2)
    weld: np.ndarray | None = None  # vertices that share a normal (default: same position)


def grid_surface(X: np.ndarray, Y: np.ndarray, Z: np.ndarray, v_range=(0.0, 1.0)) -> Part:
    """Triangles over an (rows, columns) grid whose last column repeats the first exactly (the UV seam).

    Quads touching a pole (a row collapsed to one point) lose their zero-area triangle.
    """
    rows, cols = X.shape
    vertices = np.stack([X, Y, Z], axis=-1).reshape(-1, 3)
    u = np.linspace(0.0, 1.0, cols)
    v = np.linspace(v_range[0], v_range[1], rows)
    uv = np.stack(np.meshgrid(u, v), axis=-1).reshape(-1, 2)
    i, j = np.meshgrid(np.arange(rows - 1), np.arange(cols - 1), indexing="ij")
    a = (i * cols + j).reshape(-1)
    b, c = a + 1, a + cols
    d = c + 1
    faces = np.concatenate([np.stack([a, b, c], -1), np.stack([b, d, c], -1)])
    corners = vertices[faces]
    area = np.linalg.norm(np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0]), axis=1)
    # normals are shared across the UV seam and around a pole, not across rows: a row repeated at a
    # crease of the profile keeps a sharp edge
    row_index = np.repeat(np.arange(rows)[:, None], cols, axis=1)
    column = np.tile(np.arange(cols) % (cols - 1), (rows, 1))
    pole = (np.ptp(X, axis=1) == 0) & (np.ptp(Z, axis=1) == 0)
    column[pole] = 0
    weld = (row_index * cols + column).reshape(-1)
    return Part(vertices, faces[area > 1e-14], uv, weld)


def revolve(radius: np.ndarray, height: np.ndarray, segments: int, v_range=(0.0, 1.0)) -> Part:
    """A surface of revolution about +Y of the profile (radius[i], height[i])."""
    angle = np.linspace(0.0, 2 * np.pi, segments + 1)
    cos, sin = np.cos(angle), np.sin(angle)
    cos[-1], sin[-1] = cos[0], sin[0]  # the seam column repeats the first one bit for bit
    X = radius[:, None] * cos[None, :]
    Z = -radius[:, None] * sin[None, :]
    Y = np.repeat(height[:, None], segments + 1, axis=1)
    return grid_surface(X, Y, Z, v_range)


def resample_profile(points: list[tuple[float, float]], count: int,
                     crease_deg: float = 40.0) -> tuple[np.ndarray, np.ndarray]:
    """``count`` points spaced evenly by arc length along a polyline of (radius, height) points.

    Every polyline corner is kept exactly; a corner turning more than ``crease_deg`` appears twice so
    the surface gets a sharp edge there (separate normals), as a cast rim or foot has."""
    polyline = np.asarray(points, dtype=float)
    steps = np.diff(polyline, axis=0)
    lengths = np.r_[0.0, np.cumsum(np.linalg.norm(steps, axis=1))]
    heading = np.arctan2(steps[:, 1], steps[:, 0])
    turn = np.degrees(np.abs((np.diff(heading) + np.pi) % (2 * np.pi) - np.pi))
    creases = lengths[1:-1][turn > crease_deg]
    at = np.unique(np.r_[np.linspace(0.0, lengths[-1], count), lengths])
    at = np.sort(np.r_[at, creases])
    return np.interp(at, lengths, polyline[:, 0]), np.interp(at, lengths, polyline[:, 1])


def primitive_part(mesh: trimesh.Trimesh, v_range: tuple[float, float]) -> Part:
    """A closed primitive (sphere, capsule, torus) with a spherical UV map into ``v_range`` of the atlas."""
    vertices = np.asarray(mesh.vertices, dtype=float)
    centred = vertices - vertices.mean(axis=0)
    direction = centred / np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-12)
    u = 0.5 + np.arctan2(direction[:, 2], direction[:, 0]) / (2 * np.pi)
    v = 0.5 + np.arcsin(np.clip(direction[:, 1], -1, 1)) / np.pi
    uv = np.stack([u, v_range[0] + (v_range[1] - v_range[0]) * v], axis=1)
    return Part(vertices, np.asarray(mesh.faces), uv)


def smooth_normals(vertices: np.ndarray, faces: np.ndarray, weld: np.ndarray | None = None) -> np.ndarray:
    """Area-weighted vertex normals shared within each ``weld`` group (default: all copies of a
    position, so UV seams leave no shading line)."""
    if weld is None:
        _, weld = np.unique(vertices, axis=0, return_inverse=True)
    weld = np.unique(weld.reshape(-1), return_inverse=True)[1].reshape(-1)
    corners = vertices[faces]
    face_normals = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    summed = np.zeros((weld.max() + 1, 3))
    for k in range(3):
        np.add.at(summed, weld[faces[:, k]], face_normals)
    normals = summed[weld]
    length = np.linalg.norm(normals, axis=1, keepdims=True)
    normals = np.where(length > 0, normals / np.maximum(length, 1e-30), [0.0, 1.0, 0.0])
    return normals


def assemble(parts: list[Part], texture: Image.Image) -> trimesh.Trimesh:
    offsets = np.cumsum([0] + [len(p.vertices) for p in parts])[:-1]
    vertices = np.concatenate([p.vertices for p in parts])
    faces = np.concatenate([p.faces + o for p, o in zip(parts, offsets, strict=True)])
    uv = np.concatenate([p.uv for p in parts])
    normals = np.concatenate([smooth_normals(p.vertices, p.faces, p.weld) for p in parts])
    material = trimesh.visual.material.SimpleMaterial(image=texture, diffuse=(255, 255, 255, 255))
    return trimesh.Trimesh(vertices, faces, vertex_normals=normals, process=False,
                           visual=trimesh.visual.TextureVisuals(uv=uv, material=material))


def value_noise(height: int, width: int, rng: np.random.Generator, octaves=(4, 8, 16, 32, 64)) -> np.ndarray:
    """Smooth noise in [0, 1] (bicubically enlarged random grids, summed over octaves)."""
    total = np.zeros((height, width))
    for weight, cells in enumerate(octaves):
        grid = Image.fromarray((rng.random((cells, cells * width // height or 1)) * 255).astype(np.uint8))
        total += np.asarray(grid.resize((width, height), Image.BICUBIC), dtype=float) / 255 / (weight + 1)
    total -= total.min()
    return total / max(total.max(), 1e-9)


def bronze_texture(width: int, height: int, seed: int, bands: list[tuple[float, float]] = (),
                   accent_from: float | None = None, stripes: bool = False) -> Image.Image:
    """Green-brown patinated bronze; ``bands`` (v ranges) carry a key-fret pattern; rows above
    ``accent_from`` hold the accent parts (dark tiger stripes when ``stripes``)."""
    rng = np.random.default_rng(seed)
    noise = value_noise(height, width, rng)
    spots = value_noise(height, width, rng, octaves=(32, 64, 128)) > 0.72
    green, brown = np.array([88, 112, 84.0]), np.array([140, 104, 62.0])
    image = green + (brown - green) * noise[..., None] ** 1.5
    image[spots] = image[spots] * 0.8 + np.array([150, 160, 120]) * 0.2
    rows = (np.arange(height)[:, None] + 0.5) / height
    columns = np.arange(width)[None, :]
    for low, high in bands:
        in_band = (rows >= low) & (rows <= high)
        fret = ((columns // 12 + (rows * height).astype(int) // 12) % 2 == 0) & in_band
        image[np.broadcast_to(fret, (height, width))] *= 0.62
    if accent_from is not None and stripes:
        accent = np.broadcast_to(rows >= accent_from, (height, width))
        stripe = (np.sin(columns / width * 2 * np.pi * 18 + noise * 6) > 0.55) & accent
        image[stripe] *= 0.45
    # image row 0 is the top of the picture, which glTF/OBJ UV v = 1 addresses: flip
    return Image.fromarray(np.clip(image[::-1], 0, 255).astype(np.uint8), "RGB")
