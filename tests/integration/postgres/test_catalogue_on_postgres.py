"""The catalogue on PostgreSQL (``MUSEUM_DATABASE_URL``) behaves as on the embedded SQLite: the migrations,
the all-or-nothing import, the export round trip (byte-identical across the two databases), the API and
the search outbox."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner

from museum import create_app
from museum.catalogue import schema
from museum.catalogue.db import Database
from museum.catalogue.models import Record
from museum.catalogue.search_service import processor
from museum.cli import main
from museum.extensions import db
from tests.settings import TEST_SETTINGS

pytestmark = pytest.mark.postgres


def cli(instance, url, *args, ok=True):
    env = {"MUSEUM_DATABASE_URL": url} if url else {}
    result = CliRunner().invoke(main, ["--instance", str(instance), *map(str, args)], env=env,
                                catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def test_migrations_build_exactly_the_models_on_postgres(postgres_url):
    database = Database(postgres_url)
    with database.engine.begin() as connection:
        command.upgrade(schema.alembic_config(connection), "head")
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, schema.import_all_models().metadata) == []
    database.dispose()


def test_import_export_round_trip_is_identical_on_both_databases(postgres_url, tmp_path):
    generated = tmp_path / "generated.csv"
    cli(tmp_path / "scratch", None, "generate", "--records", 400, "--seed", 7, "-o", generated)
    cli(tmp_path / "pg", postgres_url, "init")
    result = cli(tmp_path / "pg", postgres_url, "import", generated)
    assert "400" in result.output
    for fmt in ("json", "csv"):  # JSON first: it carries the galleries' order, names and descriptions
        cli(tmp_path / "pg", postgres_url, "export", "--format", fmt, "-o", tmp_path / f"pg.{fmt}")
        cli(tmp_path / f"lite-{fmt}", None, "init")
        cli(tmp_path / f"lite-{fmt}", None, "import", tmp_path / f"pg.{fmt}")
        cli(tmp_path / f"lite-{fmt}", None, "export", "--format", fmt, "-o", tmp_path / f"lite.{fmt}")
        assert (tmp_path / f"pg.{fmt}").read_bytes() == (tmp_path / f"lite.{fmt}").read_bytes()


def test_a_bad_row_changes_nothing_on_postgres(postgres_url, tmp_path):
    cli(tmp_path / "pg", postgres_url, "init")
    good = tmp_path / "good.csv"
    good.write_text("accession_number,title_zh,period\nP.0001,铜钟,战国\n", encoding="utf-8")
    cli(tmp_path / "pg", postgres_url, "import", good)
    bad = tmp_path / "bad.csv"
    bad.write_text("accession_number,title_zh,period\nP.0001,改名,战国\nP.0002,铜镜,Waring States\n",
                   encoding="utf-8")
    result = cli(tmp_path / "pg", postgres_url, "import", bad, ok=False)
    assert result.exit_code != 0 and "row 3: period:" in result.output
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path / "pg"), "DATABASE_URL": postgres_url})
    with app.app_context():
        titles = {r.accession_number: r.title["zh"] for r in db.session.query(Record)}
        db.dispose()
    assert titles == {"P.0001": "铜钟"}


def test_api_and_search_on_postgres(postgres_url, tmp_path):
    generated = tmp_path / "generated.csv"
    cli(tmp_path / "scratch", None, "generate", "--records", 120, "--seed", 3, "-o", generated)
    cli(tmp_path / "pg", postgres_url, "init")
    cli(tmp_path / "pg", postgres_url, "import", generated)
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path / "pg"), "DATABASE_URL": postgres_url})
    client = app.test_client()
    page = client.get("/api/v1/objects?size=5&page=2&lang=en").get_json()
    assert page["total"] == 120 and len(page["items"]) == 5
    accession = page["items"][0]["accession_number"]
    assert client.get(f"/api/v1/objects/{accession}").get_json()["accession_number"] == accession
    assert client.get("/api/v1/objects/NO.SUCH").status_code == 404
    assert client.get("/healthz").get_json()["status"] in ("ok", "degraded")
    with app.app_context():
        assert processor(app).process() == 0  # the import command applied its 120 outbox rows on PostgreSQL
        assert client.get("/api/v1/search?q=&size=1").get_json()["total"] == 120
        with db.transaction() as session:
            record = session.query(Record).filter_by(accession_number=accession).one()
            record.title = {**record.title, "zh": "虎钮錞于测试"}
        assert processor(app).process() == 1
        hits = client.get("/api/v1/search?q=虎钮錞于测试").get_json()["hits"]
        db.dispose()
    assert [h["accession_number"] for h in hits][:1] == [accession]
