"""Fixtures of the public site's tests."""

from __future__ import annotations

import pytest

from tests.integration.search.test_api import load


@pytest.fixture
def search_client(app):
    load(app)  # the search tests' catalogue, indexed
    return app.test_client()
