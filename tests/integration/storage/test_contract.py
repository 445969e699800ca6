"""The MediaStorage contract, run against every storage (the local folder and an S3 bucket on SeaweedFS): what
the media kinds and the web shell rely on, whatever holds the bytes. Folder-only details are in
tests/unit/media/test_storage.py, S3-only ones in test_s3.py."""

from __future__ import annotations

import io
import time

import pytest

from assets.storage import MediaStorage, Writes

DATA = bytes(range(256)) * 1200  # 300 KiB: several of the S3 reader's 64 KiB windows


def _file(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_it_is_a_media_storage_that_stores_sizes_and_times(storage, tmp_path):
    assert isinstance(storage, MediaStorage) and isinstance(Writes(storage), MediaStorage)
    before = time.time()
    assert storage.put("audio/t-1/track.opus", _file(tmp_path, "a", b"0123456789")) == 10
    assert storage.exists("audio/t-1/track.opus") and not storage.exists("audio/t-1/track.mp3")
    found = storage.stat("audio/t-1/track.opus")
    assert found.bytes == 10 and before - 2 <= found.modified <= time.time() + 2  # S3 keeps whole seconds
    assert storage.stat("audio/t-1/nothing") is None and storage.stat("nothing/at/all") is None
    with storage.open("audio/t-1/track.opus") as stream:
        assert stream.read() == b"0123456789"


def test_put_replaces_whole_files_copying_or_moving_the_source(storage, tmp_path):
    source = _file(tmp_path, "a", b"old")
    storage.put("images/sources/x.png", source)
    assert source.read_bytes() == b"old"  # copied
    assert storage.put("images/sources/x.png", _file(tmp_path, "b", b"new bytes"), move=True) == 9
    assert not (tmp_path / "b").exists()  # moved
    with storage.open("images/sources/x.png") as stream:
        assert stream.read() == b"new bytes"
    assert storage.stat("images/sources/x.png").bytes == 9
    with pytest.raises(FileNotFoundError):
        storage.put("images/sources/y.png", tmp_path / "missing")
    assert storage.list("images/") == ["images/sources/x.png"]  # nothing half-written is listed


def test_open_seeks_and_reads_byte_ranges(storage, tmp_path):
    storage.put("models/a.glb", _file(tmp_path, "a", DATA))
    with storage.open("models/a.glb") as stream:
        assert stream.seekable() and stream.readable()
        stream.seek(1000)
        assert stream.read(5) == bytes([232, 233, 234, 235, 236]) and stream.tell() == 1005
        stream.seek(200_000)
        assert stream.read(70_000) == DATA[200_000:270_000]  # across a window boundary
        stream.seek(-3, io.SEEK_END)
        assert stream.read() == DATA[-3:] and stream.read(10) == b""
        stream.seek(10)
        stream.seek(5, io.SEEK_CUR)
        assert stream.read(1) == DATA[15:16]
        stream.seek(0)
        assert stream.read() == DATA


def test_missing_keys(storage, tmp_path):
    with pytest.raises(FileNotFoundError):
        storage.open("models/never.glb")
    with pytest.raises(FileNotFoundError):
        storage.local_path("models/never.glb").read_bytes()  # the folder's path fails when opened
    assert not storage.exists("models/never.glb") and storage.stat("models/never.glb") is None
    storage.delete("models/never.glb")  # not an error
    assert storage.list("models/") == []


def test_list_by_prefix_across_pages_and_delete(storage, tmp_path):
    keys = sorted(["audio/t-1/peaks.json", "audio/t-1/track.opus", "audio/t-2/track.opus", "audio/t-3/a",
                   "audio/t-3/b", "audio/t-3/c", "audio/t-3/d", "images/pyramids/a-1.tif"])
    for key in keys:
        storage.put(key, _file(tmp_path, "x", key.encode()))
    with storage.scratch():  # a working folder is never listed
        assert storage.list("audio/t-1/") == keys[:2]
        assert storage.list("audio/t-") == keys[:7]  # a prefix need not end at a "/"
        assert storage.list("audio/t-3/") == keys[3:7]
        assert storage.list("") == keys and storage.list("video/") == [] and storage.list("audio/t-3/e") == []
    for key in storage.list("audio/t-1/"):
        storage.delete(key)
    assert storage.list("audio/") == keys[2:7] and not storage.exists("audio/t-1/track.opus")
    with storage.open("audio/t-2/track.opus") as stream:
        assert stream.read() == b"audio/t-2/track.opus"


@pytest.mark.parametrize("key", ["", "/etc/passwd", "../x", "a/../b", "a//b", "a/./b", ".scratch/x", "a\\b",
                                 "images/x.tif.part", "a/"])
def test_bad_keys_are_refused_by_every_method(storage, tmp_path, key):
    source = _file(tmp_path, "s", b"x")
    for call in (lambda: storage.put(key, source), lambda: storage.open(key), lambda: storage.stat(key),
                 lambda: storage.exists(key), lambda: storage.delete(key), lambda: storage.local_path(key)):
        with pytest.raises(ValueError, match="not a media key"):
            call()
    assert storage.list("") == []


def test_local_path_is_a_real_file_of_the_current_bytes(storage, tmp_path):
    storage.put("images/pyramids/p.tif", _file(tmp_path, "a", DATA))
    path = storage.local_path("images/pyramids/p.tif")
    assert path.is_file() and path.read_bytes() == DATA and path.suffix == ".tif"
    assert storage.local_path("images/pyramids/p.tif").read_bytes() == DATA  # again (cached, for S3)
    storage.put("images/pyramids/p.tif", _file(tmp_path, "b", b"replaced"))
    assert storage.local_path("images/pyramids/p.tif").read_bytes() == b"replaced"
    storage.delete("images/pyramids/p.tif")
    with pytest.raises(FileNotFoundError):
        storage.local_path("images/pyramids/p.tif").read_bytes()


def test_scratch_is_a_private_local_folder_removed_afterwards(storage):
    with storage.scratch() as folder, storage.scratch() as other:
        assert folder != other and folder.is_dir() and not list(folder.iterdir())
        (folder / "pyramid.tif").write_bytes(b"tiles")
        storage.put("images/pyramids/z.tif", folder / "pyramid.tif", move=True)
        assert not (folder / "pyramid.tif").exists()
    assert not folder.exists() and not other.exists()
    assert storage.list("") == ["images/pyramids/z.tif"]


def test_writes_undo_exactly_what_they_stored(storage, tmp_path):
    storage.put("models/shared.glb", _file(tmp_path, "s", b"shared"))
    writes = Writes(storage)
    writes.put("models/new.glb", _file(tmp_path, "n", b"new"))
    assert writes.exists("models/shared.glb") and writes.keys == ["models/new.glb"]
    writes.undo()
    assert storage.list("models/") == ["models/shared.glb"]
