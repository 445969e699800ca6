"""Object pages in a real Chromium, six languages, desktop and phone: the vocabulary fields are in the
reader's language, nothing overflows, and Chinese shown to a non-Chinese reader is always marked.

``LANG_SHOTS=/tmp/lang-shots`` keeps a screenshot of every page looked at."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.web

HAN = re.compile(r"[\u3400-\u9fff]")
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
FIELDS = {  # 1989.0107: 青铜, 万县甘宁乡, 考古发掘
    "zh": ("青铜", "万县甘宁乡", "考古发掘"), "zh-hant": ("青銅", "萬縣甘寧鄉", "考古發掘"),
    "en": ("Bronze", "Ganning Township, Wanxian", "Archaeological excavation"),
    "ja": ("青銅", "万県甘寧郷", "考古発掘"), "ko": ("청동", "만현 감녕향", "고고 발굴"),
    "fr": ("Bronze", "Canton de Ganning, Wanxian", "Fouilles archéologiques"),
}
# Text nodes in Han characters outside an element marked with another lang (the fallback marking)
UNMARKED_HAN = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.querySelector("dl.fields"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const marked = node.parentElement.closest("[lang]");
    if (/[\\u3400-\\u9fff]/.test(node.textContent) && marked === document.documentElement) {
      out.push(node.textContent);
    }
  }
  return out;
}"""
OVERFLOWING = """() => [...document.querySelectorAll("dl.fields dt, dl.fields dd, h1, .description")]
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
               || e.scrollWidth > e.clientWidth + 1).map((e) => e.outerHTML.slice(0, 80))"""


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("segment", FIELDS)
def test_object_fields_in_the_readers_language(live_sample, page, segment, size):
    _, base = live_sample
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    page.goto(f"{base}/{segment}/objects/1989.0107")
    material, site, method = FIELDS[segment]
    assert page.locator('dd[data-field="material"]').inner_text() == material
    assert page.locator('dd[data-field="find_site"]').inner_text() == site
    assert page.locator('dd[data-field="acquisition_method"]').inner_text().startswith(method)
    if segment in ("en", "fr", "ko"):
        assert page.evaluate(UNMARKED_HAN) == []
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= SIZES[size][0]
    if os.environ.get("LANG_SHOTS"):
        Path(os.environ["LANG_SHOTS"]).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{os.environ['LANG_SHOTS']}/object-{segment}-{size}.png", full_page=True)
    assert page.js_errors == []


@pytest.mark.parametrize(("segment", "q", "first"), [("zh", "鼎", "青铜"), ("en", "mirror", "bronze"),
                                                     ("ko", "铜镜", "청동")])
def test_no_results_offers_terms_and_galleries_on_a_phone(searchable, page, segment, q, first):  # noqa: F811
    base = searchable
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/{segment}/search?q={q}")
    suggestion = page.locator(".no-results-help .suggestions a").first
    assert suggestion.inner_text() == first
    box = suggestion.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844  # in the first screen on a phone
    assert page.locator(".no-results-help .suggested-galleries a").count() >= 1
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    if os.environ.get("LANG_SHOTS"):
        page.screenshot(path=f"{os.environ['LANG_SHOTS']}/no-results-{segment}-phone.png", full_page=True)
    suggestion.click()
    page.wait_for_url(f"**/{segment}/search?q=*")
    assert page.locator(".search-hit").count() >= 1
