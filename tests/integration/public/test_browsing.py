"""Image-led browsing (issue 17): home, gallery pages and search results are image cards (IIIF srcset, fixed
boxes, lazy loading, placeholders, 3D and audio badges), built in a fixed number of queries per page whatever
its number of cards (statements counted with SQLAlchemy's ``before_cursor_execute`` event)."""

from __future__ import annotations

import re

import pytest

from museum.catalogue.audio import AudioTrack
from museum.catalogue.images import ObjectImage
from museum.catalogue.models import Gallery, Record
from museum.catalogue.models3d import ObjectModel
from museum.catalogue.search_service import processor
from museum.extensions import db
from tests.sql import statements


def hall(app, count: int) -> list[str]:
    """A gallery ``hall`` of ``count`` bronzes: even-numbered ones have two images (a wide and a tall one),
    the first has a 3D model and the second an audio guide. Returns the accession numbers."""
    numbers = [f"T.{n:04d}" for n in range(count)]
    with app.app_context(), db.transaction() as session:
        gallery = Gallery(slug="hall", name={"zh": "展厅", "en": "Hall"})
        records = [Record(accession_number=number, title={"zh": f"铜器{n}号", "en": f"Bronze number {n}"},
                          gallery=gallery, category="bronze", period="warring-states", published=True)
                   for n, number in enumerate(numbers)]
        session.add_all(records)
        session.flush()
        for n, record in enumerate(records):
            if n % 2 == 0:
                for position, (width, height) in enumerate(((1200, 900), (500, 1000)), start=1):
                    session.add(ObjectImage(record_id=record.id, position=position,
                                            identifier=f"T_{n:04d}-{position}", width=width, height=height,
                                            source_path="x", source_sha256=f"{n:063d}{position}",
                                            source_format="jpeg", pyramid_path="x"))
        session.add(ObjectModel(record_id=records[0].id, source_name="0.glb", source_format="glb",
                                source_sha256="0" * 64, units="m", up="y"))
        if count > 1:
            session.add(AudioTrack(record_id=records[1].id, language="en", folder="t1", duration=30.0,
                                   sample_rate=48000, channels=1))
    return numbers


def cards(html: str) -> list[str]:
    return re.findall(r'<li class="object-card[^"]*">(.*?)</li>', html, re.S)


def test_gallery_cards_have_iiif_thumbnails_placeholders_and_badges(app):
    hall(app, 4)
    html = app.test_client().get("/en/galleries/hall").get_data(as_text=True)
    found = cards(html)
    assert len(found) == 4
    first, second = found[0], found[1]
    # the first image of the record (position 1, 1200 × 900), as IIIF width renderings with their widths
    assert 'srcset="http://localhost/iiif/3/T_0000-1/full/200,/0/default.jpg 200w, ' in first
    assert "/iiif/3/T_0000-1/full/800,/0/default.jpg 800w" in first and "T_0000-2" not in first
    assert 'width="400" height="300"' in first and 'alt=""' in first  # the title names the link
    assert 'sizes="(max-width: 600px) 50vw, 260px"' in first  # a 4:3 picture fills the 4:3 box
    assert 'class="badge badge-3d"' in first and "badge-audio" not in first
    # no image: a placeholder, never an <img> without a source; the audio badge
    assert "<img" not in second and 'class="card-placeholder"' in second and "No image yet" in second
    assert 'class="badge badge-audio"' in second and "badge-3d" not in second
    assert "Bronze number 1" in second and "Warring States · Bronze" in second


def test_a_tall_picture_asks_for_a_narrower_rendering(app):
    with app.app_context(), db.transaction() as session:
        record = Record(accession_number="T.9", title={"en": "Tall"}, published=True,
                        gallery=Gallery(slug="hall", name={"en": "Hall"}))
        session.add(record)
        session.flush()
        session.add(ObjectImage(record_id=record.id, position=1, identifier="T_9-1", width=600, height=1800,
                                source_path="x", source_sha256="9" * 64, source_format="jpeg",
                                pyramid_path="x"))
    html = app.test_client().get("/en/galleries/hall").get_data(as_text=True)
    # in the 4:3 box it is as high as the box and a quarter as wide (600/1800 × 3/4): 50vw/4, 260 px/4
    assert 'sizes="(max-width: 600px) 12vw, 65px"' in html
    assert "/full/600,/0/default.jpg 600w" in html and "800," not in html  # never upscaled


@pytest.mark.parametrize("page", ["/en/galleries/hall", "/en/"])
def test_pages_of_cards_cost_the_same_queries_for_3_or_24_cards(app, page):
    hall(app, 3)
    client = app.test_client()
    client.get(page)  # warm caches (vocabularies, templates)
    with statements(app) as few:
        assert client.get(page).status_code == 200
    with app.app_context(), db.transaction() as session:
        gallery = session.query(Gallery).filter_by(slug="hall").one()
        for n in range(3, 24):
            record = Record(accession_number=f"T.{n:04d}", title={"en": f"Bronze number {n}"},
                            gallery=gallery, published=True)
            session.add(record)
            session.flush()
            session.add(ObjectImage(record_id=record.id, position=1, identifier=f"T_{n:04d}-1", width=800,
                                    height=600, source_path="x", source_sha256=f"{n:064d}",
                                    source_format="jpeg", pyramid_path="x"))
    with statements(app) as many:
        html = client.get(page).get_data(as_text=True)
    assert html.count("<img ") >= 8
    assert len(many) == len(few), "\n".join(many)


def test_search_results_are_cards_in_a_fixed_number_of_queries(app):
    hall(app, 3)
    processor(app).process()
    client = app.test_client()
    client.get("/en/search?q=bronze")
    with statements(app) as few:
        html = client.get("/en/search?q=bronze").get_data(as_text=True)
    found = re.findall(r'<li class="object-card search-hit">(.*?)</li>', html, re.S)
    assert len(found) == 3
    assert sum("<img " in card for card in found) == 2
    assert sum("card-placeholder" in card for card in found) == 1
    hall_more = [f"T.{n:04d}" for n in range(3, 20)]
    with app.app_context(), db.transaction() as session:
        gallery = session.query(Gallery).filter_by(slug="hall").one()
        session.add_all(Record(accession_number=number, title={"en": f"Bronze extra {number}"},
                               gallery=gallery, published=True) for number in hall_more)
    processor(app).process()
    with statements(app) as many:
        html = client.get("/en/search?q=bronze").get_data(as_text=True)
    assert html.count('class="object-card search-hit"') == 20
    assert len(many) == len(few)


def test_home_has_a_featured_object_gallery_images_3d_and_recent_rows(app):
    hall(app, 4)
    html = app.test_client().get("/en/").get_data(as_text=True)
    featured = html[html.index('<section class="featured"'):html.index("</section>")]
    # the record with an image and a 3D model, its picture first and eager (the largest paint)
    assert "Bronze number 0" in featured
    assert 'fetchpriority="high"' in featured and 'loading="lazy"' not in featured
    gallery_card = re.search(r'<li class="gallery-card">(.*?)</li>', html, re.S).group(1)
    assert "/iiif/3/T_0000-1/full/" in gallery_card and "Hall" in gallery_card and "4 objects" in gallery_card
    assert "Objects with 3D models" in html and "Recently added" in html


def test_featured_object_is_configurable(app):
    hall(app, 4)
    app.config["FEATURED_OBJECT"] = "T.0002"
    html = app.test_client().get("/zh/").get_data(as_text=True)
    featured = html[html.index('<section class="featured"'):html.index("</section>")]
    assert "铜器2号" in featured and "精品推荐" in featured
