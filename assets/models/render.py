"""Thumbnails and turntables rendered on the CPU with a numpy z-buffer rasteriser (no GPU, no display).

Triangles are grouped by the size of their pixel bounding box; each group tests its candidate pixel
centres with edge functions in bulk, and a per-chunk sort keeps the nearest fragment per pixel.
Shading: interpolated vertex normals, the base-colour texture sampled at the interpolated UV, a
warm key light, a cool fill, a rim light and a little specular, so the shape reads. Rendered at
2× and reduced for anti-aliasing.
"""

from __future__ import annotations

import io

import numpy as np
import trimesh
from PIL import Image

from assets.models.loaders import texture_images

CANDIDATES_PER_CHUNK = 3_000_000
LIGHTS = (  # direction toward the light (view space: x right, y up, z toward the viewer), colour
    (np.array([-0.5, 0.7, 0.6]), np.array([1.0, 0.95, 0.85]) * 0.85),
    (np.array([0.7, 0.2, 0.5]), np.array([0.75, 0.85, 1.0]) * 0.35),
    (np.array([0.2, 0.4, -0.9]), np.array([1.0, 1.0, 1.0]) * 0.35),
)
AMBIENT = 0.22
DEFAULT_COLOUR = np.array([0.62, 0.55, 0.45])


def _view(vertices: np.ndarray, yaw_deg: float, elevation_deg: float) -> np.ndarray:
    yaw, elevation = np.radians(yaw_deg), np.radians(elevation_deg)
    rotate_y = np.array([[np.cos(yaw), 0, np.sin(yaw)], [0, 1, 0], [-np.sin(yaw), 0, np.cos(yaw)]])
    rotate_x = np.array([[1, 0, 0], [0, np.cos(elevation), -np.sin(elevation)],
                         [0, np.sin(elevation), np.cos(elevation)]])
    return rotate_x @ rotate_y


def _rasterise(screen: np.ndarray, depth: np.ndarray, faces: np.ndarray, width: int, height: int,
               cull: bool = True):
    """Per pixel: index of the nearest face (-1 for none) and barycentric weights w1, w2.

    With ``cull``, faces turned away from the viewer are skipped, as a glTF viewer does for
    single-sided materials (screen y points down, so a counter-clockwise face has negative area)."""
    corners = screen[faces]  # (m, 3, 2)
    low = np.ceil(corners.min(axis=1) - 0.5).astype(np.int64)
    high = np.floor(corners.max(axis=1) - 0.5).astype(np.int64)
    low = np.maximum(low, 0)
    high = np.minimum(high, [width - 1, height - 1])
    extent = high - low + 1
    area = ((corners[:, 1, 0] - corners[:, 0, 0]) * (corners[:, 2, 1] - corners[:, 0, 1])
            - (corners[:, 2, 0] - corners[:, 0, 0]) * (corners[:, 1, 1] - corners[:, 0, 1]))
    visible = ((area < -1e-12) if cull else (np.abs(area) > 1e-12)) & (extent > 0).all(axis=1)
    zbuffer = np.full(width * height, -np.inf)
    face_of = np.full(width * height, -1, dtype=np.int64)
    weights = np.zeros((width * height, 2))
    # classes of boxes by the power of two just above their width and their height
    box_class = np.ceil(np.log2(np.maximum(extent, 1))).astype(np.int64)
    key = box_class[:, 0] * 64 + box_class[:, 1]
    for class_key in np.unique(key[visible]):
        size_x, size_y = 2 ** (class_key // 64), 2 ** (class_key % 64)
        group = np.flatnonzero(visible & (key == class_key))
        offsets = np.stack(np.meshgrid(np.arange(size_x), np.arange(size_y)), -1).reshape(-1, 2)
        step = max(1, CANDIDATES_PER_CHUNK // len(offsets))
        for start in range(0, len(group), step):
            chosen = group[start:start + step]
            pixel = low[chosen][:, None, :] + offsets[None, :, :]
            inside_box = (pixel <= high[chosen][:, None, :]).all(axis=2)
            tri, slot = np.nonzero(inside_box)
            face = chosen[tri]
            px = pixel[tri, slot] + 0.5
            a, b, c = corners[face, 0], corners[face, 1], corners[face, 2]
            w1 = ((px[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1])
                  - (c[:, 0] - a[:, 0]) * (px[:, 1] - a[:, 1])) / area[face]
            w2 = ((b[:, 0] - a[:, 0]) * (px[:, 1] - a[:, 1])
                  - (px[:, 0] - a[:, 0]) * (b[:, 1] - a[:, 1])) / area[face]
            keep = (w1 >= 0) & (w2 >= 0) & (w1 + w2 <= 1)
            face, w1, w2, px = face[keep], w1[keep], w2[keep], px[keep]
            z = (depth[faces[face, 0]] * (1 - w1 - w2) + depth[faces[face, 1]] * w1
                 + depth[faces[face, 2]] * w2)
            index = (px[:, 1] - 0.5).astype(np.int64) * width + (px[:, 0] - 0.5).astype(np.int64)
            order = np.lexsort((-z, index))
            first = order[np.r_[True, index[order][1:] != index[order][:-1]]] if len(order) else order
            better = z[first] > zbuffer[index[first]]
            winners = first[better]
            zbuffer[index[winners]] = z[winners]
            face_of[index[winners]] = face[winners]
            weights[index[winners]] = np.stack([w1[winners], w2[winners]], axis=1)
    return face_of, weights


def render(mesh: trimesh.Trimesh, size: int = 512, yaw_deg: float = 35.0, elevation_deg: float = 15.0,
           background=(244, 242, 236), supersample: int = 2) -> Image.Image:
    """An RGB image of ``mesh`` (metres, +Y up) seen from ``yaw_deg`` around and ``elevation_deg`` above."""
    scale_px = size * supersample
    rotation = _view(np.zeros(3), yaw_deg, elevation_deg)
    vertices = np.asarray(mesh.vertices, dtype=float) @ rotation.T
    normals = np.asarray(mesh.vertex_normals, dtype=float) @ rotation.T
    faces = np.asarray(mesh.faces, dtype=np.int64)
    low, high = vertices.min(axis=0), vertices.max(axis=0)
    centre = (low + high) / 2
    fit = 0.88 * scale_px / max((high - low)[:2].max(), 1e-9)
    screen = np.empty((len(vertices), 2))
    screen[:, 0] = (vertices[:, 0] - centre[0]) * fit + scale_px / 2
    screen[:, 1] = scale_px / 2 - (vertices[:, 1] - centre[1]) * fit
    face_of, weights = _rasterise(screen, vertices[:, 2], faces, scale_px, scale_px)
    covered = np.flatnonzero(face_of >= 0)
    face = faces[face_of[covered]]
    w1, w2 = weights[covered, 0:1], weights[covered, 1:2]
    bary = [1 - w1 - w2, w1, w2]
    normal = sum(normals[face[:, k]] * bary[k] for k in range(3))
    normal /= np.maximum(np.linalg.norm(normal, axis=1, keepdims=True), 1e-12)
    normal[normal[:, 2] < 0] *= -1  # the inside of an open shell faces the viewer too
    colour = _base_colour(mesh, face, bary, len(covered))
    light = np.full((len(covered), 3), AMBIENT)
    view = np.array([0.0, 0.0, 1.0])
    for direction, tint in LIGHTS:
        direction = direction / np.linalg.norm(direction)
        diffuse = np.clip(normal @ direction, 0, None)[:, None]
        halfway = (direction + view) / np.linalg.norm(direction + view)
        specular = np.clip(normal @ halfway, 0, None)[:, None] ** 40 * 0.25
        light += diffuse * tint + specular * tint
    shaded = np.clip(colour * light, 0, 1)
    image = np.empty((scale_px * scale_px, 3))
    image[:] = np.asarray(background, dtype=float) / 255
    image[covered] = shaded
    picture = Image.fromarray((image.reshape(scale_px, scale_px, 3) * 255).astype(np.uint8), "RGB")
    return picture.resize((size, size), Image.LANCZOS) if supersample > 1 else picture


def _base_colour(mesh: trimesh.Trimesh, face: np.ndarray, bary: list, count: int) -> np.ndarray:
    visual = mesh.visual
    images = texture_images(mesh)
    uv = getattr(visual, "uv", None)
    if images and uv is not None and len(uv) == len(mesh.vertices):
        texture = np.asarray(images[0].convert("RGB"), dtype=float) / 255
        uv = np.asarray(uv, dtype=float)
        at = sum(uv[face[:, k]] * bary[k] for k in range(3)) % 1.0
        rows = ((1 - at[:, 1]) * (texture.shape[0] - 1)).round().astype(np.int64)
        cols = (at[:, 0] * (texture.shape[1] - 1)).round().astype(np.int64)
        return texture[rows, cols]
    if visual.kind == "vertex":
        colours = np.asarray(visual.vertex_colors, dtype=float)[:, :3] / 255
        return sum(colours[face[:, k]] * bary[k] for k in range(3))
    return np.broadcast_to(DEFAULT_COLOUR, (count, 3))


def thumbnail_png(mesh: trimesh.Trimesh, size: int = 512) -> bytes:
    buffer = io.BytesIO()
    render(mesh, size).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def turntable_webp(mesh: trimesh.Trimesh, size: int = 256, frames: int = 12, duration_ms: int = 200,
                   supersample: int = 1) -> bytes:
    """An animated WebP of one full turn (a quick preview: no supersampling by default)."""
    images = [render(mesh, size, yaw_deg=35 + 360 * k / frames, supersample=supersample)
              for k in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, format="WEBP", save_all=True, append_images=images[1:], duration=duration_ms,
                   loop=0, quality=80)
    return buffer.getvalue()
