from __future__ import annotations

import io

import pytest
from PIL import Image

from assets.images.exceptions import UnsupportedImageType
from assets.images.sniff import sniff_bytes, sniff_file


def _encoded(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 20, 30)).save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("pil_format,expected", [("JPEG", "jpeg"), ("PNG", "png"), ("TIFF", "tiff"),
                                                 ("WEBP", "webp")])
def test_accepted_formats_are_recognised_by_content(pil_format, expected):
    assert sniff_bytes(_encoded(pil_format)[:32]) == expected


def test_the_extension_is_not_trusted(tmp_path):
    disguised = tmp_path / "2002.0031-1.jpg"
    disguised.write_bytes(_encoded("PNG"))
    assert sniff_file(disguised) == "png"


@pytest.mark.parametrize("content,named", [(b"GIF89a" + b"\0" * 20, "GIF"), (b"%PDF-1.7\n", "PDF"),
                                           (b"", "empty"), (b"<html>hello</html>", "unrecognised")])
def test_other_content_is_refused_and_named(tmp_path, content, named):
    path = tmp_path / "upload.tif"
    path.write_bytes(content)
    with pytest.raises(UnsupportedImageType) as caught:
        sniff_file(path)
    assert named in str(caught.value) and "upload.tif" in str(caught.value)
