"""Cost of the audit log on a full-size catalogue import (79,390 records), against the same import with
the audit hook switched off (the peer), measured in the same run on fresh databases, alternating the two
(best of --repeat). Also reports the time spent inside the audit flush hook itself, which is less
sensitive to other load on the machine, and the time of a full ``audit verify``.

    .venv/bin/python benchmarks/audit_import.py [--count 79390] [--repeat 2]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from museum import create_app
from museum.catalogue import audit, importer
from museum.catalogue.generate import write_csv
from museum.catalogue.models import Gallery, Record
from museum.catalogue.schema import create_schema
from museum.extensions import db


def run_import(csv_path: Path, folder: Path, audited: bool) -> tuple[float, int, float | None, float]:
    app = create_app({"INSTANCE_PATH": str(folder), "SECRET_KEY": "bench", "TESTING": True,
                      "SEARCH_INDEXER_THREAD": False})
    saved = dict(audit.TRACKED)
    if not audited:
        audit.TRACKED.pop(Record, None)
        audit.TRACKED.pop(Gallery, None)
    try:
        with app.app_context():
            create_schema(db)
            audit.STATS["seconds"] = 0.0
            started = time.perf_counter()
            with db.transaction() as session:
                report = importer.import_file(session, csv_path, max_bytes=1 << 30)
            elapsed = time.perf_counter() - started
            hook_seconds = audit.STATS["seconds"]
            verify_seconds = None
            with db.transaction() as session:
                entries = session.query(audit.AuditEntry).count()
                if audited:
                    started = time.perf_counter()
                    result = audit.verify(session)
                    verify_seconds = time.perf_counter() - started
                    assert result.ok and result.entries == entries, result.problems[:3]
            assert report.created > 0
    finally:
        audit.TRACKED.clear()
        audit.TRACKED.update(saved)
        with app.app_context():
            db.dispose()
    return elapsed, entries, verify_seconds, hook_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=79_390)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    plain, logged = [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        csv_path = tmp / "catalogue.csv"
        write_csv(csv_path, args.count, seed=7)
        for attempt in range(args.repeat):
            plain.append(run_import(csv_path, tmp / f"plain{attempt}", audited=False))
            logged.append(run_import(csv_path, tmp / f"audited{attempt}", audited=True))
    best_plain = min(p[0] for p in plain)
    best = min(logged, key=lambda r: r[0])
    print(f"{'import of':<34}{'records':>9}{'best s':>9}{'all runs s':>22}{'audit entries':>15}")
    print(f"{'without audit hook (peer)':<34}{args.count:>9}{best_plain:>9.1f}"
          f"{' '.join(f'{p[0]:.1f}' for p in plain):>22}{0:>15}")
    print(f"{'with audit hook':<34}{args.count:>9}{best[0]:>9.1f}"
          f"{' '.join(f'{r[0]:.1f}' for r in logged):>22}{best[1]:>15}")
    print(f"overhead (best vs best): {best[0] - best_plain:.1f} s "
          f"({(best[0] / best_plain - 1) * 100:.0f} %); "
          f"inside the audit hook: {min(r[3] for r in logged):.1f} s; "
          f"audit verify of {best[1]} entries: {min(r[2] for r in logged):.1f} s")


if __name__ == "__main__":
    main()
