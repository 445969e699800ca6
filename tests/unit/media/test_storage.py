"""The local folder behind MediaStorage, where it goes beyond the contract every storage keeps
(tests/integration/storage/test_contract.py): ordinary files under the root, no partial file left behind,
emptied folders pruned, scratch folders on the same file system; and how the settings choose a storage."""

from __future__ import annotations

import pytest

from assets.storage import LocalStorage, check_key, split_s3_url
from museum.config import load
from museum.exceptions import InvalidSetting
from museum.media import storage_for


@pytest.fixture
def storage(tmp_path) -> LocalStorage:
    return LocalStorage(tmp_path / "media")


def _file(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_keys_are_ordinary_files_below_the_root(storage, tmp_path):
    assert storage.put("audio/t-1/track.opus", _file(tmp_path, "a", b"0123456789")) == 10
    assert (storage.root / "audio" / "t-1" / "track.opus").read_bytes() == b"0123456789"
    assert storage.local_path("audio/t-1/track.opus") == storage.root / "audio" / "t-1" / "track.opus"


def test_put_leaves_no_partial_file_even_when_it_fails(storage, tmp_path):
    storage.put("images/sources/x.png", _file(tmp_path, "a", b"old"))
    storage.put("images/sources/x.png", _file(tmp_path, "b", b"new bytes"), move=True)
    with pytest.raises(FileNotFoundError):
        storage.put("images/sources/y.png", tmp_path / "missing")
    assert [p.name for p in (storage.root / "images" / "sources").iterdir()] == ["x.png"]


def test_delete_prunes_emptied_folders_below_the_top_one(storage, tmp_path):
    for key in ["audio/t-1/peaks.json", "audio/t-1/track.opus", "audio/t-2/track.opus"]:
        storage.put(key, _file(tmp_path, "x", b"x"))
    for key in storage.list("audio/t-1/"):
        storage.delete(key)
    assert not (storage.root / "audio" / "t-1").exists() and (storage.root / "audio" / "t-2").is_dir()
    storage.delete("audio/t-2/track.opus")
    assert (storage.root / "audio").is_dir() and not list((storage.root / "audio").iterdir())


def test_scratch_folders_are_beside_the_files(storage):
    with storage.scratch() as folder:
        assert storage.root in folder.parents
    assert not list(storage.root.joinpath(".scratch").iterdir())


@pytest.mark.parametrize("key", ["", "/etc/passwd", "../x", "a/../b", "a//b", "a/./b", ".scratch/x", "a\\b",
                                 "images/x.tif.part"])
def test_check_key_refuses_keys_outside_the_storage(key):
    with pytest.raises(ValueError, match="not a media key"):
        check_key(key)


def test_s3_urls_name_a_bucket_and_a_prefix():
    assert split_s3_url("s3://museum-media") == ("museum-media", "")
    assert split_s3_url("s3://museum-media/site/a/") == ("museum-media", "site/a")
    for url in ("http://museum-media/x", "s3://", "s3://UPPER/x", "s3://ab", "s3://b..c/x",
                "s3://bucket/a/../b", "museum-media"):
        with pytest.raises(ValueError):
            split_s3_url(url)


def test_the_settings_choose_the_storage(tmp_path):
    local = storage_for(load({"INSTANCE_PATH": str(tmp_path)}).values)
    assert isinstance(local, LocalStorage) and local.root == tmp_path / "media"
    settings = load({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"},
                    {"MUSEUM_MEDIA_URL": "s3://museum-media/site", "MUSEUM_MEDIA_CACHE_MB": "5",
                     "MUSEUM_S3_ENDPOINT_URL": "http://127.0.0.1:1"}).values
    s3 = storage_for(settings)  # contacts nothing yet
    assert (s3.bucket, s3.prefix, s3.endpoint_url) == ("museum-media", "site", "http://127.0.0.1:1")
    assert s3.work_dir == tmp_path / "media" and s3.cache_bytes == 5 * 1024 * 1024
    assert s3.name("images/a.tif") == "site/images/a.tif"
    with pytest.raises(InvalidSetting, match="MUSEUM_MEDIA_URL"):
        load({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"}, {"MUSEUM_MEDIA_URL": "ftp://x/y"})
