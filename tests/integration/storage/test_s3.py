"""What S3Storage does beyond the contract, on the real SeaweedFS server: reads are ranged GETs, large files
go in parts and an interrupted upload leaves nothing visible, the local cache is bounded and written
atomically, and the store's failures name the bucket and the key."""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config

from assets.exceptions import StorageUnavailable
from tests.integration.storage.conftest import make_s3_storage
from tests.servers import free_port

MB = 1024 * 1024


@pytest.fixture
def s3(s3_endpoint, s3_url, tmp_path):
    return make_s3_storage(s3_endpoint, s3_url, tmp_path / "work")


def _calls(storage, operation: str) -> list[dict]:
    """The parameters of every ``operation`` call the storage's client makes from now on."""
    seen: list[dict] = []
    storage.client.meta.events.register(f"before-parameter-build.s3.{operation}",
                                        lambda params, **_: seen.append(dict(params)))
    return seen


def _big_file(tmp_path, size: int):
    path = tmp_path / "big.bin"
    with open(path, "wb") as out:
        block = bytes(range(256)) * 4096  # 1 MiB
        for _ in range(size // MB):
            out.write(block)
    return path


def test_a_byte_range_is_read_by_ranged_gets_not_the_whole_object(s3, tmp_path):
    s3.put("models/big.glb", _big_file(tmp_path, 2 * MB))
    gets = _calls(s3, "GetObject")
    with s3.open("models/big.glb") as stream:
        stream.seek(1_500_000)
        assert stream.read(5) == bytes(i % 256 for i in range(1_500_000, 1_500_005))
    assert len(gets) == 1
    first, last = map(int, gets[0]["Range"].removeprefix("bytes=").split("-"))
    assert first == 1_500_000 and last - first < s3.read_window  # one window, far less than 2 MiB
    with s3.open("models/big.glb") as stream:
        assert len(stream.read()) == 2 * MB
    assert len(gets) == 1 + 2 * MB // s3.read_window  # the whole file: window after window


def test_large_files_go_in_parts_and_an_interrupted_upload_leaves_nothing(s3, tmp_path):
    source = _big_file(tmp_path, 12 * MB)  # three 5 MiB parts
    started, parts = _calls(s3, "CreateMultipartUpload"), _calls(s3, "UploadPart")
    assert s3.put("models/originals/a.obj", source) == 12 * MB
    assert len(started) == 1 and len(parts) == 3
    assert s3.stat("models/originals/a.obj").bytes == 12 * MB

    def interrupt(params, **_):
        if params["PartNumber"] == 2:
            raise ConnectionResetError("the network went away")

    s3.client.meta.events.register("before-parameter-build.s3.UploadPart", interrupt)
    with pytest.raises(Exception, match="network went away"):
        s3.put("models/originals/b.obj", source)
    assert not s3.exists("models/originals/b.obj")
    assert s3.list("models/") == ["models/originals/a.obj"]
    pending = s3.client.list_multipart_uploads(Bucket=s3.bucket, Prefix=s3.prefix).get("Uploads", [])
    assert pending == []  # aborted, not left to fill the bucket


def test_the_local_cache_is_bounded_and_holds_no_partial_file(s3_endpoint, s3_url, tmp_path):
    s3 = make_s3_storage(s3_endpoint, s3_url, tmp_path / "work", cache_bytes=250_000, cache_grace=0)
    source = tmp_path / "pyramid.tif"
    source.write_bytes(bytes(100_000))
    for name in "abc":
        s3.put(f"images/pyramids/{name}.tif", source)
    gets = _calls(s3, "GetObject")
    first = s3.local_path("images/pyramids/a.tif")
    assert s3.local_path("images/pyramids/a.tif") == first and len(gets) == 1  # the second from the cache
    assert s3.cache_dir in first.parents
    s3.local_path("images/pyramids/b.tif")
    s3.local_path("images/pyramids/c.tif")
    cached = [p for p in s3.cache_dir.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in cached) <= 250_000 and not first.exists()  # least recently used went
    assert not any(p.name.endswith(".part") for p in cached)


def test_a_missing_bucket_is_named(s3_endpoint, aws_credentials, tmp_path):
    s3 = make_s3_storage(s3_endpoint, "s3://no-such-bucket/media", tmp_path)
    with pytest.raises(StorageUnavailable, match="bucket 'no-such-bucket' does not exist"):
        s3.stat("images/a.tif")


def test_refused_credentials_name_the_bucket(s3_endpoint, s3_url, monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    s3 = make_s3_storage(s3_endpoint, s3_url, tmp_path)
    refused = r"s3://museum-test/.*access denied.*AWS_ACCESS_KEY_ID"
    with pytest.raises(StorageUnavailable, match=refused) as caught:
        s3.exists("images/a.tif")
    assert caught.value.code == "storage_unavailable"


def test_an_unreachable_store_is_named(aws_credentials, tmp_path):
    s3 = make_s3_storage(f"http://127.0.0.1:{free_port()}", "s3://museum-media/site", tmp_path)
    s3.client = boto3.client("s3", endpoint_url=s3.endpoint_url,  # no retries: the port is closed
                             config=Config(retries={"max_attempts": 1}))
    with pytest.raises(StorageUnavailable, match="museum-media.*Could not connect"):
        s3.list("images/")


def test_files_just_used_are_not_evicted(s3_endpoint, s3_url, tmp_path):
    s3 = make_s3_storage(s3_endpoint, s3_url, tmp_path / "work", cache_bytes=150_000, cache_grace=60)
    source = tmp_path / "pyramid.tif"
    source.write_bytes(bytes(100_000))
    paths = []
    for name in "ab":
        s3.put(f"images/pyramids/{name}.tif", source)
        paths.append(s3.local_path(f"images/pyramids/{name}.tif"))
    assert all(path.exists() for path in paths)  # above the bound for a while: another worker may use "a"
