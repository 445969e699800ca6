"""Pillow's FreeType is bound before libvips loads the system FreeType and HarfBuzz into the global symbol
scope. The other way round, Pillow's text rendering binds to the system libraries and draws garbage: the
poem keepsake PNG failed in about two processes out of three with absurd "decompression bomb" glyph sizes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_pillow_freetype_is_loaded_before_libvips_whatever_is_imported_first():
    code = ("import sys, museum.catalogue.images\n"  # a module that imports pyvips, imported first
            "from museum import create_app\n"
            "names = list(sys.modules)\n"
            "print(names.index('PIL._imagingft') < names.index('pyvips'))")
    output = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            check=True)
    assert output.stdout.strip() == "True"
