from __future__ import annotations

import io

import pytest
from PIL import Image

from assets.images.iiif_request import ImageRequest
from assets.images.render import PyramidCache
from tests.unit.images.grid import close, dominant_colour, validator_colours

COLOURS = validator_colours()


def render(pyramid, region="full", size="max", rotation="0", qf="default.png") -> Image.Image:
    plan = ImageRequest.parse(region, size, rotation, qf).resolve(pyramid.width, pyramid.height)
    return Image.open(io.BytesIO(pyramid.render(plan)))


def square(image, x, y, side=100):
    margin = side // 5
    return dominant_colour(image.crop((x * side + margin, y * side + margin, (x + 1) * side - margin,
                                       (y + 1) * side - margin)))


def test_pyramid_levels(grid_pyramid):
    assert grid_pyramid.sizes[0] == (1000, 1000) and len(grid_pyramid.sizes) >= 3
    assert grid_pyramid.scale_factors[:3] == [1, 2, 4]


@pytest.mark.parametrize("x,y", [(0, 0), (3, 7), (9, 2)])
def test_pixel_and_percent_regions_cut_the_right_square(grid_pyramid, x, y):
    assert close(dominant_colour(render(grid_pyramid, f"{x * 100 + 10},{y * 100 + 10},80,80")), COLOURS[x][y])
    assert close(dominant_colour(render(grid_pyramid, f"pct:{x * 10 + 1},{y * 10 + 1},8,8")), COLOURS[x][y])


def test_size_scales_and_keeps_the_picture(grid_pyramid):
    image = render(grid_pyramid, size="!300,500")
    assert image.size == (300, 300)
    assert close(square(image, 6, 2, side=30), COLOURS[6][2], 10)


@pytest.mark.parametrize("rotation,corner_from", [("90", (0, 9)), ("180", (9, 9)), ("270", (9, 0)),
                                                  ("!0", (9, 0)), ("!180", (0, 9))])
def test_rotation_and_mirroring_move_the_corners(grid_pyramid, rotation, corner_from):
    image = render(grid_pyramid, size="pct:50", rotation=rotation)
    assert image.size == (500, 500)
    assert close(square(image, 0, 0, side=50), COLOURS[corner_from[0]][corner_from[1]])


def test_arbitrary_rotation_grows_the_canvas_and_is_transparent_in_png(grid_pyramid):
    image = render(grid_pyramid, size="100,", rotation="45")
    assert 140 <= image.width <= 143 and image.mode in ("RGBA", "LA")
    assert image.getpixel((0, 0))[-1] == 0


def test_gray_and_bitonal(grid_pyramid):
    gray = render(grid_pyramid, size="200,", qf="gray.png")
    assert gray.mode == "L"
    bitonal = render(grid_pyramid, size="200,", qf="bitonal.png")
    assert {value for _count, value in bitonal.convert("L").getcolors()} <= {0, 255}
    assert len(bitonal.convert("L").getcolors()) == 2
    bitonal_jpg = render(grid_pyramid, size="200,", qf="bitonal.jpg")
    assert bitonal_jpg.format == "JPEG"


@pytest.mark.parametrize("fmt,pil", [("jpg", "JPEG"), ("png", "PNG"), ("webp", "WEBP"), ("tif", "TIFF")])
def test_formats(grid_pyramid, fmt, pil):
    assert render(grid_pyramid, size="64,", qf=f"color.{fmt}").format == pil


def test_small_outputs_are_cut_from_a_smaller_level(grid_pyramid):
    plan = ImageRequest.parse("full", "200,", "0", "default.jpg").resolve(1000, 1000)
    assert grid_pyramid._level_for(plan).width == 250
    plan = ImageRequest.parse("0,0,512,512", "512,", "0", "default.jpg").resolve(1000, 1000)
    assert grid_pyramid._level_for(plan).width == 1000


def test_cache_reuses_and_reopens_changed_files(grid_pyramid, tmp_path):
    cache = PyramidCache(capacity=1)
    first = cache.get(grid_pyramid.path)
    assert cache.get(grid_pyramid.path) is first
    copy = tmp_path / "copy.tif"
    copy.write_bytes(grid_pyramid.path.read_bytes())
    assert cache.get(copy) is not first and cache.get(grid_pyramid.path) is not first  # capacity 1


def test_rendered_cache_keeps_recent_outputs_within_its_budget():
    from assets.images.render import RenderedCache

    cache = RenderedCache(max_bytes=800)
    for index in range(10):
        cache.put(("tile", index), bytes(100))
    assert cache.size <= 800 and cache.get(("tile", 0)) is None and cache.get(("tile", 9)) == bytes(100)
    cache.get(("tile", 2))  # recently used: survives the next insertions
    cache.put(("tile", 10), bytes(100))
    cache.put(("tile", 11), bytes(100))
    assert cache.get(("tile", 2)) is not None and cache.get(("tile", 3)) is None
    cache.put(("huge",), bytes(500))  # more than an eighth of the budget: never cached
    assert cache.get(("huge",)) is None
