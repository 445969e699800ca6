"""The CLI's one error path (museum/cli/errors.py): every group's commands with bad input end with one
``error:`` line on stderr and the documented exit status, never a traceback; old group names still work."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from museum.cli import DEPRECATED_NAMES, main
from museum.cli.errors import ERROR, UNAVAILABLE, USAGE, MuseumCommand, MuseumGroup, exit_status_for

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli") / "instance"
    before = os.environ.get("MUSEUM_INSTANCE")
    assert CliRunner().invoke(main, ["--instance", str(folder), "init"]).exit_code == 0
    yield folder
    if before is None:  # `museum --instance` exports it for the processes it starts
        os.environ.pop("MUSEUM_INSTANCE", None)
    else:
        os.environ["MUSEUM_INSTANCE"] = before


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("files")
    paths = {"bad.csv": "accession_number,title_zh,height_cm\nA1,甲,-1\nA2,,\n",
             "broken.obj": "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 4\n",
             "noise.wav": "not a sound file at all\n" * 20,
             "fake.jpg": "GIF89a" + "\0" * 100, "empty.csv": ""}
    for name, text in paths.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def museum(instance, *args, input=None):
    return CliRunner().invoke(main, ["--instance", str(instance), *map(str, args)], input=input)


def refused(result, status: int, message: str, warning: str | None = None) -> None:
    """Exit status, then stderr: the deprecation note (if any) and one line ``error: ...``; no traceback."""
    assert result.exit_code == status, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # not an unexpected exception
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    if warning:
        assert lines.pop(0).startswith(f"warning: `museum {warning}` is deprecated")
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], result.stderr


POETS = "白居易, 元稹, 白行简, 苏洵, 苏轼, 苏辙, 李白, 杜甫, 刘禹锡"
DOMAIN_ERRORS = {  # case: (command line, stdin, exit status, message); one or more per group
    "user weak password": ("user add wu --role editor --password-stdin", "short\n", ERROR,
                           "password too short"),
    "user unknown": ("user enable ghost", None, ERROR, "no user 'ghost'"),
    "kiosk station": ("kiosk add hall-9 --station cinema", None, ERROR, "station: 'cinema' must be"),
    "kiosk unknown": ("kiosk remove ghost", None, ERROR, "no kiosk called 'ghost'"),
    "layout unknown": ("layout export no-such-hall", None, ERROR, "no-such-hall"),
    "layout render": ("layout render no-such-hall --plan plan.svg", None, ERROR, "no-such-hall"),
    "image record": ("image list 0000.0000", None, ERROR, "no record with accession number 0000.0000"),
    "image unknown": ("image remove 0000.0000-1", None, ERROR, "no image 0000.0000-1"),
    "model3d record": ("model3d add 0000.0000 {files}/broken.obj", None, ERROR,
                       "no record with accession number '0000.0000'"),
    "model3d unknown": ("model3d hotspot 99 0 0 0 --label en=x", None, ERROR, "no 3D model 99"),
    "audio target": ("audio add nowhere {files}/noise.wav --lang en", None, ERROR,
                     "no record with accession number and no gallery with slug 'nowhere'"),
    "instrument unknown": ("instrument modes 0000.0000", None, ERROR,
                           "no playable instrument with accession number '0000.0000'; known: "),
    "instrument job": ("instrument job 0000.0000", None, ERROR, "no modal-analysis job for 0000.0000"),
    "poem poet": ("poem write --poet 王维", None, ERROR, f"poet: unknown value '王维' (allowed: {POETS})"),
    "poem form": ("poem write --form 词", None, ERROR,
                  "form: unknown value '词' (allowed: 五言绝句, 七言绝句, 五言律诗, 七言律诗)"),
    "poem theme": ("poem write --theme 战争", None, ERROR, "theme: unknown value '战争' (allowed: 山水,"),
    "poem seed": ("poem write --seed -1", None, ERROR, "seed: an integer from 0 to"),
    "poem seed word": ("poem write --seed abc", None, ERROR, "seed: an integer from 0 to"),
    "poem season": ("poem write --season 夏天", None, ERROR,
                    "season: unknown value '夏天' (allowed: 春, 夏, 秋, 冬)"),
    "poem mood": ("poem write --mood 愤怒", None, ERROR,
                  "mood: unknown value '愤怒' (allowed: 豪放, 闲适, 惆怅, 宁静)"),
    "poem keywords": ("poem write --keywords hello", None, ERROR,
                      "keywords: up to 5 words of 1-4 Chinese characters"),
    "poem acrostic": ("poem write --acrostic abc", None, ERROR, "acrostic: 1-8 Chinese characters or empty"),
    "poem untrained": ("poem write", None, UNAVAILABLE, "no trained poem model (run `museum poem train`)"),
    "catalogue import": ("import {files}/empty.csv", None, ERROR, "empty"),
    "exhibition unknown": ("exhibition video no-such-story", None, ERROR, "no exhibition 'no-such-story'"),
}


@pytest.mark.parametrize("case", sorted(DOMAIN_ERRORS))
def test_domain_errors_end_with_one_line_and_their_exit_status(instance, files, case):
    command_line, stdin, status, message = DOMAIN_ERRORS[case]
    result = museum(instance, *command_line.format(files=files).split(), input=stdin)
    refused(result, status, message)


def test_the_installed_command_prints_one_line_not_a_traceback(instance):
    """The complaint of issue 14: `museum poems write` with a bad value printed 31 lines of traceback."""
    command = [sys.executable, "-m", "museum.cli", "--instance", str(instance), "poem", "write",
               "--poet", "王维"]
    completed = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert completed.returncode == ERROR and completed.stdout == ""
    assert completed.stderr == f"error: poet: unknown value '王维' (allowed: {POETS})\n"


def test_an_import_lists_every_row_before_the_error_line(instance, files):
    result = museum(instance, "import", files / "bad.csv")
    assert result.exit_code == ERROR and isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines() == [
        "bad.csv: row 2: height_cm: must not be negative (-1)",
        "bad.csv: row 3: title: a new record needs a title in at least one language",
        "error: 2 error(s); nothing was imported"]


@pytest.mark.parametrize("args,parameter", [
    (["user", "add", "wu", "--role", "janitor"], "'--role'"),
    (["audit", "verify", "--anchor", "nope"], "'--anchor'"),
    (["image", "add", "1989.0107", "{files}/fake.jpg", "--caption", "xx"], "--caption"),
    (["export", "--format", "pdf", "-o", "x.pdf"], "'--format'"),
    (["index"], "--rebuild, --process-outbox or --status"),
    (["poem", "write", "--colour", "红"], "--colour"),
])
def test_usage_errors_are_clicks_own(instance, files, args, parameter):
    result = museum(instance, *[a.format(files=files) for a in args])
    assert result.exit_code == USAGE and isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stderr.startswith("Usage: ") and parameter in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("old", sorted(DEPRECATED_NAMES))
def test_old_names_still_work_with_a_note(instance, old):
    bad_value = {"poems": "write --poet 王维", "model": "hotspot 99 0 0 0 --label en=x",
                 "media": "list 0000.0000", "audio modes": "0000.0000", "audio job": "0000.0000"}[old].split()
    new = museum(instance, *DEPRECATED_NAMES[old].split(), *bad_value)
    result = museum(instance, *old.split(), *bad_value)
    assert new.stderr.splitlines()[-1] == result.stderr.splitlines()[-1]
    refused(result, ERROR, new.stderr.splitlines()[-1].removeprefix("error: "), warning=old)


def test_help_lists_the_new_names_and_the_exit_statuses(instance):
    result = museum(instance, "--help")
    commands = result.output.split("Commands:")[1].split("Exit status:")[0]
    names = {line.split()[0] for line in commands.splitlines() if line.startswith("  ") and line.split()}
    assert {"poem", "model3d", "image", "audio", "instrument"} <= names
    assert not names & {old.split()[0] for old in DEPRECATED_NAMES if " " not in old}
    assert "modes" not in museum(instance, "audio", "--help").output
    for status in ("0  done", "1  refused", "2  usage", "3  unavailable"):
        assert status in result.output


def _commands(group: click.Group, path: str = "museum"):
    for name, command in group.commands.items():
        yield f"{path} {name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{path} {name}")


def test_every_command_goes_through_the_error_path():
    """A new command module cannot bypass it (a plain click.command would print a traceback)."""
    assert isinstance(main, MuseumGroup)
    outside = [path for path, command in _commands(main)
               if not isinstance(command, MuseumCommand | MuseumGroup)]
    assert outside == []


def _domain_exception_classes():
    paths = [path for package in ("assets", "exhibits", "search")
             for path in (ROOT / package).rglob("exceptions.py")]
    modules = ["museum.exceptions", "museum.catalogue.kiosks"] + sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts) for path in paths)
    for name in modules:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Exception) and value.__module__ == name:
                yield value


@pytest.mark.parametrize("exception_class", list(_domain_exception_classes()),
                         ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_every_domain_exception_has_an_exit_status(exception_class):
    assert exit_status_for(exception_class.__new__(exception_class)) in (ERROR, UNAVAILABLE)


def test_unexpected_exceptions_are_not_turned_into_an_error_line(instance, monkeypatch):
    """They are bugs: they go on to Python, which prints the traceback."""
    from museum import poem_station

    def broken(_preferences):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(poem_station, "parse_request", broken)
    result = museum(instance, "poem", "write")
    assert isinstance(result.exception, ZeroDivisionError) and result.exit_code == 1
    assert "error:" not in result.output


def test_serve_refuses_a_database_behind_the_code_naming_both_revisions(tmp_path):
    """A service upgraded without `museum db upgrade` would answer 500 wherever a new column is read:
    `museum serve` refuses to start instead, saying what to run (an empty database is `museum init`'s)."""
    from alembic import command

    from museum import create_app
    from museum.catalogue import schema
    from museum.extensions import db

    folder = tmp_path / "old"
    assert CliRunner().invoke(main, ["--instance", str(folder), "init"]).exit_code == 0
    app = create_app({"INSTANCE_PATH": str(folder)})
    with app.app_context(), db.engine.begin() as connection:
        command.stamp(schema.alembic_config(connection), "0014_show_editor")
    done = subprocess.run([sys.executable, "-m", "museum.cli", "--instance", str(folder), "serve",
                           "--port", "1"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == exit_status_for(schema.Conflict("x")), done.stderr
    assert "0014_show_editor" in done.stderr and schema.head_revision() in done.stderr
    assert "museum db upgrade" in done.stderr and "Traceback" not in done.stderr
