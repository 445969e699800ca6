"""A perspective preview of the hall rendered on the CPU: a z-buffer rasteriser written with numpy.

Opaque parts are drawn with flat Lambert shading (object models with their texture colour per face,
photo boxes with their photo sampled perspective-correct per pixel); glass is blended over them
afterwards without writing depth, and the glass edges are drawn where they are in front. The image is
rendered at ``supersample`` times the size and reduced, which smooths the edges.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import numpy as np
from PIL import Image
from shapely.geometry import Point

from exhibits.layouts import geometry
from exhibits.layouts.exceptions import RenderError
from exhibits.layouts.model import Layout
from exhibits.layouts.scene import ModelSource, Part, PhotoSource, extrude, hall_parts

NEAR = 0.05
LIGHT = np.array([0.35, -0.45, 0.82]) / np.linalg.norm([0.35, -0.45, 0.82])
BACKGROUND = (246, 244, 240)
MAX_PIXELS = 4096 * 4096
BATCH_SPAN = 6  # triangles at most this many pixels across are rasterised together, vectorised


@dataclass(frozen=True)
class Camera:
    """Eye position in hall metres (x east, y north, z up), yaw in degrees counter-clockwise from east."""

    x: float
    y: float
    z: float = 1.6
    yaw: float = 90.0
    pitch: float = -6.0
    fov: float = 70.0  # horizontal, degrees

    @classmethod
    def parse(cls, text: str) -> Camera:
        try:
            values = [float(v) for v in text.split(",")]
        except ValueError as error:
            raise RenderError(f"camera {text!r}: expected x,y,z,yaw numbers") from error
        if len(values) != 4 or not all(math.isfinite(v) for v in values):
            raise RenderError(f"camera {text!r}: expected x,y,z,yaw (4 numbers)")
        return cls(*values)

    def basis(self) -> np.ndarray:
        yaw, pitch = math.radians(self.yaw), math.radians(self.pitch)
        forward = np.array([math.cos(yaw) * math.cos(pitch), math.sin(yaw) * math.cos(pitch),
                            math.sin(pitch)])
        right = np.cross(forward, [0, 0, 1])
        right /= np.linalg.norm(right)
        up = np.cross(right, forward)
        return np.stack([right, up, forward])


def default_camera(layout: Layout) -> Camera:
    """Standing 2 m inside the first door (the hall centroid without doors), looking into the hall."""
    floor = geometry.floor_polygon(layout)
    if layout.doors:
        door = layout.doors[0]
        point = geometry.door_point(layout, door, 2.0)
        _, (nx, ny) = geometry.door_inward(layout, door)
        return Camera(point.x, point.y, 1.6, math.degrees(math.atan2(ny, nx)))
    centre = floor.centroid
    return Camera(centre.x, centre.y, 1.6, 90.0)


VIEW_DISTANCE = 2.5  # metres in front of a case where its viewpoint stands
TABLE_VIEW_DISTANCE = 1.8  # closer to a table case, to see what lies in it
EYE = 1.6  # eye height, metres


def viewpoints(layout: Layout) -> dict[str, Camera]:
    """Named places to look from: ``entrance`` (:func:`default_camera`) and each case by its id, standing
    2.5 m in front of it (1.8 m from a table case; on its local +y side, the side a wall case opens to, or
    the back when the front is outside the hall) at eye height, looking at its deck."""
    floor = geometry.floor_polygon(layout)
    named = {"entrance": default_camera(layout)}
    for case in layout.cases:
        angle = math.radians(case.rotation)
        front = (-math.sin(angle), math.cos(angle))  # local +y, turned with the case
        reach = case.outer.depth / 2 + (TABLE_VIEW_DISTANCE if case.type == "table_case" else VIEW_DISTANCE)
        for side in (1, -1):
            x = case.position[0] + side * front[0] * reach
            y = case.position[1] + side * front[1] * reach
            if floor.contains(Point(x, y)):
                break
        yaw = math.degrees(math.atan2(case.position[1] - y, case.position[0] - x))
        pitch = math.degrees(math.atan2(case.deck + 0.15 - EYE, math.hypot(case.position[0] - x,
                                                                               case.position[1] - y)))
        named[case.id] = Camera(round(x, 3), round(y, 3), EYE, round(yaw, 3), round(pitch, 1))
    return named


def camera_text(camera: Camera) -> str:
    """A camera as the ``x,y,z,yaw`` text the render options read (its pitch is the default's)."""
    return ",".join(f"{value:g}" for value in (camera.x, camera.y, camera.z, camera.yaw))


def _shade(normals: np.ndarray) -> np.ndarray:
    return 0.58 + 0.42 * np.abs(normals @ LIGHT)


def _face_colours(part: Part) -> np.ndarray:
    """RGBA per face: a model's texture sampled at each face's mean UV, its material or face colours."""
    mesh, count = part.mesh, len(part.mesh.faces)
    visual = getattr(mesh, "visual", None)
    if part.kind == "model" and visual is not None:
        if visual.kind == "texture" and getattr(visual, "uv", None) is not None:
            material = visual.material
            image = getattr(material, "baseColorTexture", None) or getattr(material, "image", None)
            if image is not None:
                rgb = np.asarray(image.convert("RGBA"))
                uv = visual.uv[mesh.faces].mean(axis=1) % 1.0
                px = np.clip((uv[:, 0] * (rgb.shape[1] - 1)).astype(int), 0, rgb.shape[1] - 1)
                py = np.clip(((1 - uv[:, 1]) * (rgb.shape[0] - 1)).astype(int), 0, rgb.shape[0] - 1)
                colours = rgb[py, px].astype(float)
                factor = getattr(visual.material, "baseColorFactor", None)
                if factor is not None:
                    colours *= np.asarray(factor, float) / 255.0
                return colours
        if visual.kind == "texture":
            factor = getattr(visual.material, "baseColorFactor", None)
            if factor is not None:
                return np.tile(np.asarray(factor, float), (count, 1))
        if visual.kind in ("face", "vertex"):
            return np.asarray(visual.face_colors, float)
    return np.tile(np.asarray(part.colour, float), (count, 1))


def _clip_near(tri: np.ndarray, extra: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Clip a camera-space triangle (and its per-vertex extras) against the near plane."""
    inside = tri[:, 2] >= NEAR
    if inside.all():
        return [(tri, extra)]
    if not inside.any():
        return []
    points, extras = [], []
    for i in range(3):
        j = (i + 1) % 3
        if inside[i]:
            points.append(tri[i])
            extras.append(extra[i])
        if inside[i] != inside[j]:
            t = (NEAR - tri[i, 2]) / (tri[j, 2] - tri[i, 2])
            points.append(tri[i] + t * (tri[j] - tri[i]))
            extras.append(extra[i] + t * (extra[j] - extra[i]))
    points, extras = np.array(points), np.array(extras)
    return [(points[[0, k, k + 1]], extras[[0, k, k + 1]]) for k in range(1, len(points) - 1)]


class Rasteriser:
    def __init__(self, width: int, height: int, camera: Camera):
        self.width, self.height, self.camera = width, height, camera
        self.focal = (width / 2) / math.tan(math.radians(camera.fov) / 2)
        self.rotation = camera.basis()
        self.eye = np.array([camera.x, camera.y, camera.z])
        self.colour = np.empty((height, width, 3), float)
        self.colour[:] = BACKGROUND
        self.inverse_depth = np.zeros((height, width), float)  # 1/z; 0 = far away

    def to_camera(self, points: np.ndarray) -> np.ndarray:
        return (points - self.eye) @ self.rotation.T

    def project(self, camera_points: np.ndarray) -> np.ndarray:
        z = camera_points[:, 2]
        return np.stack([self.width / 2 + self.focal * camera_points[:, 0] / z,
                         self.height / 2 - self.focal * camera_points[:, 1] / z, 1.0 / z], axis=1)

    def draw(self, part: Part, blend: bool = False) -> None:
        mesh = part.mesh
        camera_vertices = self.to_camera(np.asarray(mesh.vertices, float))
        faces = np.asarray(mesh.faces)
        normals = np.asarray(mesh.face_normals, float)
        colours = _face_colours(part)
        shade = _shade(normals)
        texture, uv = None, None
        if part.texture is not None and getattr(mesh.visual, "uv", None) is not None:
            texture = np.asarray(part.texture.convert("RGB"), float)
            uv = np.asarray(mesh.visual.uv, float)
        tris = camera_vertices[faces]
        visible = (tris[:, :, 2] > NEAR).any(axis=1)
        if texture is None and not blend:
            visible &= ~self._splat_small(tris, colours, shade)
        for index in np.flatnonzero(visible):
            extra = uv[faces[index]] if uv is not None else np.zeros((3, 2))
            rgba = colours[index]
            for tri, tri_uv in _clip_near(tris[index], extra):
                self._fill(self.project(tri), tri_uv, rgba, shade[index], texture, blend)

    def _splat_small(self, tris: np.ndarray, colours: np.ndarray, shade: np.ndarray) -> np.ndarray:
        """Rasterise every triangle at most ``BATCH_SPAN`` pixels across in one vectorised pass (dense
        scanned models are mostly such triangles) and drop those wholly off screen; returns the mask of
        the triangles dealt with."""
        done = np.zeros(len(tris), bool)
        front = np.flatnonzero((tris[:, :, 2] >= NEAR).all(axis=1))
        if not len(front):
            return done
        screen = self.project(tris[front].reshape(-1, 3)).reshape(-1, 3, 3)
        low, high = screen[:, :, :2].min(axis=1), screen[:, :, :2].max(axis=1)
        off = (high[:, 0] < 0) | (high[:, 1] < 0) | (low[:, 0] > self.width) | (low[:, 1] > self.height)
        small = ~off & ((high - low) < BATCH_SPAN).all(axis=1)
        done[front[off | small]] = True
        span = (high - low).max(axis=1)
        floor = np.floor(low).astype(np.int64)
        smaller = 0
        for limit in (1, 2, 3, 4, BATCH_SPAN):  # a pixel grid just large enough for each size class
            group = small & (span >= smaller) & (span < limit)
            smaller = limit
            if not group.any():
                continue
            chosen = front[group]
            offsets = np.stack(np.meshgrid(np.arange(limit + 1), np.arange(limit + 1)), -1).reshape(-1, 2)
            chunk = max(1, 4_000_000 // len(offsets))
            for begin in range(0, len(chosen), chunk):
                part = slice(begin, begin + chunk)
                rgb = colours[chosen[part], :3] * shade[chosen[part], None]
                self._batch(screen[group][part], floor[group][part], offsets, rgb)
        return done

    def _batch(self, screen: np.ndarray, low: np.ndarray, offsets: np.ndarray, rgb: np.ndarray) -> None:
        px = low[:, None, 0] + offsets[None, :, 0]
        py = low[:, None, 1] + offsets[None, :, 1]
        x, y = px + 0.5, py + 0.5
        (ax, ay, az), (bx, by, bz), (cx, cy, cz) = [[screen[:, i, j, None] for j in range(3)]
                                                    for i in range(3)]
        area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
        area = np.where(np.abs(area) < 1e-12, np.nan, area)
        w0 = ((bx - x) * (cy - y) - (by - y) * (cx - x)) / area
        w1 = ((cx - x) * (ay - y) - (cy - y) * (ax - x)) / area
        w2 = 1.0 - w0 - w1
        inside = ((w0 >= 0) & (w1 >= 0) & (w2 >= 0)
                  & (px >= 0) & (px < self.width) & (py >= 0) & (py < self.height))
        triangle, sample = np.nonzero(inside)
        if not len(triangle):
            return
        inverse_z = (w0 * az + w1 * bz + w2 * cz)[triangle, sample]
        pixel = py[triangle, sample] * self.width + px[triangle, sample]
        order = np.argsort(-inverse_z, kind="stable")  # nearest first
        _, first = np.unique(pixel[order], return_index=True)
        winners = order[first]
        depth = self.inverse_depth.reshape(-1)
        winners = winners[inverse_z[winners] > depth[pixel[winners]]]
        depth[pixel[winners]] = inverse_z[winners]
        self.colour.reshape(-1, 3)[pixel[winners]] = rgb[triangle[winners]]

    def _fill(self, screen, tri_uv, rgba, shade, texture, blend) -> None:
        x0, x1 = max(int(screen[:, 0].min()), 0), min(int(math.ceil(screen[:, 0].max())), self.width - 1)
        y0, y1 = max(int(screen[:, 1].min()), 0), min(int(math.ceil(screen[:, 1].max())), self.height - 1)
        if x0 > x1 or y0 > y1:
            return
        (ax, ay, _), (bx, by, _), (cx, cy, _) = screen
        area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
        if abs(area) < 1e-9:
            return
        xs, ys = np.arange(x0, x1 + 1)[None, :] + 0.5, np.arange(y0, y1 + 1)[:, None] + 0.5
        w0 = ((bx - xs) * (cy - ys) - (by - ys) * (cx - xs)) / area
        w1 = ((cx - xs) * (ay - ys) - (cy - ys) * (ax - xs)) / area
        w2 = 1.0 - w0 - w1
        inside = (w0 >= 0) & (w1 >= 0) & (w2 >= 0)
        if not inside.any():
            return
        inverse_z = w0 * screen[0, 2] + w1 * screen[1, 2] + w2 * screen[2, 2]
        window = (slice(y0, y1 + 1), slice(x0, x1 + 1))
        nearer = inside & (inverse_z > self.inverse_depth[window])
        if not nearer.any():
            return
        if texture is not None:
            weights = np.stack([w0 * screen[0, 2], w1 * screen[1, 2], w2 * screen[2, 2]], axis=-1)
            uv = (weights @ tri_uv) / inverse_z[..., None]
            px = np.clip((uv[..., 0] % 1.0) * (texture.shape[1] - 1), 0, texture.shape[1] - 1).astype(int)
            py = np.clip((1 - uv[..., 1] % 1.0) * (texture.shape[0] - 1), 0, texture.shape[0] - 1).astype(int)
            pixels = texture[py, px][nearer] * shade
        else:
            pixels = np.asarray(rgba[:3]) * shade
        target = self.colour[window]
        if blend:
            alpha = rgba[3] / 255.0
            target[nearer] = target[nearer] * (1 - alpha) + pixels * alpha
        else:
            target[nearer] = pixels
            self.inverse_depth[window][nearer] = inverse_z[nearer]

    def edges(self, part: Part, colour=(120, 150, 165), samples: int = 200) -> None:
        """Draw a glass box's edges where nothing opaque stands in front of them."""
        mesh = part.mesh.copy()
        mesh.merge_vertices()
        edges = (mesh.face_adjacency_edges[mesh.face_adjacency_angles > 0.1]
                 if len(mesh.face_adjacency) else [])
        vertices = self.to_camera(np.asarray(mesh.vertices, float))
        t = np.linspace(0, 1, samples)[:, None]
        for a, b in edges:
            points = vertices[a] + t * (vertices[b] - vertices[a])
            points = points[points[:, 2] > NEAR]
            if not len(points):
                continue
            screen = self.project(points)
            x, y = screen[:, 0].astype(int), screen[:, 1].astype(int)
            ok = (x >= 0) & (x < self.width) & (y >= 0) & (y < self.height)
            x, y, inverse_z = x[ok], y[ok], screen[ok, 2]
            front = inverse_z >= self.inverse_depth[y, x] * 0.995
            self.colour[y[front], x[front]] = colour


def render_preview(layout: Layout, camera: Camera | None = None, size: tuple[int, int] = (1280, 720),
                   model_for: ModelSource | None = None, photo_for: PhotoSource | None = None,
                   supersample: int = 2) -> bytes:
    """The hall seen from ``camera`` (default: just inside the first door) as PNG bytes."""
    width, height = size[0] * supersample, size[1] * supersample
    if width * height > MAX_PIXELS or min(size) < 16:
        raise RenderError(f"preview size {size[0]} x {size[1]} is out of range")
    camera = camera or default_camera(layout)
    rasteriser = Rasteriser(width, height, camera)
    parts = hall_parts(layout, model_for, photo_for)
    floor = geometry.floor_polygon(layout)
    parts.append(Part("ceiling", extrude(floor, layout.ceiling_height, layout.ceiling_height + 0.05),
                      (250, 250, 248, 255)))
    for part in parts:
        if part.kind != "glass":
            rasteriser.draw(part)
    glass = [part for part in parts if part.kind == "glass"]
    for part in glass:
        rasteriser.draw(part, blend=True)
    for part in glass:
        rasteriser.edges(part)
    image = Image.fromarray(np.clip(rasteriser.colour, 0, 255).astype(np.uint8))
    if supersample > 1:
        image = image.resize(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
