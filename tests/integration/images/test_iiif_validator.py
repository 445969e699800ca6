"""The official IIIF Image API validator, level 2, against a real local server: zero failures."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.integration.images.conftest import GRID_ACCESSION


def test_official_validator_passes_level_2(live_server):
    script = Path(sys.executable).parent / "iiif-validate.py"
    assert script.exists() or shutil.which("iiif-validate.py")
    result = subprocess.run(
        [sys.executable, str(script), "-s", live_server, "-p", "iiif/3", "-i", f"{GRID_ACCESSION}-1",
         "--version=3.0", "--level", "2"],
        capture_output=True, text=True, timeout=300,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "FAIL" not in report
    done = re.search(r"Done \((\d+) tests, (\d+) failures\)", report)
    assert done and int(done.group(1)) >= 25 and done.group(2) == "0", report
    print(report)
