"""Sample step: the 壮丽三峡 hall layout (exhibits/layouts/samples/three-gorges.json), refreshed from the
sample catalogue and stored as a new version when it changed."""

from __future__ import annotations

import json
from pathlib import Path

import exhibits.layouts
from museum.catalogue import layouts as store
from museum.exceptions import NotFound
from museum.extensions import db

SAMPLE_FILES = ("three-gorges.json",)


def load(app, echo) -> None:
    folder = Path(exhibits.layouts.__file__).parent / "samples"
    for name in SAMPLE_FILES:
        document = json.loads((folder / name).read_text(encoding="utf-8"))
        with db.transaction() as session:
            document, refreshed = store.refresh_from_catalogue(session, document)
            try:
                current = store.get_version(session, document["id"]).document
            except NotFound:
                current = None
            if current is not None and current == store.parse_layout(document).to_dict():
                echo(f"sample layout {document['id']}: unchanged")
                continue
            version = store.save_version(session, document, author="sample", note="sample layout",
                                         is_sample=True)
        echo(f"sample layout {document['id']} v{version.number}: {len(document['placements'])} objects "
             f"({refreshed} from the catalogue), {version.problem_count} problem(s)")
