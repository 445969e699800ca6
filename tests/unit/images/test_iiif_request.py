from __future__ import annotations

import pytest

from assets.images.exceptions import IIIFBadRequest, IIIFNotImplemented
from assets.images.iiif_request import ImageRequest, MaxSize


def plan(region="full", size="max", rotation="0", qf="default.jpg", width=1000, height=800, limits=MaxSize()):
    return ImageRequest.parse(region, size, rotation, qf).resolve(width, height, limits)


@pytest.mark.parametrize("region,box", [
    ("full", (0, 0, 1000, 800)),
    ("square", (100, 0, 800, 800)),
    ("10,20,30,40", (10, 20, 30, 40)),
    ("900,700,500,500", (900, 700, 100, 100)),  # clipped at the image edge
    ("pct:10,10,50,50", (100, 80, 500, 400)),
    ("pct:0.5,0,99.5,100", (5, 0, 995, 800)),
])
def test_regions(region, box):
    p = plan(region=region)
    assert (p.x, p.y, p.w, p.h) == box


@pytest.mark.parametrize("region", ["1000,0,10,10", "0,800,5,5", "0,0,0,10", "pct:0,0,0,10", "-1,0,5,5",
                                    "1,2,3", "pct:1,2,3", "squares", "0,0,1.5,3", "pct:a,b,c,d", ""])
def test_bad_regions_are_400(region):
    with pytest.raises(IIIFBadRequest):
        plan(region=region)


@pytest.mark.parametrize("size,out", [
    ("max", (1000, 800)),
    ("500,", (500, 400)),
    (",400", (500, 400)),
    ("pct:50", (500, 400)),
    ("200,300", (200, 300)),  # distortion is allowed
    ("!500,500", (500, 400)),
    ("^1500,", (1500, 1200)),
    ("^pct:200", (2000, 1600)),
    ("^!3000,1600", (2000, 1600)),
    ("^max", (1000, 800)),  # no declared limits: max is the region size
])
def test_sizes(size, out):
    p = plan(size=size)
    assert (p.width, p.height) == out


@pytest.mark.parametrize("size", ["1001,", ",801", "pct:101", "!2000,3000", "1001,800", "full", "0,",
                                  "pct:0", "!100,", "abc", ",", "^", "^0,10"])
def test_bad_or_upscaling_sizes_are_400(size):
    with pytest.raises(IIIFBadRequest):
        plan(size=size)


def test_declared_limits_bound_max_and_upscaling():
    limits = MaxSize(max_area=250_000)
    assert (lambda p: (p.width, p.height))(plan(size="max", limits=limits)) == (559, 447)
    p = plan(region="0,0,100,100", size="^max", limits=limits)
    assert (p.width, p.height) == (500, 500)
    with pytest.raises(IIIFBadRequest):
        plan(size="600,", limits=limits)
    with pytest.raises(IIIFBadRequest):
        plan(size="^20000,", limits=MaxSize(output_area=10_000_000))


@pytest.mark.parametrize("rotation,mirror,degrees", [("0", False, 0), ("!0", True, 0), ("90", False, 90),
                                                     ("!180", True, 180), ("22.5", False, 22.5),
                                                     ("360", False, 0)])
def test_rotations(rotation, mirror, degrees):
    p = plan(rotation=rotation)
    assert (p.mirror, p.rotation) == (mirror, degrees)


@pytest.mark.parametrize("rotation", ["-90", "361", "!", "90deg", "1e2", ""])
def test_bad_rotations_are_400(rotation):
    with pytest.raises(IIIFBadRequest):
        ImageRequest.parse("full", "max", rotation, "default.jpg")


@pytest.mark.parametrize("qf", ["grey.jpg", "default", ".jpg", "default.", "colour.png", "default.bmpx"])
def test_bad_quality_or_format_is_400(qf):
    with pytest.raises(IIIFBadRequest):
        ImageRequest.parse("full", "max", "0", qf)


@pytest.mark.parametrize("fmt", ["gif", "jp2", "pdf"])
def test_known_but_unproduced_formats_are_501(fmt):
    with pytest.raises(IIIFNotImplemented):
        ImageRequest.parse("full", "max", "0", f"default.{fmt}")


def test_canonical_form_names_pixels():
    assert plan(region="pct:10,10,50,50", size="!250,250", rotation="!90", qf="gray.png").canonical == \
        "100,80,500,400/250,200/!90/gray.png"


@pytest.mark.parametrize("region,size,rotation,quality", [
    ("full", "max", "0", "default"),
    ("0,0,1000,800", "max", "360", "color"),
    ("pct:0,0,100,100", "1000,800", "0", "default"),
    ("full", "pct:100", "360", "default"),
    ("full", "!1000,1000", "0.0", "color"),
    ("full", "^max", "0", "default"),  # no declared limits: ^max is the region's own size
    ("0,0,5000,5000", "1000,", "0", "default"),  # clipped to the whole image
    ("full", ",800", "000", "default"),
])
def test_every_spelling_of_the_same_request_has_one_canonical_form(region, size, rotation, quality):
    assert plan(region=region, size=size, rotation=rotation, qf=f"{quality}.jpg").canonical == \
        "full/max/0/default.jpg"


def test_canonical_form_keeps_what_differs():
    assert plan(rotation="45.0").canonical == plan(rotation="45").canonical == "full/max/45/default.jpg"
    assert plan(rotation="!0").canonical == "full/max/!0/default.jpg"
    assert plan(rotation="22.50").canonical == "full/max/22.5/default.jpg"
    assert plan(size="^1500,").canonical == "full/^1500,1200/0/default.jpg"
    assert plan(size="999,").canonical == "full/999,799/0/default.jpg"
    assert plan(qf="gray.png").canonical == "full/max/0/gray.png"
    limited = MaxSize(max_area=250_000)  # max is then the declared maximum, not the region's size
    assert plan(size="559,447", limits=limited).canonical == plan(size="max", limits=limited).canonical
