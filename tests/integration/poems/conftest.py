import pytest

from museum import create_app
from museum.catalogue.schema import create_schema
from museum.extensions import db
from tests.poems_slice import slice_model_dir
from tests.settings import TEST_SETTINGS


@pytest.fixture
def app(tmp_path):
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "test",
                      "POEMS_MODEL_DIR": str(slice_model_dir()), "POEMS_PER_KIOSK_PER_MINUTE": 3})
    with app.app_context():
        create_schema(db)
    yield app
    with app.app_context():
        db.dispose()
