"""Plan (SVG, PNG), hall GLB (Khronos validator) and the CPU preview, with fake model and photo sources."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import trimesh
from PIL import Image

from assets.models.validator import validate_glb_files
from exhibits.layouts import glb, plan, preview
from exhibits.layouts.checker import check_layout
from exhibits.layouts.exceptions import RenderError
from exhibits.layouts.preview import Camera

SVG = "{http://www.w3.org/2000/svg}"
MAGENTA, CYAN = (255, 0, 255), (0, 255, 255)


def test_svg_plan_labels_cases_and_keys_every_object(sample):
    root = ET.fromstring(plan.render_svg(sample))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for case in sample.cases:
        assert any(t.startswith(case.id) for t in texts), case.id
    legend = [t for t in texts if t and t.split(".")[0].isdigit() and ". " in t]
    assert len(legend) == len(sample.placements)
    assert any("战国铜虎钮錞于" in t for t in legend)
    ids = {e.get("data-id") for e in root.iter() if e.get("data-id")}
    assert {p.id for p in sample.placements} <= ids


def test_svg_plan_marks_problem_subjects_in_red(faulty):
    root = ET.fromstring(plan.render_svg(faulty, check_layout(faulty)))
    red = {e.get("data-id") for e in root.iter(f"{SVG}polygon") if e.get("stroke") == plan.PROBLEM}
    assert {"sticks-out", "overlap-a", "too-wide", "weak", "blocks-door"} <= red
    clean = ET.fromstring(plan.render_svg(faulty))
    assert not [e for e in clean.iter(f"{SVG}polygon") if e.get("stroke") == plan.PROBLEM]


def test_png_plan_is_an_image_with_the_hall_drawn(sample):
    data = plan.render_png(sample, scale=20)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    assert image.shape[1] > image.shape[0] > 300
    drawn = (image.sum(axis=2) < 3 * 250).mean()
    dark = (image.sum(axis=2) < 150).mean()
    assert 0.2 < drawn < 0.9 and 0.0003 < dark < 0.1  # floor, outline and text: not empty, not black


def test_a_hall_a_kilometre_across_is_drawn_within_the_pixel_budget(sample_document):
    """The document allows halls up to a kilometre across: their plan is drawn at a smaller scale, never
    refused (at 40 px a metre it would be 1.7 gigapixels)."""
    import copy

    from exhibits.layouts.model import parse_layout

    document = copy.deepcopy(sample_document)
    document["hall"]["floor"] = [[-200.0, -200.0], [1000.0, -200.0], [1000.0, 900.0], [-200.0, 900.0]]
    image = Image.open(io.BytesIO(plan.render_png(parse_layout(document))))
    width, height = image.size
    assert width * height <= plan.MAX_PLAN_PIXELS and width * height > 0.9 * plan.MAX_PLAN_PIXELS
    assert abs(width / height - 1200 / 1100) < 0.02

@pytest.fixture(scope="session")
def sample_glb(sample_document):
    from exhibits.layouts.model import parse_layout
    return glb.export_glb(parse_layout(sample_document), model_for=_fake_model, photo_for=_fake_photo)


def _fake_model(accession: str):
    if accession != "1989.0107":
        return None
    mesh = trimesh.creation.cone(radius=0.18, height=0.68, sections=32)  # z-up; turn into glTF y-up
    mesh.apply_transform(trimesh.transformations.rotation_matrix(-np.pi / 2, [1, 0, 0]))
    mesh.visual = trimesh.visual.ColorVisuals(mesh, face_colors=[*MAGENTA, 255])
    return mesh


def _fake_photo(accession: str):
    return Image.new("RGB", (64, 64), CYAN) if accession == "2002.0031" else None


def test_hall_glb_passes_the_khronos_validator(sample_glb, tmp_path):
    path = tmp_path / "hall.glb"
    path.write_bytes(sample_glb)
    [report] = validate_glb_files([path])
    assert report["errors"] == 0, report["messages"][:5]


def test_hall_glb_holds_every_case_and_object_in_y_up_axes(sample_glb, sample):
    scene = trimesh.load(io.BytesIO(sample_glb), file_type="glb")
    names = set(scene.graph.nodes_geometry)
    for case in sample.cases:
        assert f"{case.id}-base" in names
    assert "p33-model-0" in names  # the chunyu's model, not a box
    low, high = scene.bounds
    assert high[1] == pytest.approx(sample.ceiling_height, abs=0.01)  # y is up
    assert high[0] - low[0] == pytest.approx(42 + 2 * 0.25, abs=0.01)


@pytest.fixture(scope="session")
def chunyu_view(sample_document):
    from exhibits.layouts.model import parse_layout
    layout = parse_layout(sample_document)
    camera = Camera(12.0, 7.0, 1.5, 90.0)  # between the chunyu (left) and the bird zun (right), facing north
    return preview.render_preview(layout, camera, size=(320, 200), model_for=_fake_model,
                                  photo_for=_fake_photo, supersample=1)


def _share(image: np.ndarray, colour, tolerance=60) -> float:
    return (np.abs(image.astype(int) - colour).sum(axis=2) < tolerance).mean()


def test_preview_shows_the_model_and_the_photo_box(chunyu_view):
    image = np.asarray(Image.open(io.BytesIO(chunyu_view)).convert("RGB"))
    assert image.shape == (200, 320, 3)
    shaded_magenta = (image[..., 0] > 120) & (image[..., 2] > 120) & (image[..., 1] < 60)
    assert shaded_magenta.mean() > 0.002
    shaded_cyan = (image[..., 1] > 120) & (image[..., 2] > 120) & (image[..., 0] < 90)
    assert shaded_cyan.mean() > 0.0005


def test_preview_facing_a_wall_sees_no_objects(sample):
    data = preview.render_preview(sample, Camera(41.0, 20.0, 1.6, 0.0), size=(160, 90), supersample=1)
    image = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    assert image.std(axis=(0, 1)).max() < 40  # wall, floor and ceiling only


@pytest.mark.parametrize("text", ["1,2,3", "a,b,c,d", "1,2,3,nan"])
def test_bad_camera_is_refused(text):
    with pytest.raises(RenderError):
        Camera.parse(text)


def test_batched_small_triangles_draw_what_the_per_triangle_path_draws(monkeypatch):
    from exhibits.layouts.scene import Part

    part = Part("sphere", trimesh.creation.icosphere(subdivisions=4, radius=0.5), (200, 60, 200, 255))

    def draw():
        rasteriser = preview.Rasteriser(200, 150, Camera(0.0, -3.0, 0.0, 90.0, 0.0, 40.0))
        rasteriser.draw(part)
        return rasteriser.inverse_depth.copy(), rasteriser.colour.copy()

    depth_batched, colour_batched = draw()
    monkeypatch.setattr(preview, "BATCH_SPAN", 0)  # every triangle through the per-triangle rasteriser
    depth_single, colour_single = draw()
    covered = depth_batched > 0
    assert covered.sum() > 3000
    assert (covered != (depth_single > 0)).mean() < 0.003
    both = covered & (depth_single > 0)
    assert np.abs(depth_batched[both] - depth_single[both]).max() < 1e-3
    assert np.abs(colour_batched[both] - colour_single[both]).mean() < 3
