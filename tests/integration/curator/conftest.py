from tests.unit.curator.support import catalogue, users  # noqa: F401
