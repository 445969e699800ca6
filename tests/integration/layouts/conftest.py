from tests.unit.curator.support import cheap_password_hashing, users  # noqa: F401
