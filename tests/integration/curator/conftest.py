import pytest

from tests.unit.curator.support import catalogue, users  # noqa: F401


@pytest.fixture
def client(app):
    """A browser that asks for English pages: these tests read the workspace's English messages (the other
    languages are tests/integration/curator/test_workspace_pages.py's)."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
