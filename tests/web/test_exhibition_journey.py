"""One journey through online exhibitions in a real Chromium: a curator builds an exhibition with every
block kind in the workspace (a form per kind), moves a block, previews and publishes it; visitors read it in
Chinese and English on a desktop and a phone: every block renders (the image at its chosen region, deep
zoom opening at that region, the comparison slider, the 3D model aimed at its hotspot, the audio track
with its captions, the map and the timeline), the section's script never runs, the Open Graph image the page
announces is 1200 × 630, and axe finds nothing.
Screenshots go to /tmp/shots-exhibitions/ for people to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
import pyvips
from sqlalchemy import select

from museum.catalogue import accounts
from museum.catalogue.audio import TRACKS
from museum.catalogue.models3d import MODELS
from museum.extensions import db, password_hasher
from tests.web.test_accessibility import describe, run_axe

pytestmark = pytest.mark.web
PASSWORD = "exhibition journey pass"
SHOTS = Path("/tmp/shots-exhibitions")
KINDS = ("text", "object", "image", "compare", "model", "audio", "map", "timeline")
REGION = "400,0,600,400"


@pytest.fixture(scope="module")
def story_site(live_sample):
    app, base = live_sample
    with app.app_context(), db.transaction() as session:
        if session.scalar(select(accounts.User).where(accounts.User.username == "storyteller")) is None:
            accounts.create_user(session, "storyteller", "curator", PASSWORD, password_hasher())
        model = MODELS.list(session, "1989.0107")[0]
        track = next(t for t in TRACKS.list(session, "1989.0107") if t.language == "zh")
        facts = {"hotspot": str(model.hotspots[0]["id"]), "position": model.hotspots[0]["position"],
                 "track": track.folder}
    return base, facts


def add_block(page, kind: str, fields: dict) -> None:
    part = page.locator(f"[data-add-kind='{kind}']")
    part.locator("summary").click()
    for name, value in fields.items():
        part.locator(f"#new-{kind}-{name}").fill(value)
    part.locator("button[type=submit]").click()
    page.wait_for_selector(".flash[role=status]")
    assert page.locator("[data-problem]").count() == 0, page.locator("[data-problem]").inner_text()


def test_build_publish_and_read_an_exhibition(story_site, browser, page):
    base, facts = story_site
    SHOTS.mkdir(exist_ok=True)
    page.goto(f"{base}/curator/exhibitions?lang=en")
    page.fill("#username", "storyteller")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/curator/exhibitions*")
    page.fill("#slug", "journey-story")
    page.fill("#title_zh", "巴人的虎")
    page.fill("#title_en", "The tiger of the Ba")
    page.click("form.exhibition-new button[type=submit]")
    page.wait_for_url("**/curator/exhibitions/journey-story")

    page.locator("details.composer-part summary h2").click()  # title, summary and cover
    page.fill("#meta-summary-zh", "虎钮錞于与峡江的故事。")
    page.fill("#meta-summary-en", "The tiger-knob chunyu and the gorges.")
    page.fill("#meta-cover", "1963.0088-1")
    page.locator("details.composer-part[open] button[type=submit]").click()
    page.wait_for_selector(".flash[role=status]")

    add_block(page, "text", {"heading-zh": "虎与巴人", "heading-en": "The tiger and the Ba",
                             "body-zh": "巴人崇**虎**。<script>window.pwned = 1</script>",
                             "body-en": "The Ba revered the **tiger**. "
                                        "<img src=x onerror=\"window.pwned=2\"> "
                                        "[a trap](javascript:window.pwned=3)"})
    add_block(page, "object", {"accession": "1989.0107"})
    add_block(page, "image", {"image": "1951.0203-1", "region": REGION,
                              "caption-en": "A detail of the scroll", "caption-zh": "画卷局部"})
    add_block(page, "compare", {"before": "2002.0031-1", "after": "1977.0012-1"})
    add_block(page, "model", {"accession": "1989.0107", "hotspot": facts["hotspot"]})
    add_block(page, "audio", {"track": facts["track"]})
    add_block(page, "timeline", {"periods": "战国\nEastern Han\n商"})
    add_block(page, "map", {"places": "万县甘宁乡\n涪陵小田溪\nFengdu"})
    # a problem is said in the workspace's language and nothing is saved
    part = page.locator("[data-add-kind='object']")
    part.locator("summary").click()
    part.locator("#new-object-accession").fill("1900.9999")
    part.locator("button[type=submit]").click()
    assert "There is no record 1900.9999" in page.locator("[data-problem]").inner_text()
    # the map goes before the timeline
    page.locator("#block-8 .block-actions button", has_text="Move up").click()
    page.wait_for_selector(".flash[role=status]")
    assert [page.locator(f"#block-{n}").get_attribute("data-kind") for n in range(1, 9)] == list(KINDS)

    page.click("[data-preview]")
    page.wait_for_selector(".preview-banner")
    assert page.locator("[data-block]").count() == len(KINDS)
    page.go_back()
    page.locator("form.exhibition-publish button[type=submit]").first.click()
    page.wait_for_selector(".flash[role=status]")
    assert "published" in page.locator(".exhibition-state").inner_text().lower()

    # Chinese on a desktop and English on a phone (each view loads the software-rendered 3D viewer: the
    # two other pairs cost another ~40 s and test nothing these two do not)
    for segment, size, name in (("zh", (1440, 900), "desktop"), ("en", (390, 844), "phone")):
        context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                      is_mobile=name == "phone", has_touch=name == "phone")
        context.set_default_timeout(120_000)
        visitor = context.new_page()
        errors: list[str] = []
        visitor.on("pageerror", lambda error, seen=errors: seen.append(str(error)))
        try:
            read_as_visitor(visitor, f"{base}/{segment}/exhibitions/journey-story", facts, segment,
                            deep_zoom=(segment, name) == ("zh", "desktop"))
            visitor.screenshot(path=str(SHOTS / f"journey-{segment}-{name}.png"), full_page=True)
            violations = run_axe(visitor)
            assert violations == [], f"{segment} {name}:\n{describe(violations)}"
            assert errors == []
        finally:
            context.close()


def read_as_visitor(page, url: str, facts: dict, segment: str, deep_zoom: bool) -> None:
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == {"zh": "zh-Hans", "en": "en"}[segment]
    # the share image the page announces is drawn at the size it says
    og = page.locator("meta[property='og:image']").get_attribute("content")
    assert og.endswith(f"/{segment}/exhibitions/journey-story/share/og.jpg")
    card = pyvips.Image.new_from_buffer(page.request.get(og).body(), "")
    assert (card.width, card.height) == (1200, 630)
    for kind in KINDS:
        assert page.locator(f"[data-block='{kind}']").count() == 1, kind
    # every image, lazy ones too, is fetched and decoded once scrolled to
    for image in page.locator("[data-block] img").all():
        image.scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.querySelectorAll('[data-block] img')]"
                           ".every(img => img.complete && img.naturalWidth > 0)")
    # the section's script, event handler and javascript: link never run
    assert page.evaluate("window.pwned") is None
    text = page.locator("[data-block='text']")
    assert text.locator("strong").count() == 1 and text.locator("script, img").count() == 0
    assert text.locator("a[href^='javascript']").count() == 0
    # the image block shows the chosen region
    region = page.locator("[data-block='image'] img")
    assert f"/{REGION}/" in region.get_attribute("src")
    if deep_zoom:
        page.locator("[data-story-zoom-open]").click()
        page.wait_for_function("() => document.querySelector('[data-story-zoom]').dataset.opened === "
                               f"'{REGION}'")
    # comparison: the slider uncovers the second image
    compare = page.locator("[data-block='compare']")
    compare.locator("input[type=range]").fill("20")
    assert "80%" in compare.locator("[data-compare-before]").evaluate("e => e.style.clipPath")
    # the 3D model looks at the chosen hotspot
    viewer = page.locator("[data-block='model'] model-viewer")
    viewer.scroll_into_view_if_needed()
    page.wait_for_function("() => customElements.get('model-viewer') !== undefined")
    target = viewer.get_attribute("camera-target").split()
    assert [float(v.rstrip("m")) for v in target] == pytest.approx(facts["position"], abs=1e-6)
    assert viewer.locator(f"[slot='hotspot-{facts['hotspot']}']").count() == 1
    page.evaluate("document.querySelector('[data-block=model] model-viewer').updateComplete")
    # the audio track has its captions, in the reader's language when the object has a guide in it
    audio = page.locator("[data-block='audio'] audio")
    audio.scroll_into_view_if_needed()
    language = audio.locator("track[kind=captions]").get_attribute("srclang")
    assert language == {"zh": "zh-Hans", "en": "en"}[segment]
    page.wait_for_function("() => { const audio = document.querySelector('[data-block=audio] audio');"
                           " const t = audio.textTracks[0]; return t && t.cues && t.cues.length > 0; }")
    # the map marks each find site; the timeline puts the Shang before the Warring States and the Han
    assert page.locator("[data-block='map'] circle").count() == 3
    names = page.locator("[data-block='timeline'] .timeline-name").all_inner_texts()
    expected = {"zh": ["商", "战国", "东汉"], "en": ["Shang", "Warring States", "Eastern Han"]}
    assert names == expected[segment]
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, 0)")
