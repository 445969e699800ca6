"""Record editing in a real Chromium: sign in, edit the French title beside the other five languages, save
a draft (the public page does not change), publish, compare versions and restore the first one."""

from __future__ import annotations

import pytest

from museum.catalogue import accounts
from museum.catalogue.models import Gallery, Record
from museum.extensions import db, password_hasher
from tests.web.conftest import live_app

pytestmark = pytest.mark.web
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    def fill(_app):
        with db.transaction() as session:
            accounts.create_user(session, "curator1", "curator", PASSWORD, password_hasher())
            gallery = Gallery(slug="ancient-ba-yu", name={"zh": "远古巴渝", "en": "Ancient Ba-Yu"})
            session.add(Record(accession_number="2002.0031",
                               title={"zh": "鸟形铜尊", "en": "Bird-shaped zun"}, height_cm=28.0,
                               width_cm=16.8, depth_cm=29.0, gallery=gallery, published=True))

    with live_app(tmp_path_factory.mktemp("curator"), fill) as (_, base):
        yield base


def test_edit_draft_publish_and_restore(site, page):
    page.goto(f"{site}/curator/records/2002.0031/edit?lang=en")  # the English workspace
    page.fill("#username", "curator1")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    assert page.url.endswith("/curator/records/2002.0031/edit?lang=en")
    languages = ("zh", "zh-Hant", "en", "ja", "ko", "fr")
    boxes = [page.locator(f"#title_{lang}").bounding_box() for lang in languages]
    ys, xs = [b["y"] for b in boxes], [b["x"] for b in boxes]
    assert max(ys) - min(ys) < 10 and xs == sorted(xs), "the six title fields are side by side"
    assert page.input_value("#title_en") == "Bird-shaped zun"

    page.fill("#title_fr", "Zun en forme d'oiseau")
    page.click("button[value=draft]")
    assert "Draft saved" in page.inner_text(".flash")
    assert page.locator("ins", has_text="Zun en forme d'oiseau").count() == 1
    public = page.context.new_page()
    public.goto(f"{site}/fr/objects/2002.0031")
    assert "Zun en forme d'oiseau" not in public.inner_text("main")

    page.click("text=Publish the draft")
    assert "Published as version 2" in page.inner_text(".flash")
    public.reload()
    assert "Zun en forme d'oiseau" in public.inner_text("main")

    page.click("text=changes")
    assert page.locator("th", has_text="Title · Français").count() == 1
    page.goto(f"{site}/curator/records/2002.0031")
    page.click("text=Restore this version")
    assert "Version 1 restored as version 3" in page.inner_text(".flash")
    public.reload()
    assert "Zun en forme d'oiseau" not in public.inner_text("main")
    assert page.js_errors == []
