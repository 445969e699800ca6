from tests.unit.curator.support import catalogue, cheap_password_hashing, users  # noqa: F401
