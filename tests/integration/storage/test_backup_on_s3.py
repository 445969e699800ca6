"""``museum restore`` with the media in S3 (a real SeaweedFS): the backup keeps only the manifest of the
bucket's objects and their checksums; a restore into a fresh database checks every object against it and
names one that is gone or changed."""

from __future__ import annotations

import json
import os

from click.testing import CliRunner

from museum import create_app
from museum.catalogue.models import Record
from museum.catalogue.schema import create_schema
from museum.cli import main
from museum.extensions import db
from museum.media import storage
from tests.settings import TEST_SETTINGS


def test_a_backup_of_s3_media_keeps_their_manifest_and_the_restore_checks_the_bucket(
        s3_endpoint, s3_url, tmp_path, monkeypatch):
    monkeypatch.setenv("MUSEUM_INSTANCE", os.environ.get("MUSEUM_INSTANCE", "instance"))
    monkeypatch.setenv("MUSEUM_MEDIA_URL", s3_url)
    monkeypatch.setenv("MUSEUM_S3_ENDPOINT_URL", s3_endpoint)
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path / "a")})
    with app.app_context():
        create_schema(db)
        with db.transaction() as session:
            session.add(Record(accession_number="2002.0031", title={"zh": "鸟形铜尊"}))
        for name in ("one", "two"):
            (tmp_path / name).write_bytes(os.urandom(70_000))
            storage().put(f"models/{name}.glb", tmp_path / name)
        db.dispose()
    cli = CliRunner()
    done = cli.invoke(main, ["--instance", str(tmp_path / "a"), "backup", str(tmp_path / "backup")])
    assert done.exit_code == 0 and "manifest only" in done.stdout, done.output
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert [f["key"] for f in manifest["media"]["files"]] == ["models/one.glb", "models/two.glb"]
    assert not (tmp_path / "backup" / "media").exists()

    restored = cli.invoke(main, ["--instance", str(tmp_path / "b"), "restore", str(tmp_path / "backup")])
    assert restored.exit_code == 0, restored.output
    assert "2 media files match their checksums" in restored.stdout

    with app.app_context():  # an object changed in the bucket since the backup
        (tmp_path / "other").write_bytes(b"not the same bytes")
        storage().put("models/two.glb", tmp_path / "other")
    changed = cli.invoke(main, ["--instance", str(tmp_path / "c"), "restore", str(tmp_path / "backup")])
    assert changed.exit_code == 1 and "media models/two.glb: checksum mismatch" in changed.stderr
    with app.app_context():
        storage().delete("models/one.glb")
    gone = cli.invoke(main, ["--instance", str(tmp_path / "c"), "restore", "--force",
                             str(tmp_path / "backup")])
    assert gone.exit_code == 1 and "media models/one.glb: missing from the media storage" in gone.stderr
