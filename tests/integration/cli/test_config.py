"""``museum config show``: every setting with its value, its source and its meaning; secrets masked."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from museum import config
from museum.cli import main


@pytest.fixture
def show(tmp_path, monkeypatch):
    # `museum` sets it: restore it after
    monkeypatch.setenv("MUSEUM_INSTANCE", os.environ.get("MUSEUM_INSTANCE", ""))

    def run(*args, env=None):
        return CliRunner().invoke(main, ["--instance", str(tmp_path / "instance"), "config", *args],
                                  env=env or {})
    return run


def test_every_setting_is_shown_with_its_value_source_and_meaning(show, tmp_path):
    result = show("show", env={"MUSEUM_GALLERY_PAGE_SIZE": "30", "MUSEUM_FOO": "1",
                               "MUSEUM_DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
                               "MUSEUM_ELASTICSEARCH_URL": "https://ops:hunter2@es.example:9200",
                               "MUSEUM_QUEUE_URL": "redis://10.0.0.5:6379/0?db=1&Password=hunter3&x=1"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert all(f"\n{name} = " in out for name in config.SETTINGS)
    assert "GALLERY_PAGE_SIZE = 30  [env]" in out and "Objects per page of a gallery page." in out
    assert "(MUSEUM_GALLERY_PAGE_SIZE; a whole number)" in out
    assert f"MEDIA_ROOT = {tmp_path / 'instance' / 'media'}  [instance]" in out
    assert "SECRET_KEY = ********  [instance]" in out
    secret = (tmp_path / "instance" / "secret_key").read_text()
    assert secret not in out and "hunter2" not in out
    assert "ELASTICSEARCH_URL = https://ops:********@es.example:9200  [env]" in out
    assert "QUEUE_URL = redis://10.0.0.5:6379/0?db=1&Password=********&x=1  [env]" in out
    assert "hunter3" not in out
    assert "IIIF_MAX_SECONDS = 1.5  [default]" in out and "PUBLIC_BASE_URL = (not set)  [default]" in out
    assert "SESSION_COOKIE_SECURE = true  [SECURE_COOKIES]" in out and "(not settable; true or false)" in out
    assert "warning: MUSEUM_FOO is set but sets nothing" in result.stderr


def test_some_settings_or_an_unknown_one(show):
    result = show("show", "iiif_max_area", "HSTS")
    assert result.exit_code == 0, result.output
    assert [line.split(" = ")[0] for line in result.stdout.splitlines() if " = " in line] == [
        "IIIF_MAX_AREA", "HSTS"]
    assert show().stdout.count(" = ") == len(config.SETTINGS)  # `museum config` alone shows them all
    wrong = show("show", "IIIF_MAX_ARE")
    assert wrong.exit_code == 1 and "error: no setting IIIF_MAX_ARE" in wrong.stderr


def test_a_bad_value_is_one_error_line_naming_the_setting(show):
    result = show("show", env={"MUSEUM_TRUSTED_PROXIES": "two"})
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip() == ("error: setting TRUSTED_PROXIES (MUSEUM_TRUSTED_PROXIES) must be a "
                                     "whole number, not 'two'")
