"""The ``museum`` CLI run on a temporary instance, as a curator would run it."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from museum.cli import main


class MuseumCLI:
    def __init__(self, instance):
        self.instance = instance

    def __call__(self, *args, ok=True):
        result = CliRunner().invoke(main, ["--instance", str(self.instance), *map(str, args)],
                                    catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    def export(self, fmt, path):
        self("export", "--format", fmt, "-o", path)
        return path.read_bytes()


@pytest.fixture
def museum(tmp_path):
    cli = MuseumCLI(tmp_path / "instance")
    cli("init")
    return cli


@pytest.fixture
def write(tmp_path):
    def _write(name: str, text: str, encoding="utf-8"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path
    return _write
