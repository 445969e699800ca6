from tests.unit.curator.support import users  # noqa: F401
