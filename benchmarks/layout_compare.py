"""Opening the comparison page of a layout twice (two versions, two viewpoints: four 960x540 CPU previews):
kept renders (museum/layout_renders.py) against the peer, the same service with LAYOUT_RENDER_CACHE_MB = 0
(every view renders its four previews, as before the renders were kept). Each view is the page and its
four images fetched one after another through Flask's test client, on a new instance with the sample
layout (no catalogue media: objects are drawn as boxes and cylinders, as a layout without models is).

    .venv/bin/python benchmarks/layout_compare.py
"""

from __future__ import annotations

import copy
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAMPLE = json.loads((ROOT / "exhibits/layouts/samples/three-gorges.json").read_text(encoding="utf-8"))


def views(cache_mb: int, folder: Path) -> list[float]:
    from museum import create_app
    from museum.catalogue import accounts
    from museum.catalogue import layouts as store
    from museum.catalogue.schema import create_schema
    from museum.extensions import db, password_hasher
    from tests.settings import TEST_SETTINGS
    from tests.unit.curator.support import login

    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(folder), "SECRET_KEY": "bench",
                      "LAYOUT_RENDER_CACHE_MB": cache_mb})
    moved = copy.deepcopy(SAMPLE)
    moved["placements"][3]["position"] = [0.9, 0.0]  # p04 in W1
    with app.app_context():
        create_schema(db)
        with db.transaction() as session:
            accounts.create_user(session, "bench", "viewer", "correct horse battery", password_hasher())
            store.save_version(session, SAMPLE, author="bench")
            store.save_version(session, moved, author="bench")
    client = app.test_client()
    assert login(client, "bench", "correct horse battery").status_code == 302
    url = f"/curator/layouts/{SAMPLE['id']}/compare?from=1&to=2&view=entrance&view=W1"
    times = []
    for _ in range(2):
        started = time.perf_counter()
        page = client.get(url).get_data(as_text=True)
        images = [src.replace("&amp;", "&") for src in re.findall(r'<img src="([^"]+)"', page)]
        assert len(images) == 4 and all(client.get(src).status_code == 200 for src in images)
        times.append(time.perf_counter() - started)
    with app.app_context():
        db.dispose()
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        kept = views(1024, Path(folder, "kept"))
        peer = views(0, Path(folder, "peer"))
    print("| | first view | second view |\n|---|---|---|")
    print(f"| kept renders | {kept[0]:.2f} s | {kept[1]:.2f} s |")
    print(f"| peer: nothing kept (LAYOUT_RENDER_CACHE_MB=0) | {peer[0]:.2f} s | {peer[1]:.2f} s |")
    print(f"second view: {kept[1] / peer[1]:.3f}x the peer's time")


if __name__ == "__main__":
    main()
