"""Web GLBs as gltfpack writes them: quantized attributes (KHR_mesh_quantization), meshoptimizer's vertex and
index codecs (EXT_meshopt_compression) and a WebP texture (EXT_texture_webp), written from a trimesh mesh in
process; and the reader that turns such a GLB (ours or gltfpack's) back into a trimesh mesh.

Quantization, as gltfpack's defaults: positions on a 14-bit grid over the longest side of the bounding box,
stored as unsigned shorts and brought back to metres by the node's translation and uniform scale; normals as
normalized bytes (octahedral filter when compressed); texture coordinates on a 12-bit grid over their range,
stored as normalized unsigned shorts and brought back by the texture's KHR_texture_transform (offset and
scale); vertex colours as normalized unsigned bytes. The index and vertex codecs are
lossless: a compressed GLB decodes to exactly the quantized arrays its ``compress=False`` twin stores.

The texture: WebP (quality ``WEBP_QUALITY``, lossless when it has transparency) where this Pillow can write
WebP — three.js and model-viewer load ``EXT_texture_webp``, and every browser the service supports decodes
it; without WebP support the texture stays JPEG (PNG with transparency) and the extension is not used.
"""

from __future__ import annotations

import io
import json
import struct

import meshoptimizer
import numpy as np
import trimesh
from PIL import Image, features

from assets.models.exceptions import DerivativeFailed

POSITION_BITS = 14
UV_BITS = 12
WEBP_QUALITY = 85
JPEG_QUALITY = 88
MESHOPT = "EXT_meshopt_compression"
QUANTIZATION = "KHR_mesh_quantization"
WEBP = "EXT_texture_webp"
TEXTURE_TRANSFORM = "KHR_texture_transform"
READ_HERE = {MESHOPT, QUANTIZATION, WEBP}  # what trimesh's reader does not handle and read_glb does
# glTF component types
BYTE, UNSIGNED_BYTE, SHORT, UNSIGNED_SHORT, UNSIGNED_INT, FLOAT = 5120, 5121, 5122, 5123, 5125, 5126
DTYPES = {BYTE: np.int8, UNSIGNED_BYTE: np.uint8, SHORT: np.int16, UNSIGNED_SHORT: np.uint16,
          UNSIGNED_INT: np.uint32, FLOAT: np.float32}
WIDTHS = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT4": 16}
ARRAY_BUFFER, ELEMENT_ARRAY_BUFFER = 34962, 34963


def webp_available() -> bool:
    return bool(features.check("webp"))


def encode_texture(image: Image.Image) -> tuple[bytes, str]:
    """The texture's bytes and media type by the rule in the module docstring."""
    transparent = image.mode in ("RGBA", "LA") and np.asarray(image.getchannel("A")).min() < 255
    buffer = io.BytesIO()
    if webp_available():
        if transparent:
            image.convert("RGBA").save(buffer, format="WEBP", lossless=True, method=4)
        else:
            image.convert("RGB").save(buffer, format="WEBP", quality=WEBP_QUALITY, method=4)
        return buffer.getvalue(), "image/webp"
    if transparent:
        image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue(), "image/png"
    image.convert("RGB").save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue(), "image/jpeg"


def _octahedral(normals: np.ndarray) -> np.ndarray:
    """meshopt_encodeFilterOct with 8 bits: (u, v, 127, 0) as bytes, which the OCTAHEDRAL filter decodes."""
    n = normals / np.maximum(np.abs(normals).sum(axis=1, keepdims=True), 1e-12)
    x, y, z = n[:, 0], n[:, 1], n[:, 2]
    u = np.where(z >= 0, x, (1 - np.abs(y)) * np.where(x >= 0, 1, -1))
    v = np.where(z >= 0, y, (1 - np.abs(x)) * np.where(y >= 0, 1, -1))
    out = np.zeros((len(n), 4), dtype=np.int8)
    out[:, 0] = np.round(u * 127).astype(np.int8)
    out[:, 1] = np.round(v * 127).astype(np.int8)
    out[:, 2] = 127
    return out


def _decode_octahedral(packed: np.ndarray) -> np.ndarray:
    decoded = meshoptimizer.decode_filter_oct(np.ascontiguousarray(packed).view(np.uint8), len(packed), 4)
    return np.ascontiguousarray(decoded).view(np.int8).reshape(len(packed), 4)


def _unit_normals(mesh: trimesh.Trimesh) -> np.ndarray:
    normals = np.nan_to_num(np.asarray(mesh.vertex_normals, dtype=np.float64))
    length = np.linalg.norm(normals, axis=1, keepdims=True)
    return np.where(length > 1e-9, normals / np.maximum(length, 1e-12), [0.0, 1.0, 0.0])


class _Writer:
    """The binary chunk (buffer 0) and, when compressed, the fallback buffer (1) the views point into."""

    def __init__(self, compress: bool):
        self.compress = compress
        self.chunk = bytearray()
        self.fallback_length = 0
        self.views: list[dict] = []

    def _append(self, data: bytes) -> int:
        self.chunk.extend(b"\0" * (-len(self.chunk) % 4))
        offset = len(self.chunk)
        self.chunk.extend(data)
        return offset

    def view(self, array: np.ndarray, target: int, mode: str | None = None,
             filter_: str | None = None) -> int:
        raw = np.ascontiguousarray(array)
        count = len(raw)
        stride = raw.nbytes // count
        view: dict = {"buffer": 0, "byteLength": raw.nbytes, "target": target}
        if target == ARRAY_BUFFER:
            view["byteStride"] = stride
        if self.compress:
            if mode == "TRIANGLES":
                meshoptimizer.encode_index_version(1)
                encoded = meshoptimizer.encode_index_buffer(raw.reshape(-1).astype(np.uint32),
                                                            vertex_count=int(raw.max()) + 1)
            else:
                meshoptimizer.encode_vertex_version(0)  # the version EXT_meshopt_compression defines
                encoded = meshoptimizer.encode_vertex_buffer(raw.reshape(count, -1).view(np.uint8),
                                                             count, stride)
            extension = {"buffer": 0, "byteOffset": self._append(encoded), "byteLength": len(encoded),
                         "byteStride": stride, "count": count, "mode": mode or "ATTRIBUTES"}
            if filter_:
                extension["filter"] = filter_
            self.fallback_length += -self.fallback_length % 4
            view.update(buffer=1, byteOffset=self.fallback_length, extensions={MESHOPT: extension})
            self.fallback_length += raw.nbytes
        else:
            view["byteOffset"] = self._append(raw.tobytes())
        self.views.append(view)
        return len(self.views) - 1

    def image(self, data: bytes) -> int:
        self.views.append({"buffer": 0, "byteOffset": self._append(data), "byteLength": len(data)})
        return len(self.views) - 1


def encode_glb(mesh: trimesh.Trimesh, compress: bool = True) -> bytes:
    """The mesh (one primitive) as a quantized GLB, meshopt-compressed unless ``compress`` is false."""
    vertices = np.asarray(mesh.vertices, dtype=np.float64)
    faces = np.asarray(mesh.faces, dtype=np.uint32)
    if not len(faces):
        raise DerivativeFailed("the model has no triangles to write")
    # vertex cache order, then vertices in first-use order: smaller after both codecs (as gltfpack does)
    indices = np.empty(faces.size, dtype=np.uint32)
    meshoptimizer.optimize_vertex_cache(indices, faces.reshape(-1), vertex_count=len(vertices))
    remap = np.empty(len(vertices), dtype=np.uint32)
    used = meshoptimizer.optimize_vertex_fetch_remap(remap, indices, vertex_count=len(vertices))
    order = np.empty(used, dtype=np.int64)
    keep = remap != np.uint32(0xFFFFFFFF)
    order[remap[keep]] = np.nonzero(keep)[0]
    indices = remap[indices]

    writer = _Writer(compress)
    accessors: list[dict] = []
    attributes: dict[str, int] = {}

    def accessor(view: int, component: int, kind: str, count: int, normalized=False, **extra) -> int:
        entry = {"bufferView": view, "componentType": component, "count": count, "type": kind, **extra}
        if normalized:
            entry["normalized"] = True
        accessors.append(entry)
        return len(accessors) - 1

    # positions: 14-bit grid over the longest side; the node's translation and scale bring back metres
    points = vertices[order]
    low = points.min(axis=0)
    extent = float((points.max(axis=0) - low).max()) or 1.0
    steps = (1 << POSITION_BITS) - 1
    grid = np.zeros((used, 4), dtype=np.uint16)
    grid[:, :3] = np.round((points - low) / extent * steps).astype(np.uint16)
    attributes["POSITION"] = accessor(writer.view(grid, ARRAY_BUFFER), UNSIGNED_SHORT, "VEC3", used,
                                      min=grid[:, :3].min(axis=0).tolist(),
                                      max=grid[:, :3].max(axis=0).tolist())
    # octahedral bytes, which the OCTAHEDRAL filter decodes; the uncompressed twin stores the decoded bytes
    packed = _octahedral(_unit_normals(mesh)[order])
    if compress:
        normal_view = writer.view(packed, ARRAY_BUFFER, filter_="OCTAHEDRAL")
    else:
        normal_view = writer.view(_decode_octahedral(packed), ARRAY_BUFFER)
    attributes["NORMAL"] = accessor(normal_view, BYTE, "VEC3", used, normalized=True)

    visual = mesh.visual
    material: dict = {"pbrMetallicRoughness": {"metallicFactor": 0.3, "roughnessFactor": 0.6}}
    textures, images, samplers, used_extensions = [], [], [], {QUANTIZATION}
    image = getattr(getattr(visual, "material", None), "baseColorTexture", None) \
        or getattr(getattr(visual, "material", None), "image", None)
    if isinstance(visual, trimesh.visual.TextureVisuals) and visual.uv is not None and image is not None:
        uv = np.asarray(visual.uv, dtype=np.float64)[order].copy()
        uv[:, 1] = 1.0 - uv[:, 1]  # glTF's origin is the image's top left
        # a 12-bit grid over the UVs' range, stored as is; KHR_texture_transform scales it back (gltfpack's
        # way: small integers compress far better than the same grid spread over 16 bits)
        uv_low = uv.min(axis=0)
        span = np.where(uv.max(axis=0) - uv_low > 0, uv.max(axis=0) - uv_low, 1.0)
        uv_steps = (1 << UV_BITS) - 1
        uv_grid = np.round((uv - uv_low) / span * uv_steps).astype(np.uint16)
        attributes["TEXCOORD_0"] = accessor(writer.view(uv_grid, ARRAY_BUFFER), UNSIGNED_SHORT, "VEC2", used,
                                            normalized=True)
        transform = {"offset": uv_low.tolist(), "scale": (span * 65535 / uv_steps).tolist()}
        used_extensions.add(TEXTURE_TRANSFORM)
        data, media_type = encode_texture(image)
        images.append({"bufferView": writer.image(data), "mimeType": media_type})
        samplers.append({"magFilter": 9729, "minFilter": 9987, "wrapS": 10497, "wrapT": 10497})
        if media_type == "image/webp":
            used_extensions.add(WEBP)
            textures.append({"sampler": 0, "extensions": {WEBP: {"source": 0}}})
        else:
            textures.append({"sampler": 0, "source": 0})
        material["pbrMetallicRoughness"]["baseColorTexture"] = {
            "index": 0, "extensions": {TEXTURE_TRANSFORM: transform}}
    elif visual is not None and visual.kind == "vertex":
        colours = np.asarray(visual.vertex_colors, dtype=np.uint8)[order]
        attributes["COLOR_0"] = accessor(writer.view(colours, ARRAY_BUFFER), UNSIGNED_BYTE, "VEC4", used,
                                         normalized=True)

    index_type = np.uint16 if used <= 0xFFFF else np.uint32
    index_view = writer.view(indices.astype(index_type), ELEMENT_ARRAY_BUFFER, mode="TRIANGLES")
    index_accessor = accessor(index_view, UNSIGNED_SHORT if index_type is np.uint16 else UNSIGNED_INT,
                              "SCALAR", len(indices))

    scale = extent / steps
    tree: dict = {
        "asset": {"version": "2.0", "generator": "Three Gorges museum (assets.models.webglb)"},
        "scene": 0, "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0, "translation": low.tolist(), "scale": [scale, scale, scale]}],
        "meshes": [{"primitives": [{"attributes": attributes, "indices": index_accessor, "material": 0,
                                    "mode": 4}]}],
        "materials": [material], "accessors": accessors, "bufferViews": writer.views,
    }
    if textures:
        tree.update(textures=textures, images=images, samplers=samplers)
    buffers = [{"byteLength": 0}]
    if compress:
        used_extensions.add(MESHOPT)
        buffers.append({"byteLength": writer.fallback_length, "extensions": {MESHOPT: {"fallback": True}}})
    tree["extensionsUsed"] = sorted(used_extensions)
    tree["extensionsRequired"] = sorted(used_extensions)
    chunk = bytes(writer.chunk) + b"\0" * (-len(writer.chunk) % 4)
    buffers[0]["byteLength"] = len(chunk)
    tree["buffers"] = buffers
    return _glb(tree, chunk)


def _glb(tree: dict, chunk: bytes) -> bytes:
    text = json.dumps(tree, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 4)
    total = 12 + 8 + len(text) + 8 + len(chunk)
    return (struct.pack("<III", 0x46546C67, 2, total) + struct.pack("<II", len(text), 0x4E4F534A) + text
            + struct.pack("<II", len(chunk), 0x004E4942) + chunk)


def parse_glb(data: bytes) -> tuple[dict, bytes]:
    """The JSON tree and the binary chunk of a GLB."""
    if len(data) < 20 or data[:4] != b"glTF":
        raise DerivativeFailed("not a GLB file")
    length = struct.unpack_from("<I", data, 12)[0]
    tree = json.loads(data[20:20 + length])
    rest = 20 + length
    chunk = b""
    if rest + 8 <= len(data):
        size, kind = struct.unpack_from("<II", data, rest)
        if kind == 0x004E4942:
            chunk = data[rest + 8:rest + 8 + size]
    return tree, chunk


def _view_bytes(tree: dict, chunk: bytes, index: int, cache: dict) -> bytes:
    if index in cache:
        return cache[index]
    view = tree["bufferViews"][index]
    compressed = view.get("extensions", {}).get(MESHOPT)
    if compressed:
        start = compressed.get("byteOffset", 0)
        source = chunk[start:start + compressed["byteLength"]]
        count, stride = compressed["count"], compressed["byteStride"]
        if compressed["mode"] == "TRIANGLES":
            # the binding's output is a uint32 array holding ``count`` indices of ``stride`` bytes each
            decoded = meshoptimizer.decode_index_buffer(count, stride, source)
            raw = decoded.view(np.uint8)[:count * stride].tobytes()
        elif compressed["mode"] == "ATTRIBUTES":
            # the default (float32) mode: its raw ``dtype`` mode allocates ``count`` items, not bytes
            decoded = meshoptimizer.decode_vertex_buffer(count, stride, source)
            decoded = np.ascontiguousarray(decoded).view(np.uint8).reshape(count, stride)
            filter_ = compressed.get("filter", "NONE")
            if filter_ == "OCTAHEDRAL":
                decoded = np.ascontiguousarray(meshoptimizer.decode_filter_oct(decoded, count, stride))
                decoded = decoded.view(np.uint8).reshape(count, stride)
            elif filter_ != "NONE":
                raise DerivativeFailed(f"meshopt filter {filter_} is not read here")
            raw = decoded.tobytes()
        else:
            raise DerivativeFailed(f"meshopt mode {compressed['mode']} is not read here")
    else:
        if view["buffer"] != 0:
            raise DerivativeFailed("a GLB buffer view outside its binary chunk")
        start = view.get("byteOffset", 0)
        raw = chunk[start:start + view["byteLength"]]
    cache[index] = raw
    return raw


def _accessor(tree: dict, chunk: bytes, index: int, cache: dict) -> np.ndarray:
    """An accessor's values as float64 (normalized integers mapped as glTF says) or integers for indices."""
    entry = tree["accessors"][index]
    dtype = np.dtype(DTYPES[entry["componentType"]])
    width, count = WIDTHS[entry["type"]], entry["count"]
    view = tree["bufferViews"][entry["bufferView"]]
    raw = _view_bytes(tree, chunk, entry["bufferView"], cache)
    stride = view.get("byteStride") or dtype.itemsize * width
    offset = entry.get("byteOffset", 0)
    values = np.array(np.ndarray((count, width), dtype=dtype, buffer=raw, offset=offset,
                                 strides=(stride, dtype.itemsize)))
    if entry.get("normalized"):
        if dtype.kind == "u":
            return values / float(np.iinfo(dtype).max)
        return np.maximum(values / float(np.iinfo(dtype).max), -1.0)
    return values if dtype.kind != "f" else values.astype(np.float64)


def _node_matrix(node: dict) -> np.ndarray:
    if "matrix" in node:
        return np.asarray(node["matrix"], dtype=np.float64).reshape(4, 4).T
    matrix = np.eye(4)
    if "scale" in node:
        matrix = np.diag([*node["scale"], 1.0]) @ matrix
    if "rotation" in node:
        x, y, z, w = node["rotation"]
        matrix = trimesh.transformations.quaternion_matrix([w, x, y, z]) @ matrix
    if "translation" in node:
        matrix = trimesh.transformations.translation_matrix(node["translation"]) @ matrix
    return matrix


def _texture_image(tree: dict, chunk: bytes, material: dict, cache: dict) -> Image.Image | None:
    reference = material.get("pbrMetallicRoughness", {}).get("baseColorTexture")
    if reference is None:
        return None
    texture = tree["textures"][reference["index"]]
    source = texture.get("extensions", {}).get(WEBP, {}).get("source", texture.get("source"))
    if source is None:
        return None
    image = tree["images"][source]
    if "bufferView" not in image:
        return None
    return Image.open(io.BytesIO(_view_bytes(tree, chunk, image["bufferView"], cache)))


def _texture_transform(uv: np.ndarray, texture_info: dict) -> np.ndarray:
    """UVs through the texture's KHR_texture_transform (scale, then rotation, then offset)."""
    transform = texture_info.get("extensions", {}).get(TEXTURE_TRANSFORM)
    if not transform:
        return uv
    uv = uv * np.asarray(transform.get("scale", [1.0, 1.0]))
    angle = transform.get("rotation", 0.0)
    if angle:
        cos, sin = np.cos(angle), np.sin(angle)
        uv = np.stack([cos * uv[:, 0] + sin * uv[:, 1], -sin * uv[:, 0] + cos * uv[:, 1]], axis=1)
    return uv + np.asarray(transform.get("offset", [0.0, 0.0]))


def read_glb(data: bytes) -> trimesh.Trimesh:
    """Every triangle primitive of the default scene in world coordinates as one mesh, each with its
    base-colour texture and UVs (a single-primitive GLB, as ours and gltfpack's for one object are, comes
    back whole). Quantized and meshopt-compressed GLBs included, which trimesh cannot read."""
    tree, chunk = parse_glb(data)
    cache: dict = {}
    parts = []

    def visit(index: int, parent: np.ndarray) -> None:
        node = tree["nodes"][index]
        matrix = parent @ _node_matrix(node)
        if "mesh" in node:
            for primitive in tree["meshes"][node["mesh"]]["primitives"]:
                if primitive.get("mode", 4) != 4:
                    continue
                attributes = primitive["attributes"]
                points = _accessor(tree, chunk, attributes["POSITION"], cache)
                points = trimesh.transformations.transform_points(points, matrix)
                if "indices" in primitive:
                    faces = _accessor(tree, chunk, primitive["indices"], cache).reshape(-1, 3)
                    faces = faces.astype(np.int64)
                else:
                    faces = np.arange(len(points)).reshape(-1, 3)
                kwargs = {}
                if "NORMAL" in attributes:
                    normals = _accessor(tree, chunk, attributes["NORMAL"], cache)[:, :3] @ matrix[:3, :3].T
                    length = np.linalg.norm(normals, axis=1, keepdims=True)
                    kwargs["vertex_normals"] = normals / np.maximum(length, 1e-12)
                visual = None
                material = tree["materials"][primitive["material"]] if "material" in primitive else {}
                image = _texture_image(tree, chunk, material, cache) if "TEXCOORD_0" in attributes else None
                if image is not None:
                    uv = _accessor(tree, chunk, attributes["TEXCOORD_0"], cache)
                    uv = _texture_transform(uv, material["pbrMetallicRoughness"]["baseColorTexture"])
                    uv[:, 1] = 1.0 - uv[:, 1]
                    texture = trimesh.visual.material.PBRMaterial(baseColorTexture=image, metallicFactor=0.3,
                                                                  roughnessFactor=0.6)
                    visual = trimesh.visual.TextureVisuals(uv=uv, material=texture)
                elif "COLOR_0" in attributes:
                    colours = _accessor(tree, chunk, attributes["COLOR_0"], cache)
                    if colours.dtype.kind == "f":
                        colours = np.round(colours * 255)
                    visual = trimesh.visual.ColorVisuals(vertex_colors=colours.astype(np.uint8))
                parts.append(trimesh.Trimesh(points, faces, visual=visual, process=False, **kwargs))
        for child in node.get("children", []):
            visit(child, matrix)

    scene = tree.get("scenes", [{}])[tree.get("scene", 0)] if tree.get("scenes") else {"nodes": []}
    for root in scene.get("nodes", []):
        visit(root, np.eye(4))
    if not parts:
        raise DerivativeFailed("the GLB has no triangles")
    if len(parts) == 1:
        return parts[0]
    return trimesh.util.concatenate(parts)


def load_glb(data: bytes) -> trimesh.Trimesh:
    """``read_glb`` for GLBs that need it (quantized, meshopt, WebP), trimesh's own reader for the rest."""
    tree, _chunk = parse_glb(data)
    if set(tree.get("extensionsUsed", [])) & READ_HERE:
        return read_glb(data)
    return trimesh.load(io.BytesIO(data), file_type="glb", force="mesh", process=False)


def plain_glb(data: bytes) -> bytes:
    """A GLB any glTF tool opens (float positions, no compression, the texture as PNG) of a web or kiosk
    level: what the public downloads (Blender's importer reads no EXT_meshopt_compression yet)."""
    return trimesh.exchange.gltf.export_glb(load_glb(data))


def load_glb_scene(data: bytes) -> trimesh.Scene:
    """A GLB as a trimesh scene: ours decoded as one mesh, any other by trimesh's reader."""
    tree, _chunk = parse_glb(data)
    if set(tree.get("extensionsUsed", [])) & READ_HERE:
        return trimesh.Scene(read_glb(data))
    return trimesh.load(io.BytesIO(data), file_type="glb", force="scene")
