"""Records, accounts with bearer tokens, and a small generated model attached through the real path."""

from __future__ import annotations

import zipfile

import pytest

from assets.models import generate
from museum.catalogue import accounts
from museum.catalogue import models3d as store
from museum.catalogue.models import Record
from museum.extensions import db, password_hasher
from museum.media import storage


@pytest.fixture(scope="session")
def chunyu_zip_mm(tmp_path_factory):
    """The chunyu (low resolution) as an upload: a zip of OBJ + MTL + PNG in millimetres, +Z up."""
    from museum.sample.models3d import write_sample_file

    folder = tmp_path_factory.mktemp("upload")
    return write_sample_file(generate.chunyu(segments=48, rows=40), folder, "chunyu", "zip", "mm", "z")


@pytest.fixture
def records(app):
    with app.app_context(), db.transaction() as session:
        session.add_all([
            Record(accession_number="1989.0107", title={"zh": "战国铜虎钮錞于", "en": "Bronze chunyu"},
                   height_cm=68.0, diameter_cm=36.0, published=True),
            Record(accession_number="1955.0021", title={"zh": "偏将军金印"}, height_cm=2.6, published=False),
        ])
    return ["1989.0107", "1955.0021"]


@pytest.fixture
def tokens(app):
    with app.app_context(), db.transaction() as session:
        result = {}
        for role in ("curator", "viewer"):
            user = accounts.create_user(session, f"{role}3d", role, "a long enough password 42",
                                        password_hasher())
            result[role] = {"Authorization": f"Bearer {user.issue_token()}"}
    return result


@pytest.fixture
def chunyu_model(app, records, chunyu_zip_mm):
    with app.app_context(), db.transaction() as session:
        [added] = store.MODELS.add(session, "1989.0107", chunyu_zip_mm, storage(), units="mm", up="z")
        assert added.created
        return added.item.id


def archive_members(path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()
