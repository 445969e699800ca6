"""The local folder behind MediaStorage: keys not paths, whole files or none, seekable reads, prefix lists."""

from __future__ import annotations

import pytest

from assets.storage import LocalStorage, MediaStorage, Writes, check_key


@pytest.fixture
def storage(tmp_path) -> LocalStorage:
    return LocalStorage(tmp_path / "media")


def _file(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_it_is_a_media_storage_and_writes_ordinary_files(storage, tmp_path):
    assert isinstance(storage, MediaStorage) and isinstance(Writes(storage), MediaStorage)
    assert storage.put("audio/t-1/track.opus", _file(tmp_path, "a", b"0123456789")) == 10
    assert (storage.root / "audio" / "t-1" / "track.opus").read_bytes() == b"0123456789"
    assert storage.exists("audio/t-1/track.opus") and not storage.exists("audio/t-1/track.mp3")
    assert storage.stat("audio/t-1/track.opus").bytes == 10 and storage.stat("audio/t-1/nothing") is None


def test_put_replaces_whole_files_and_leaves_no_partial_file(storage, tmp_path):
    source = _file(tmp_path, "a", b"old")
    storage.put("images/sources/x.png", source)
    assert source.exists()  # copied
    storage.put("images/sources/x.png", _file(tmp_path, "b", b"new bytes"), move=True)
    assert not (tmp_path / "b").exists()  # moved
    with storage.open("images/sources/x.png") as stream:
        assert stream.read() == b"new bytes"
    with pytest.raises(FileNotFoundError):
        storage.put("images/sources/y.png", tmp_path / "missing")
    assert [p.name for p in (storage.root / "images" / "sources").iterdir()] == ["x.png"]


def test_open_reads_a_byte_range_without_the_rest(storage, tmp_path):
    storage.put("models/a.glb", _file(tmp_path, "a", bytes(range(256)) * 4))
    with storage.open("models/a.glb") as stream:
        stream.seek(1000)
        assert stream.read(5) == bytes([232, 233, 234, 235, 236])
    with pytest.raises(FileNotFoundError):
        storage.open("models/b.glb")


def test_list_by_prefix_and_delete_prunes_emptied_folders_below_the_top_one(storage, tmp_path):
    keys = ["audio/t-1/peaks.json", "audio/t-1/track.opus", "audio/t-2/track.opus", "images/pyramids/a-1.tif"]
    for key in keys:
        storage.put(key, _file(tmp_path, "x", b"x"))
    with storage.scratch():  # its working folder is never listed
        assert storage.list("audio/t-1/") == keys[:2]
        assert storage.list("audio/t-") == keys[:3]
        assert storage.list("") == keys and storage.list("video/") == []
    for key in storage.list("audio/t-1/"):
        storage.delete(key)
    storage.delete("audio/t-1/never-there.mp3")
    assert not (storage.root / "audio" / "t-1").exists() and (storage.root / "audio" / "t-2").is_dir()
    storage.delete("audio/t-2/track.opus")
    assert (storage.root / "audio").is_dir() and not list((storage.root / "audio").iterdir())


def test_scratch_is_a_private_folder_beside_the_files_removed_afterwards(storage):
    with storage.scratch() as folder, storage.scratch() as other:
        assert folder != other and storage.root in folder.parents and not list(folder.iterdir())
        (folder / "pyramid.tif").write_bytes(b"tiles")
    assert not folder.exists() and not list(storage.root.joinpath(".scratch").iterdir())


@pytest.mark.parametrize("key", ["", "/etc/passwd", "../x", "a/../b", "a//b", "a/./b", ".scratch/x", "a\\b",
                                 "images/x.tif.part"])
def test_keys_stay_inside_the_storage(storage, key):
    with pytest.raises(ValueError, match="not a media key"):
        check_key(key)
    with pytest.raises(ValueError):
        storage.delete(key)


def test_writes_undo_exactly_what_they_stored(storage, tmp_path):
    storage.put("models/shared.glb", _file(tmp_path, "s", b"shared"))
    writes = Writes(storage)
    writes.put("models/new.glb", _file(tmp_path, "n", b"new"))
    assert writes.exists("models/shared.glb") and writes.keys == ["models/new.glb"]
    writes.undo()
    assert storage.list("models/") == ["models/shared.glb"]
