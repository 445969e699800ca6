"""The settings every test app starts from (museum/config.py declares them): Flask's testing mode, a fixed
secret, the cheapest password hashing, cookies over plain HTTP, and no background indexer (tests apply the
search outbox themselves, or turn the indexer on)."""

TEST_SETTINGS = {"TESTING": True, "SECRET_KEY": "test", "PASSWORD_HASH_COST": "minimal",
                 "SECURE_COOKIES": False, "SEARCH_INDEXER_THREAD": False}
