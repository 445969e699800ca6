from __future__ import annotations

import pytest
import pyvips
from PIL import Image

from assets.images.exceptions import CorruptImage, FileTooLarge, TooManyPixels, UnsupportedImageType
from assets.images.ingest import LIMITS, inspect
from assets.images.kind import IMAGE
from assets.storage import LocalStorage
from tests.unit.images.grid import close, make_png_bomb

RED, BLUE = (220, 30, 30), (30, 30, 220)


class Pyramid:
    """What the image kind wrote for one page: its metadata and the pyramid file."""

    def __init__(self, storage: LocalStorage, ingested):
        derivative = ingested.derivative("pyramid")
        self.width, self.height = derivative.metadata["width"], derivative.metadata["height"]
        self.path = storage.local_path(derivative.key)


def ingest(source, folder):
    """Every page of ``source`` through the image kind, into a storage in ``folder``: (source, pyramids)."""
    storage = LocalStorage(folder)
    checked = IMAGE.check(source)
    pyramids = [Pyramid(storage, IMAGE.ingest(source, storage, f"page-{page + 1}", page=page))
                for page in range(checked.metadata["pages"])]
    return checked, pyramids


def _half_red_half_blue(width=60, height=40) -> Image.Image:
    image = Image.new("RGB", (width, height), BLUE)
    image.paste(RED, (0, 0, width // 2, height))  # left half red
    return image


def _pixel(path, x, y, page=0):
    image = pyvips.Image.new_from_file(str(path), page=page)
    return tuple(int(v) for v in image(x, y))


def test_exif_orientation_is_honoured(tmp_path):
    source = tmp_path / "rotated.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: display rotated 90° clockwise
    _half_red_half_blue().save(source, exif=exif, quality=95)
    info, [derivative] = ingest(source, tmp_path / "out")
    assert info.metadata["orientation"] == 6
    assert (derivative.width, derivative.height) == (40, 60)
    assert close(_pixel(derivative.path, 20, 5), RED, 30)  # the left half is now on top
    assert close(_pixel(derivative.path, 20, 55), BLUE, 30)


def test_gps_and_all_other_metadata_are_stripped_from_the_derivative(tmp_path):
    source = tmp_path / "gps.jpg"
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (29.0, 33.0, 50.0), 3: "E", 4: (106.0, 32.0, 40.0)})
    _half_red_half_blue().save(source, exif=exif)
    assert Image.open(source).getexif().get_ifd(0x8825)  # the source does carry GPS
    _info, [derivative] = ingest(source, tmp_path / "out")
    fields = pyvips.Image.new_from_file(str(derivative.path)).get_fields()
    assert not [name for name in fields if name.startswith("exif") or "gps" in name.lower()]
    assert b"CameraMaker" not in derivative.path.read_bytes()


def test_sixteen_bit_tiff_becomes_eight_bit_srgb(tmp_path):
    source = tmp_path / "sixteen.tif"
    orange = pyvips.Image.black(32, 16, bands=3) + [65535, 32768, 0]
    image = orange.cast("ushort").copy(interpretation="rgb16")
    image.tiffsave(str(source))
    info, [derivative] = ingest(source, tmp_path / "out")
    assert info.metadata["bits_per_sample"] == 16
    pyramid = pyvips.Image.new_from_file(str(derivative.path))
    assert pyramid.format == "uchar" and pyramid.bands == 3
    assert close(_pixel(derivative.path, 10, 8), (255, 128, 0), 6)


def test_every_page_of_a_multi_page_tiff_gets_its_own_pyramid(tmp_path):
    source = tmp_path / "pages.tif"
    Image.new("RGB", (50, 30), RED).save(source, save_all=True,
                                         append_images=[Image.new("RGB", (20, 70), BLUE)])
    info, derivatives = ingest(source, tmp_path / "out")
    assert info.metadata["pages"] == 2
    assert [(d.width, d.height) for d in derivatives] == [(50, 30), (20, 70)]
    assert close(_pixel(derivatives[1].path, 5, 5), BLUE, 12)


def test_webp_and_transparent_png_are_accepted(tmp_path):
    webp = tmp_path / "a.webp"
    _half_red_half_blue().save(webp, lossless=True)
    _info, [derivative] = ingest(webp, tmp_path / "webp")
    assert close(_pixel(derivative.path, 5, 5), RED, 12)
    png = tmp_path / "alpha.png"
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(png)
    _info, [derivative] = ingest(png, tmp_path / "png")
    assert close(_pixel(derivative.path, 5, 5), (255, 255, 255), 4)  # flattened on white


def test_truncated_file_is_refused_and_leaves_nothing_behind(tmp_path):
    whole = tmp_path / "whole.jpg"
    Image.effect_noise((400, 300), 60).convert("RGB").save(whole, quality=90)
    truncated = tmp_path / "truncated.jpg"
    truncated.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(CorruptImage, match="truncated.jpg"):
        ingest(truncated, tmp_path / "out")
    assert not [path for path in (tmp_path / "out").rglob("*") if path.is_file()]


def test_decompression_bomb_is_refused_from_its_header(tmp_path):
    bomb = make_png_bomb(tmp_path / "bomb.png")
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(TooManyPixels, match="100,000 × 100,000"):
        inspect(bomb, LIMITS.replace(max_pixels=400_000_000))


def test_pixel_and_byte_limits_are_configurable(tmp_path):
    source = tmp_path / "small.png"
    _half_red_half_blue().save(source)
    with pytest.raises(TooManyPixels):
        inspect(source, LIMITS.replace(max_pixels=60 * 40 - 1))
    with pytest.raises(FileTooLarge, match="small.png"):
        inspect(source, LIMITS.replace(max_bytes=10))
    assert inspect(source, LIMITS.replace(max_pixels=60 * 40)).width == 60


def test_content_not_extension_decides(tmp_path):
    fake = tmp_path / "not-an-image.tif"
    fake.write_text("id,title\n1,bronze\n")
    with pytest.raises(UnsupportedImageType):
        ingest(fake, tmp_path / "out")
