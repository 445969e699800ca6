"""Issue 13, item 11: ETags, cache keys and file versions use a modern hash (BLAKE2b), never SHA-1."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHA1 = re.compile(r"""hashlib\.sha1\b|hashlib\.new\(\s*["']sha-?1["']|\bfrom hashlib import\b.*\bsha1\b""",
                  re.IGNORECASE)


def test_no_sha1_in_the_service():
    found = [f"{path.relative_to(ROOT)}:{number}" for package in ("museum", "assets", "search", "exhibits")
             for path in sorted((ROOT / package).rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if SHA1.search(line)]
    assert found == []
