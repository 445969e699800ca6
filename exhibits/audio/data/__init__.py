"""Shipped modal analyses of the playable instruments (written by `museum audio modes --write-data`)."""
