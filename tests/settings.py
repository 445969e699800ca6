"""The settings every test app starts from (museum/config.py declares them): Flask's testing mode, a fixed
secret, the cheapest password hashing, cookies over plain HTTP, and no background indexer (tests apply the
search outbox themselves, or turn the indexer on), and image uploads ingested in the request (no worker runs;
tests/integration/jobs turns the queue on)."""

TEST_SETTINGS = {"TESTING": True, "SECRET_KEY": "test", "PASSWORD_HASH_COST": "minimal",
                 "SECURE_COOKIES": False, "SEARCH_INDEXER_THREAD": False, "QUEUE_UPLOADS": False}
