"""The media interface: one Limits shape, the registry, sniffing by content, one sha256 helper."""

from __future__ import annotations

import hashlib
import io
import os

import numpy as np
import pytest
import soundfile
import trimesh
from PIL import Image

from assets import kinds
from assets.audio.exceptions import LimitExceeded as AudioTooLarge
from assets.images.exceptions import FileTooLarge
from assets.media import KINDS, Limits, kind_named, kind_of, register, sha256_of
from assets.models.exceptions import LimitExceeded as ModelTooLarge


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    folder = tmp_path_factory.mktemp("samples")
    Image.new("RGB", (8, 6), (200, 10, 10)).save(folder / "picture.bin", format="PNG")
    (folder / "mesh.bin").write_bytes(trimesh.creation.box().export(file_type="stl"))
    buffer = io.BytesIO()
    soundfile.write(buffer, np.zeros(16_000, np.float32), 16_000, format="WAV")
    (folder / "sound.bin").write_bytes(buffer.getvalue())
    (folder / "note.bin").write_bytes(b"a plain note, nobody's media\n")
    return folder


def test_the_shipped_kinds_are_registered_by_name_and_by_folder():
    assert {"image", "model3d", "audio"} <= set(KINDS)
    assert kind_named("models") is kind_named("model3d") is kinds.MODEL3D
    assert kind_named("images") is kinds.IMAGE and kind_named("audio") is kinds.AUDIO
    with pytest.raises(KeyError, match="no media kind 'video'"):
        kind_named("video")
    with pytest.raises(ValueError, match="already"):
        register(type(kinds.IMAGE)())


@pytest.mark.parametrize(("name", "kind"), [("picture.bin", "image"), ("mesh.bin", "model3d"),
                                            ("sound.bin", "audio"), ("note.bin", None)])
def test_files_are_claimed_by_content_not_by_name(samples, name, kind):
    found = kind_of(samples / name)
    assert (found.name if found else None) == kind


@pytest.mark.parametrize(("name", "refusal"), [("picture.bin", FileTooLarge), ("mesh.bin", ModelTooLarge),
                                               ("sound.bin", AudioTooLarge)])
def test_every_kind_checks_its_byte_limit_before_decoding(samples, name, refusal):
    kind = kind_of(samples / name)
    source = kind.check(samples / name)
    assert source.bytes == (samples / name).stat().st_size and source.name == name
    with pytest.raises(refusal, match=name):
        kind.check(samples / name, kind.limits.replace(max_bytes=10))


def test_limits_are_one_shape_with_each_kinds_values():
    limits = Limits(max_bytes=100, max_pages=3)
    assert limits.max_pages == 3 and limits.replace(max_pages=4).max_pages == 4 and limits.max_pages == 3
    assert limits == Limits(max_bytes=100, max_pages=3)
    assert limits.as_dict() == {"max_bytes": 100, "max_pages": 3}
    with pytest.raises(TypeError, match="no limit max_faces"):
        limits.replace(max_faces=1)
    with pytest.raises(AttributeError, match="no limit 'max_faces'"):
        _ = limits.max_faces
    with pytest.raises(AttributeError, match="read-only"):
        limits.max_pages = 5
    with pytest.raises(TypeError, match="max_bytes"):
        Limits(max_pages=3)
    assert kinds.IMAGE.limits.max_pixels and kinds.MODEL3D.limits.max_faces and kinds.AUDIO.limits.max_seconds


def test_sha256_of_follows_the_file(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"first")
    assert sha256_of(path) == hashlib.sha256(b"first").hexdigest()
    path.write_bytes(b"second, longer")
    os.utime(path, ns=(1, 1))
    assert sha256_of(path) == hashlib.sha256(b"second, longer").hexdigest()
