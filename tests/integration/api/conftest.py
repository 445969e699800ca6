"""An app for the API contract: the sample records and layout, a 3D model with a known bounding box, the
shipped instrument modes, the small poem model, and a curator's bearer token."""

from __future__ import annotations

import pytest

from exhibits.audio import instruments
from museum import create_app
from museum.catalogue import accounts, repository
from museum.catalogue import models3d as store
from museum.catalogue.schema import create_schema
from museum.extensions import db, password_hasher
from museum.sample import layouts as sample_layouts
from museum.sample import records as sample_records
from tests.poems_slice import slice_model_dir
from tests.settings import TEST_SETTINGS

MODEL_ACCESSION = "1989.0107"
SINGLE_INSTRUMENTS = {accession for accession, inst in instruments.INSTRUMENTS.items()
                      if inst.kind != "bells"}
# the model's box in centimetres: positions within ±5 m across and 0-10 m up are inside it
BOX_CM = {"width": 1000.0, "depth": 1000.0, "height": 1000.0}


@pytest.fixture(scope="session")
def contract_app(tmp_path_factory):
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path_factory.mktemp("contract") / "instance"),
                      "SECRET_KEY": "contract-tests", "POEMS_MODEL_DIR": str(slice_model_dir()),
                      "POEMS_PER_KIOSK_PER_MINUTE": 1000})
    with app.app_context():
        create_schema(db)
        sample_records.load(app, lambda message: None)
        sample_layouts.load(app, lambda message: None)
        with db.transaction() as session:
            record = repository.get_record(session, MODEL_ACCESSION)
            session.add(store.ObjectModel(record_id=record.id, source_name="chunyu.obj", source_format="obj",
                                          source_sha256="0" * 64, units="m", up="y",
                                          stats={"bbox_cm": BOX_CM}, crosscheck={}, hotspots=[]))
            curator = accounts.create_user(session, "contract-curator", "curator",
                                           "a long enough password 42", password_hasher())
            app.extensions["test-curator-token"] = curator.issue_token()
    yield app
    with app.app_context():
        db.dispose()


@pytest.fixture(scope="session")
def curator_token(contract_app) -> str:
    return contract_app.extensions["test-curator-token"]
