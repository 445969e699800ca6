"""Several items at once in the plan editor, and the clearances of an object in its open case, in a real
Chromium (English; with TWIN_SHOTS=DIR also Chinese, each state saved there as a screenshot to look at):
Shift-click gathers two cases, a drag moves both as one undo step, arrow keys too; a group with a wall case
against the south wall is refused as one (nothing moves); Escape clears; a Shift-drag box, Ctrl+A and the
] / Shift+] keys gather; in an open case an object shows its clearance to the case's inner wall and to the
nearest object, two objects move together and a box on the case's floor selects the objects it touches."""

from __future__ import annotations

import os
import re

import pytest

from museum.catalogue import accounts
from museum.catalogue import layouts as store
from museum.extensions import db, password_hasher
from tests.web.conftest import WAIT_MS
from tests.web.test_layout_workspace import PASSWORD, SAMPLE, drag, drawn, shot, where

pytestmark = pytest.mark.web
CURATOR = "layout-selection"
LANGS = ["en", "zh"] if os.environ.get("TWIN_SHOTS") else ["en"]


@pytest.fixture(scope="module")
def editor_server(live_sample):
    app, base = live_sample
    with app.app_context(), db.transaction() as session:
        accounts.create_user(session, CURATOR, "curator", PASSWORD, password_hasher())
        for lang in LANGS:
            store.save_version(session, {**SAMPLE, "id": f"selection-{lang}"}, author="test", note="sample")
    return app, base


def selection(page) -> list[str]:
    return page.evaluate("window.layoutEditor.selection()")


def on_screen(page, id_: str) -> dict:
    """Where the item ``id_`` is in the window (what the mouse is moved by), however the page scrolled."""
    return page.evaluate(f"""(() => {{ const p = window.layoutEditor.pagePosition('{id_}');
        return {{x: p.x - window.scrollX, y: p.y - window.scrollY}}; }})()""")


def click(page, id_: str, key: str | None = None) -> None:
    """A click on the item ``id_``, with ``key`` (Shift, Control) held."""
    drawn(page)
    at = on_screen(page, id_)
    if key:
        page.keyboard.down(key)
    page.mouse.click(at["x"], at["y"])
    if key:
        page.keyboard.up(key)


@pytest.mark.parametrize("lang", LANGS)
def test_several_items_move_as_one(editor_server, browser, lang):
    _, base = editor_server
    context = browser.new_context(viewport={"width": 1440, "height": 900},
                                  locale="en-GB" if lang == "en" else "zh-CN")
    context.set_default_timeout(WAIT_MS)
    try:
        journey(context.new_page(), f"{base}/curator/layouts/selection-{lang}?lang={lang}", CURATOR, lang)
    finally:
        context.close()


def journey(page, url: str, user: str, lang: str) -> None:
    page.goto(url)
    page.fill("#username", user)
    page.fill("#password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_function("() => window.layoutEditor && window.layoutEditor.state.report"
                           " && window.layoutEditor.idle()")

    # Shift-click gathers F5 and F6; a drag of F6 moves both (one undo step brings both back)
    click(page, "F5")
    page.wait_for_function("() => window.layoutEditor.selection().join() === 'F5'")
    click(page, "F6", "Shift")
    page.wait_for_function("() => window.layoutEditor.selection().join() === 'F5,F6'")
    assert page.evaluate("window.layoutEditor.state.measures.find('.group-outline').length") == 2
    assert "2" in page.locator("#selection").inner_text()
    scale = page.evaluate("window.layoutEditor.state.scale")
    drag(page, on_screen(page, "F6"), 1.0 * scale, 0)
    assert where(page, "cases", "F6") == pytest.approx([36.0, 11.0], abs=0.11)
    assert where(page, "cases", "F5") == pytest.approx([31.0, 11.0], abs=0.11)
    shot(page, "select-two-moved", lang)
    page.click("#undo")
    assert (where(page, "cases", "F5"), where(page, "cases", "F6")) == ([30, 11], [35, 11])
    assert page.is_disabled("#undo"), "the group's move was one step"

    # arrow keys move the group; one Ctrl+Z undoes it
    click(page, "F5")
    page.wait_for_function("() => window.layoutEditor.selection().join() === 'F5'")
    click(page, "F6", "Control")
    page.wait_for_function("() => window.layoutEditor.selection().join() === 'F5,F6'")
    page.focus("#plan")
    page.keyboard.press("ArrowUp")
    assert where(page, "cases", "F5") == pytest.approx([30.0, 11.1], abs=0.001)
    assert where(page, "cases", "F6") == pytest.approx([35.0, 11.1], abs=0.001)
    page.keyboard.press("Control+Z")
    assert (where(page, "cases", "F5"), where(page, "cases", "F6")) == ([30, 11], [35, 11])

    # W5 stands against the south wall: the group F5 + W5 cannot go south, and neither moves
    click(page, "W5", "Shift")
    page.wait_for_function("() => window.layoutEditor.selection().length === 3")
    click(page, "F6", "Shift")  # Shift-click again takes F6 out
    page.wait_for_function("() => window.layoutEditor.selection().length === 2")
    assert selection(page) == ["F5", "W5"]
    page.focus("#plan")
    page.keyboard.press("ArrowDown")
    assert (where(page, "cases", "F5"), where(page, "cases", "W5")) == ([30, 11], [35, 0.5])
    assert "W5" in page.locator("#status").inner_text()
    drag(page, on_screen(page, "F5"), 0, 3.0 * scale)
    assert (where(page, "cases", "F5"), where(page, "cases", "W5")) == ([30, 11], [35, 0.5])
    page.wait_for_function("() => window.layoutEditor.idle()")  # the check of the hall as it is again
    codes = page.eval_on_selector_all("#problems li", "items => items.map(i => i.dataset.code)")
    assert "case_outside_hall" not in codes, codes
    shot(page, "select-refused", lang)
    page.keyboard.press("Escape")
    assert selection(page) == []

    # a Shift-drag box around F5 and F6 (from above-left of F5 to below-right of F6)
    f5 = on_screen(page, "F5")
    f6 = on_screen(page, "F6")
    page.keyboard.down("Shift")
    page.mouse.move(f5["x"] - 0.8 * scale, f5["y"] - 1.0 * scale)
    page.mouse.down()
    page.mouse.move(f6["x"], f6["y"], steps=6)
    page.mouse.move(f6["x"] + 1.3 * scale, f6["y"] + 1.0 * scale, steps=4)
    page.mouse.up()
    page.keyboard.up("Shift")
    assert sorted(selection(page)) == ["F5", "F6"]
    assert page.evaluate("[window.layoutEditor.stage.x(), window.layoutEditor.stage.y()]") == [0, 0], \
        "the box did not pan the plan"

    # the keyboard alone: ] steps to an item, Shift+] adds the next, Ctrl+A takes all, Escape clears
    page.focus("#plan")
    page.keyboard.press("Escape")
    page.keyboard.press("BracketRight")
    page.keyboard.press("Shift+BracketRight")
    assert selection(page) == ["W1", "W2"]
    page.keyboard.press("Control+a")
    assert len(selection(page)) == 16  # 15 cases and the free-standing p41
    page.keyboard.press("Escape")
    assert selection(page) == []

    # in the open case W1: p04's clearances to the inner wall (0.32 m) and to p03 (0.85 m)
    page.evaluate("window.layoutEditor.openCase('W1')")
    click(page, "p04")
    text = page.locator("#clearances").inner_text()
    assert re.search(r"0[.,]32\D.*p03\D+0[.,]85\D", text), text
    assert page.evaluate("window.layoutEditor.state.measures.find('Arrow').length") == 2
    shot(page, "object-clearances", lang)
    click(page, "p05", "Shift")
    assert selection(page) == ["p04", "p05"]
    zoom = page.evaluate("window.layoutEditor.stage.scaleX() * window.layoutEditor.state.scale")
    drag(page, on_screen(page, "p05"), -0.2 * zoom, 0)
    assert where(page, "placements", "p05")[0] == pytest.approx(1.5, abs=0.03)
    assert where(page, "placements", "p04")[0] == pytest.approx(0.4, abs=0.03)
    assert where(page, "cases", "W1") == [7, 0.5]
    shot(page, "select-objects", lang)
    page.keyboard.press("Control+Z")
    assert where(page, "placements", "p04") == [0.6, 0.0]
    assert where(page, "placements", "p05") == [1.7, 0.0]

    # a Shift-drag box over the open case's floor takes p01 to p03 and nothing outside the case
    page.focus("#plan")
    page.keyboard.press("Escape")
    assert selection(page) == [] and page.evaluate("window.layoutEditor.state.openCase") == "W1"
    p01 = on_screen(page, "p01")
    p03 = on_screen(page, "p03")
    page.keyboard.down("Shift")
    page.mouse.move(p01["x"] - 0.1 * zoom, p01["y"] - 0.15 * zoom)
    page.mouse.down()
    page.mouse.move(p03["x"] + 0.1 * zoom, p03["y"] + 0.15 * zoom, steps=6)
    page.mouse.up()
    page.keyboard.up("Shift")
    assert selection(page) == ["p01", "p02", "p03"], selection(page)
