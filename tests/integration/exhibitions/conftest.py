import pytest

from tests.unit.curator.support import catalogue, users  # noqa: F401


@pytest.fixture
def client(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
