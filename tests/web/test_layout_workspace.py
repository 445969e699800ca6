"""The curator's layout workspace as one journey in a real Chromium, in Chinese and in English: open a
layout, open a wall case and move an object inside it (the case stays), move a case, drag a case out of
the hall (it goes back, with a message), undo, save a version, compare previews of the two versions from
two viewpoints, walk the three.js twin (the chunyu's model and the handscroll's photo are drawn: the
pixels where they stand change when they are hidden; the chunyu is labelled with its title, far objects
are not) — with no axe violations on each page. With
TWIN_SHOTS=DIR set, each state is saved there as a screenshot to look at."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from museum.catalogue import accounts
from museum.catalogue import layouts as store
from museum.extensions import db, password_hasher
from tests.web.conftest import WAIT_MS
from tests.web.test_accessibility import describe, run_axe

pytestmark = pytest.mark.web
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = json.loads((ROOT / "exhibits/layouts/samples/three-gorges.json").read_text(encoding="utf-8"))
PASSWORD = "correct horse battery"
CURATOR = "layout-journey"
SHOTS = os.environ.get("TWIN_SHOTS")


@pytest.fixture(scope="module")
def workspace(live_sample):
    """The sample server (with the chunyu's model and the handscroll's photo), a curator and one copy of
    the sample layout per language, so the journey's saves touch nothing else."""
    app, base = live_sample
    with app.app_context(), db.transaction() as session:
        accounts.create_user(session, CURATOR, "curator", PASSWORD, password_hasher())
        for lang in ("zh", "en"):
            store.save_version(session, {**SAMPLE, "id": f"journey-{lang}"}, author="test", note="sample")
    return app, base


def shot(page, name: str, lang: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{lang}-{name}.png", full_page=True)


def no_violations(page, name: str) -> None:
    violations = run_axe(page)
    assert violations == [], f"{name}:\n{describe(violations)}"


def drawn(page) -> None:
    """Two animation frames: Konva draws a change (and its hit regions, which a pointer is tested against)
    in the next frame, so a click or drag sent sooner can find an item where it was before (a busy machine
    did)."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def drag(page, start: dict, dx: float, dy: float) -> None:
    """A mouse drag in steps (Konva sees dragmove) by dx, dy page pixels."""
    drawn(page)
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    for step in range(1, 9):
        page.mouse.move(start["x"] + dx * step / 8, start["y"] + dy * step / 8)
    page.mouse.up()


def where(page, kind: str, id_: str) -> list[float]:
    return page.evaluate(f"window.layoutEditor.state.doc.{kind}.find(x => x.id === '{id_}').position")


def pixels(page, clip: dict) -> Image.Image:
    return Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB")


def changed_pixels(a: Image.Image, b: Image.Image) -> int:
    difference = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 24 else 0)
    return sum(1 for v in difference.getdata() if v)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_layout_journey(workspace, browser, lang):
    _, base = workspace
    slug = f"journey-{lang}"
    context = browser.new_context(viewport={"width": 1440, "height": 900},
                                  locale="en-GB" if lang == "en" else "zh-CN")
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    try:
        page.goto(f"{base}/curator/layouts/{slug}?lang={lang}")
        page.fill("#username", CURATOR)
        page.fill("#password", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_function("() => window.layoutEditor && window.layoutEditor.state.report"
                               " && window.layoutEditor.idle()")
        assert page.get_attribute("html", "lang") == ("zh-Hans" if lang == "zh" else "en")
        no_violations(page, "editor")

        # an object inside a wall case: the case opens (double-click), the object moves, the case stays
        w1 = page.evaluate("window.layoutEditor.pagePosition('W1')")
        page.mouse.dblclick(w1["x"], w1["y"])
        page.wait_for_function("() => window.layoutEditor.state.openCase === 'W1'")
        zoom = page.evaluate("window.layoutEditor.stage.scaleX() * window.layoutEditor.state.scale")
        drag(page, page.evaluate("window.layoutEditor.pagePosition('p04')"), 0.3 * zoom, 0)
        assert where(page, "placements", "p04") == pytest.approx([0.9, 0.0], abs=0.03)
        assert where(page, "cases", "W1") == [7, 0.5]
        shot(page, "editor-case-open", lang)
        page.keyboard.press("Escape")
        page.wait_for_function("() => window.layoutEditor.state.openCase === null")
        page.click("#zoom-fit")

        # a case moves (grid snapping: whole decimetres) and the clearances are measured as it goes
        scale = page.evaluate("window.layoutEditor.state.scale")
        drag(page, page.evaluate("window.layoutEditor.pagePosition('F6')"), 1.0 * scale, 0)
        assert where(page, "cases", "F6") == pytest.approx([36.0, 11.0], abs=0.11)
        clearances = page.locator("#clearances").inner_text()  # 2.69 m to the screen wall's end, 4.7 m to F5
        assert re.search(r"2[.,]69\D.*F5 4[.,]70\D", clearances), clearances

        # out of the hall: W5 is dragged 3 m south of the south wall and comes back, with a message
        drag(page, page.evaluate("window.layoutEditor.pagePosition('W5')"), 0, 3.0 * scale)
        assert where(page, "cases", "W5") == [35, 0.5]
        assert "W5" in page.locator("#status").inner_text()
        assert page.evaluate("!!window.layoutEditor.state.nodes['W5'].getLayer()")
        page.wait_for_function("() => window.layoutEditor.idle()")  # the check of the hall as it is again
        codes = page.eval_on_selector_all("#problems li", "items => items.map(i => i.dataset.code)")
        assert "case_outside_hall" not in codes, codes
        shot(page, "editor-refused", lang)

        # undo the case move (button), redo and undo again (keys); the object's move stays
        page.click("#undo")
        assert where(page, "cases", "F6") == [35, 11]
        page.focus("#plan")
        page.keyboard.press("Control+Shift+Z")
        assert where(page, "cases", "F6") == pytest.approx([36.0, 11.0], abs=0.11)
        page.keyboard.press("Control+Z")
        assert where(page, "cases", "F6") == [35, 11]
        assert where(page, "placements", "p04") == pytest.approx([0.9, 0.0], abs=0.03)

        # arrow keys move the selection 10 cm
        page.evaluate("window.layoutEditor.select('F5')")
        page.focus("#plan")
        page.keyboard.press("ArrowUp")
        assert where(page, "cases", "F5") == pytest.approx([30.0, 11.1], abs=0.001)
        page.keyboard.press("Control+Z")

        # save a version
        page.fill("#note", "p04 moved")
        page.click("#save")
        page.wait_for_function("() => window.layoutEditor.state.loadedVersion === 2"
                               " && window.layoutEditor.idle()")
        assert where(page, "placements", "p04") == pytest.approx([0.9, 0.0], abs=0.03)

        # previews of versions 1 and 2 from the entrance and from W1: the moved object shows in W1's pair
        page.goto(f"{base}/curator/layouts/{slug}/compare?from=1&to=2&view=entrance&view=W1")
        page.wait_for_function("() => [...document.querySelectorAll('.comparison img')]"
                               ".every(i => i.complete && i.naturalWidth === 960)", timeout=180_000)
        assert page.locator(".comparison").count() == 2
        pair = page.locator(".comparison[data-view=W1] img")
        before = Image.open(io.BytesIO(pair.nth(0).screenshot())).convert("RGB")
        after = Image.open(io.BytesIO(pair.nth(1).screenshot())).convert("RGB")
        assert changed_pixels(before, after) > 50, "W1 seen from the same place differs between versions"
        shot(page, "compare", lang)
        no_violations(page, "compare")

        # the twin: the chunyu (F1) and the handscroll (T1) are drawn where they stand
        page.goto(f"{base}/curator/layouts/{slug}/twin?version=2")
        page.wait_for_function("() => window.layoutTwin && window.layoutTwin.ready", timeout=180_000)
        no_violations(page, "twin")
        box = page.locator("#twin-view").bounding_box()
        middle = {"x": box["x"] + box["width"] * 0.3, "y": box["y"] + box["height"] * 0.2,
                  "width": box["width"] * 0.4, "height": box["height"] * 0.7}
        for view, names, least in (("F1", "p33-model", 2000), ("T1", "p32-photo", 500)):
            page.select_option("#viewpoint", view)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            if view == "F1":  # labels: the chunyu's title in the page's language, the case's id, not far ones
                title = next(p for p in SAMPLE["placements"] if p["id"] == "p33")["object"]["title"][lang]
                assert page.locator(".twin-label-object", has_text=title).is_visible()
                assert page.locator(".twin-label-case", has_text="W1").is_visible()
                assert "p01" not in page.evaluate("window.layoutTwin.shownLabels()")  # across the hall
            shown = pixels(page, middle)
            shot(page, f"twin-{view}", lang)
            page.evaluate("""names => { window.layoutTwin.scene.traverse(n => {
                if (n.name.startsWith(names)) { n.visible = false; } });
                window.layoutTwin.redraw(); }""", names)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            hidden = pixels(page, middle)
            assert changed_pixels(shown, hidden) > least, view
            if view == "T1":  # the photo, not one colour: many distinct colours where it is drawn
                mask = ImageChops.difference(shown, hidden).convert("L").point(lambda v: 255 if v > 24 else 0)
                colours = {c for c, m in zip(shown.getdata(), mask.getdata(), strict=True) if m}
                assert len(colours) > 50
        if SHOTS:  # the chime bells, drawn as their 14 members
            page.select_option("#viewpoint", "F4")
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            shot(page, "twin-F4", lang)
        # walking: W held moves the eye forward
        page.select_option("#viewpoint", "entrance")
        start = page.evaluate("window.layoutTwin.camera.position.x")
        page.focus("#twin-view")
        page.keyboard.down("w")
        page.wait_for_function(f"() => window.layoutTwin.camera.position.x > {start} + 0.5")
        page.keyboard.up("w")
        shot(page, "twin-walk", lang)
    finally:
        context.close()
