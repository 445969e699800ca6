"""The cost model of IIIF image requests (assets/images/cost.py): pure arithmetic, no image is decoded."""

from __future__ import annotations

import pytest
import pyvips

from assets.images.cost import ENCODE_SECONDS, Budget, assess, canvas_size, estimate, pyramid_sizes
from assets.images.exceptions import IIIFBadRequest, IIIFOverLimit
from assets.images.iiif_request import ImageRequest, MaxSize
from assets.images.ingest import build_pyramid, inspect
from assets.images.render import Pyramid

WIDTH, HEIGHT = 20_000, 15_000  # the master of the reproductions
MAX_AREA = 16_000_000
BUDGET = Budget()


def cost_of(path: str, width: int = WIDTH, height: int = HEIGHT, budget: Budget = BUDGET):
    request = ImageRequest.parse(*path.split("/"))
    limits = MaxSize(max_area=MAX_AREA if width * height > MAX_AREA else None, output_area=MAX_AREA)
    plan = request.resolve(width, height, limits)
    return assess(request, plan, pyramid_sizes(width, height), budget)


@pytest.mark.parametrize("path,parameter,words", [
    # the four requests of issue 13, item 2
    ("full/^4500,/45/default.webp", "rotation", ["rotation '45'", "4,000,000"]),
    ("full/^4400,/33/default.webp", "rotation", ["rotation '33'", "4,000,000"]),
    ("full/max/46/default.webp", "rotation", ["rotation '46'", "4,000,000"]),
    ("full/^4500,/45/default.tif", "rotation", ["rotation '45'", "4,000,000"]),
    # the same canvas without rotation: the expensive encoders are refused, jpg is not
    ("full/max/0/default.webp", "format", ["format 'webp'", "1.5 s"]),
    ("full/max/0/default.tif", "format", ["format 'tif'", "1.5 s"]),
    ("full/max/90/default.png", "format", ["format 'png'", "1.5 s"]),
    # a tiny output that decodes the whole master, a tiny region blown up past the canvas limit
    ("full/20000,1/0/default.jpg", "region", ["region 'full'", "300,000,000", "60,000,000"]),
    ("0,0,2,2/^5000,5000/0/default.jpg", "size", ["size '^5000,5000'", "25,000,000", "16,000,000"]),
])
def test_hostile_requests_are_refused_naming_the_parameter_and_the_limit(path, parameter, words):
    with pytest.raises(IIIFOverLimit) as refused:
        cost_of(path)
    assert refused.value.parameter == parameter and refused.value.status == 400
    assert isinstance(refused.value, IIIFBadRequest)
    for word in words:
        assert word in refused.value.message


@pytest.mark.parametrize("path", [
    "8192,4096,2048,2048/512,/0/default.jpg",  # a viewer's tile
    "full/1000,/0/default.jpg",  # a thumbnail
    "full/max/0/default.jpg",  # the declared maximum, upright or turned by 90°
    "full/max/90/default.jpg",
    "full/max/270/default.jpg",
    "full/2000,/0/default.png",
    "full/1000,/45/default.png",  # arbitrary rotation at a useful size
    "full/!1400,1400/33/default.webp",
    "0,0,2,2/^max/0/default.jpg",  # upscaling up to the declared maxArea
])
def test_ordinary_requests_are_within_budget(path):
    cost = cost_of(path)
    assert cost.seconds <= BUDGET.max_seconds and cost.memory_bytes <= BUDGET.max_memory_bytes


def test_cost_counts_the_rotated_canvas_the_level_and_the_encoder():
    upright, turned = cost_of("full/1200,/0/default.jpg"), cost_of("full/1200,/45/default.jpg")
    assert (upright.canvas_width, upright.canvas_height) == (1200, 900)
    assert (turned.canvas_width, turned.canvas_height) == (1485, 1485)  # (1200 + 900) / √2
    assert turned.seconds > upright.seconds and turned.memory_bytes > upright.memory_bytes
    assert upright.level == 4 and upright.decoded_pixels == 1250 * 937  # the whole 1,250 × 937 level
    region = cost_of("0,0,5000,5000/1200,/0/default.jpg")  # level 2 (1,250 × 1,250), in whole 256 px tiles
    assert region.level == 2 and region.decoded_pixels == 1280 * 1280
    for fmt in ("png", "webp", "tif"):  # the encoder's cost per pixel, on the same canvas
        extra = cost_of(f"full/1200,/0/default.{fmt}").seconds - upright.seconds
        assert extra == pytest.approx(1200 * 900 * (ENCODE_SECONDS[fmt] - ENCODE_SECONDS["jpg"]) / 1e6)
        assert ENCODE_SECONDS[fmt] > 4 * ENCODE_SECONDS["jpg"]


def test_each_limit_is_configurable_and_zero_turns_it_off():
    tight = Budget(max_canvas_pixels=10_000, max_rotated_pixels=0, max_decoded_pixels=0, max_seconds=0,
                   max_memory_bytes=0)
    with pytest.raises(IIIFOverLimit, match="size '200,'.*10,000 px"):
        cost_of("full/200,/0/default.jpg", 1000, 1000, tight)
    cost_of("full/70,/45/default.webp", 1000, 1000, tight)  # 99 × 99: under the canvas limit
    off = Budget(0, 0, 0, 0, 0)
    assert cost_of("full/max/46/default.webp", budget=off).canvas_pixels > 30_000_000


@pytest.mark.parametrize("degrees,expected", [(0, (400, 300)), (90, (300, 400)), (180, (400, 300)),
                                              (270, (300, 400)), (45, (495, 495)), (30, (497, 460))])
def test_canvas_size(degrees, expected):
    assert canvas_size(400, 300, degrees) == expected


@pytest.mark.parametrize("size", [(1001, 777), (3000, 257), (257, 5000), (2048, 1536)])
def test_pyramid_sizes_are_those_ingest_writes(tmp_path, size):
    source = tmp_path / "source.png"
    pyvips.Image.black(*size).pngsave(str(source))
    derivative = build_pyramid(inspect(source), tmp_path / "pyramid.tif")
    assert pyramid_sizes(*size) == Pyramid(derivative.path).sizes


def test_estimate_agrees_with_the_level_render_cuts_from(grid_pyramid):
    for size in ("max", "500,", "249,", "100,", "1,"):
        plan = ImageRequest.parse("full", size, "0", "default.jpg").resolve(1000, 1000)
        level = estimate(plan, grid_pyramid.sizes).level
        assert grid_pyramid._level_for(plan).width == grid_pyramid.sizes[level][0]
