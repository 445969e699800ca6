"""``museum generate`` streams rows into the catalogue: the records its CSV would import, searchable."""

from __future__ import annotations

import json
import sqlite3

from tests.integration.catalogue.conftest import MuseumCLI

COUNT = 1_300


def _catalogue(instance) -> tuple[list, list]:
    connection = sqlite3.connect(instance / "museum.sqlite3")
    connection.row_factory = sqlite3.Row
    try:
        records = [{k: row[k] for k in row.keys() if k not in ("created_at", "updated_at")}
                   for row in connection.execute("SELECT * FROM records ORDER BY id")]
        galleries = [tuple(row) for row in connection.execute(
            "SELECT id, slug, name, position FROM galleries ORDER BY id")]
        return records, galleries
    finally:
        connection.close()


def test_generated_records_are_those_of_the_csv_import(tmp_path, monkeypatch):
    from museum.catalogue import importer

    monkeypatch.setattr(importer, "STREAM_BATCH", 400)  # several batches, a gallery first seen in a later one
    streamed, imported = MuseumCLI(tmp_path / "streamed"), MuseumCLI(tmp_path / "imported")
    streamed("init")
    imported("init")
    result = streamed("generate", "--records", COUNT, "--seed", 7)
    assert f"generated {COUNT:,} records (seed 7)" in result.output
    assert f"search index rebuilt: {COUNT:,} records" in result.output
    csv_file = tmp_path / "generated.csv"
    imported("generate", "--records", COUNT, "--seed", 7, "-o", csv_file)
    imported("import", csv_file)

    records, galleries = _catalogue(streamed.instance)
    assert len(records) == COUNT
    assert (records, galleries) == _catalogue(imported.instance)
    assert {json.loads(r["title"])["zh"] for r in records[:3]}  # titles were written, not empty maps

    status = json.loads(streamed("index", "--status").stdout)
    assert status["outbox"] == 0 and status["health"]["documents"] == COUNT


def test_a_negative_count_is_refused(tmp_path):
    cli = MuseumCLI(tmp_path / "instance")
    cli("init")
    result = cli("generate", "--records", -1, ok=False)
    assert result.exit_code == 2 and "--records" in result.output
