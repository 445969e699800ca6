"""The whole hall as one GLB (a digital twin for the browser), in glTF axes (y up, metres).

Solid parts get a PBR material of their colour, glass a blended translucent one; models keep their
own materials and textures; photo boxes carry their photo as the base colour texture.
"""

from __future__ import annotations

import numpy as np
import trimesh
from trimesh.visual.material import PBRMaterial

from exhibits.layouts.model import Layout
from exhibits.layouts.scene import Y_UP, ModelSource, PhotoSource, hall_parts


def _material(name: str, colour, glass: bool) -> PBRMaterial:
    return PBRMaterial(name=name, baseColorFactor=np.array(colour, dtype=np.uint8),
                       metallicFactor=0.0, roughnessFactor=0.1 if glass else 0.8,
                       alphaMode="BLEND" if glass else "OPAQUE", doubleSided=glass)


def hall_scene(layout: Layout, model_for: ModelSource | None = None, photo_for: PhotoSource | None = None,
               wall_height: float | None = None) -> trimesh.Scene:
    scene = trimesh.Scene()
    for part in hall_parts(layout, model_for, photo_for, wall_height):
        mesh = part.mesh
        if part.kind == "model":
            pass  # keeps its own visual
        elif part.texture is not None:
            mesh.visual.material = PBRMaterial(name=part.name, baseColorTexture=part.texture,
                                               metallicFactor=0.0, roughnessFactor=0.8)
        else:
            mesh.visual = trimesh.visual.TextureVisuals(material=_material(part.name, part.colour,
                                                                           part.kind == "glass"))
        scene.add_geometry(mesh, node_name=part.name, geom_name=part.name, transform=Y_UP)
    return scene


def export_glb(layout: Layout, model_for: ModelSource | None = None, photo_for: PhotoSource | None = None,
               wall_height: float | None = None) -> bytes:
    scene = hall_scene(layout, model_for, photo_for, wall_height)
    scene.metadata["name"] = layout.id
    return scene.export(file_type="glb")
