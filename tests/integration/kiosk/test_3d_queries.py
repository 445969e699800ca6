"""Which records have a 3D model is one query per kiosk page (gallery station, attract loop) and per
:data:`models3d.IN_CHUNK` accession numbers, never one per record.

Statements are counted with SQLAlchemy's ``before_cursor_execute`` event. Only those reading
``object_models`` are counted: the gallery's thumbnails still cost a query per record (images).
"""

from __future__ import annotations

import pytest

from museum.catalogue import models3d
from museum.catalogue.models import Gallery, Record
from museum.catalogue.models3d import ObjectModel, records_with_3d
from museum.extensions import db
from tests.sql import statements


def gallery_of(app, count: int, with_models: set[int]) -> list[str]:
    """A published gallery ``hall`` of ``count`` first-grade records; those numbered in ``with_models``
    have a 3D model. Returns the accession numbers."""
    numbers = [f"T.{n:04d}" for n in range(count)]
    with app.app_context(), db.transaction() as session:
        gallery = Gallery(slug="hall", name={"zh": "展厅", "en": "Hall"})
        records = [Record(accession_number=number, title={"zh": f"器物{n}", "en": f"Object {n}"},
                          gallery=gallery, grade="first", published=True) for n, number in enumerate(numbers)]
        session.add_all(records)
        session.flush()
        session.add_all(ObjectModel(record_id=records[n].id, source_name=f"{n}.glb", source_format="glb",
                                    source_sha256=f"{n:064d}", units="m", up="y") for n in with_models)
    return numbers


@pytest.mark.parametrize("count", [3, 80])
def test_gallery_station_asks_for_3d_models_once(app, count):
    gallery_of(app, count, {0, count - 1})
    with statements(app, "object_models") as seen:
        response = app.test_client().get("/kiosk/gallery/hall?lang=en")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count("Object ") == count and html.count('<span class="badge">3D</span>') == 2
    assert len(seen) == 1


@pytest.mark.parametrize("count", [3, 30])
def test_attract_loop_asks_for_3d_models_once(app, count):
    numbers = gallery_of(app, count, {1})
    with statements(app, "object_models") as seen:
        items = app.test_client().get("/kiosk/attract.json").get_json()["items"]
    assert len(items) == min(count, 24)  # the attract loop shows at most 24 highlights
    assert [item["accession_number"] for item in items if item["has_3d"]] == [numbers[1]]
    assert len(seen) == 1


def test_records_with_3d_asks_once_per_chunk(app, monkeypatch):
    numbers = gallery_of(app, 5, {1, 4})
    monkeypatch.setattr(models3d, "IN_CHUNK", 2)
    asked = [*numbers, numbers[1], "0000.0000"]  # a repeat and an unknown number: 6 distinct numbers
    with statements(app, "object_models") as seen, app.app_context():
        assert records_with_3d(db.session, asked) == {numbers[1], numbers[4]}
    assert len(seen) == 3
