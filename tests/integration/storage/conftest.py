"""The storages under test: the local folder and an S3 bucket on a real SeaweedFS server (started once per
test run on free loopback ports, waited for by polling, stopped at the end). Each S3 test gets its own prefix
in the bucket; the storage finds its credentials the way production does, in the AWS environment variables."""

from __future__ import annotations

import time
import uuid

import pytest

from assets.storage import LocalStorage
from tests.servers import S3_KEY, S3_SECRET, seaweedfs

BUCKET = "museum-test"
SMALL_PAGE = 3  # S3 list pages of 3 keys, so a list of a few keys goes through the paginator


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    started = time.monotonic()
    with seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as endpoint:
        print(f"\nSeaweedFS answered S3 on {endpoint} after {time.monotonic() - started:.1f} s")
        yield endpoint


@pytest.fixture
def aws_credentials(monkeypatch, tmp_path):
    """boto3's credential chain sees the test identity and nothing of the machine's own AWS set-up."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", S3_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", S3_SECRET)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture(scope="session")
def s3_bucket(s3_endpoint):
    """The tests' bucket: one, as SeaweedFS gives each bucket volumes of its own (tests use prefixes)."""
    import boto3

    boto3.client("s3", endpoint_url=s3_endpoint, aws_access_key_id=S3_KEY, aws_secret_access_key=S3_SECRET,
                 region_name="us-east-1").create_bucket(Bucket=BUCKET)
    return BUCKET


@pytest.fixture
def s3_url(s3_bucket, aws_credentials) -> str:
    """``s3://bucket/prefix`` of a new, empty place in the bucket."""
    return f"s3://{s3_bucket}/t-{uuid.uuid4().hex[:12]}/media"


def make_s3_storage(endpoint: str, url: str, work_dir, **options):
    from assets.s3storage import S3Storage, S3Tuning

    options = {"page_size": SMALL_PAGE, "read_window": 64 * 1024, "multipart_threshold": 5 * 1024 * 1024,
               "multipart_chunksize": 5 * 1024 * 1024, **options}
    return S3Storage.from_url(url, endpoint_url=endpoint, work_dir=work_dir, tuning=S3Tuning(**options))


@pytest.fixture(params=["local", "s3"])
def storage(request, tmp_path):
    """Each contract test runs once per storage."""
    if request.param == "local":
        return LocalStorage(tmp_path / "media")
    endpoint, url = request.getfixturevalue("s3_endpoint"), request.getfixturevalue("s3_url")
    return make_s3_storage(endpoint, url, tmp_path / "work")
