"""One entry for every render and one reading of its options (exhibits/layouts/render.py), as the CLI and
the API use them."""

from __future__ import annotations

import pytest

from exhibits.layouts import plan
from exhibits.layouts.exceptions import RenderError
from exhibits.layouts.preview import Camera
from exhibits.layouts.render import (
    DEFAULT_SIZE,
    KINDS,
    RenderOptions,
    Sources,
    parse_camera,
    parse_size,
    render,
)

MAGIC = {"plan.svg": b"<svg", "plan.png": b"\x89PNG", "view.png": b"\x89PNG", "hall.glb": b"glTF"}


@pytest.mark.parametrize("text, largest, size", [("64x48", None, (64, 48)), ("16x99999", None, (16, 99999)),
                                                  ("4000x600", (1920, 1080), (1920, 600))])
def test_sizes_are_read_and_capped_on_request(text, largest, size):
    assert parse_size(text, largest) == size


@pytest.mark.parametrize("text", ["15x48", "64x", "64X48", "100000x64", "-64x48", "64x48 ", "64*48"])
def test_bad_sizes_are_refused(text):
    with pytest.raises(RenderError, match=r"expected WIDTHxHEIGHT"):
        parse_size(text)


def test_cameras_are_read_as_four_numbers():
    assert parse_camera("2,-2.5,1.6,45") == Camera(2.0, -2.5, 1.6, 45.0)


@pytest.mark.parametrize("text", ["1,2", "1e3,0,0,0", "nan,1,2,3", " 1,2,3,4", "1,2,3,4,5"])
def test_bad_cameras_are_refused(text):
    with pytest.raises(RenderError, match=r"expected x,y,z,yaw \(4 numbers\)"):
        parse_camera(text)


def test_options_default_to_the_first_door_and_1280x720():
    assert RenderOptions.parse() == RenderOptions(lang="zh", camera=None, size=DEFAULT_SIZE, problems=True)
    assert RenderOptions.parse(camera="1,2,1.6,90", size="3000x3000", largest=(1920, 1080), lang="en") == \
        RenderOptions(lang="en", camera=Camera(1.0, 2.0, 1.6, 90.0), size=(1920, 1080))


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_renders_and_only_3d_kinds_ask_for_models(sample, kind):
    asked = []
    sources = Sources(model_for=lambda accession: asked.append(accession), photo_for=lambda accession: None)
    data = render(sample, kind, RenderOptions(size=(64, 48)), sources)
    assert data.startswith(MAGIC[kind])
    placed = {p.object.accession_number for p in sample.placements}
    assert (set(asked) == placed) if kind in ("view.png", "hall.glb") else asked == []


def test_plans_mark_problems_unless_asked_not_to(faulty):
    marked = render(faulty, "plan.svg").decode("utf-8")
    clean = render(faulty, "plan.svg", RenderOptions(problems=False)).decode("utf-8")
    assert f'stroke="{plan.PROBLEM}"' in marked and f'stroke="{plan.PROBLEM}"' not in clean


def test_unknown_kinds_are_refused_with_the_known_ones(sample):
    with pytest.raises(RenderError, match="plan.svg, plan.png, view.png, hall.glb"):
        render(sample, "view.jpg")
