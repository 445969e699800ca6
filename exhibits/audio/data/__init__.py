"""Shipped modal analyses of the playable instruments (written by `museum instrument modes --write-data`)."""
