import pytest

from tests.poems_slice import slice_generator


@pytest.fixture(scope="session")
def generator():
    return slice_generator()
