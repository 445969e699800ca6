"""A visitor's walk through the public site in every language at 1366×900 and on a 390×844 phone (issue 17):
home → gallery → object (with its share block) → search with a category and a year range → a search with no
results → a pinyin search. On every page: grid images shown, no text in another script than the page's
language unless it is marked (an element with its own ``lang``), nothing wider than the screen, cards not
overlapping, axe 0 violations; on the phone the first search result is in the first screen."""

from __future__ import annotations

import pytest

from tests.web.test_accessibility import run_axe
from tests.web.test_public_browsing import CARD_IMAGES_LOADED, DESK, PHONE

pytestmark = pytest.mark.web

SEGMENTS = ("zh", "zh-hant", "en", "ja", "ko", "fr")
WALK = {
    "home": "/{seg}/",
    "gallery": "/{seg}/galleries/ancient-ba-yu",
    "object": "/{seg}/objects/1989.0107",
    "search": "/{seg}/search?q=&category=bronze&from=500&from_era=bce&to=300&to_era=ce",
    "no results": "/{seg}/search?q=tongjing",
    "pinyin": "/{seg}/search?q=qing+tong",
}
# Scripts a page in this language must not show unmarked (Latin is allowed everywhere: 3D, IIIF, cm …).
FOREIGN = {"zh-Hans": "kana|hangul", "zh-Hant": "kana|hangul", "ja": "hangul", "ko": "kana|han",
           "en": "kana|hangul|han", "fr": "kana|hangul|han"}

# Visible text nodes whose nearest lang is the page's own, in a script the page's language does not use.
FOREIGN_TEXT = """(forbidden) => {
  const scripts = {kana: /[\\u3040-\\u30ff]/, hangul: /[\\uac00-\\ud7af\\u1100-\\u11ff]/,
                   han: /[\\u3400-\\u9fff\\uf900-\\ufaff]/};
  const page = document.documentElement.lang;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!element || !node.textContent.trim()) continue;
    if (element.closest('script, style, template, noscript')) continue;
    if (!element.getClientRects().length) continue;  // not shown
    const marked = element.closest('[lang]');
    if (marked && marked !== document.documentElement && marked.lang !== page) continue;
    for (const name of forbidden.split('|')) {
      if (scripts[name].test(node.textContent)) {
        found.push(name + ': ' + node.textContent.trim().slice(0, 60));
      }
    }
  }
  return found;
}"""

# Elements wider than the screen, and cards that overlap another card.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) problems.push('page scrolls sideways');
  for (const element of document.querySelectorAll('main *')) {
    const box = element.getBoundingClientRect();
    if (box.width && box.right > width + 1 && getComputedStyle(element).position !== 'fixed'
        && !element.closest('[data-scroll-x], .deep-zoom, model-viewer')) {
      problems.push('wider than the screen: ' + element.tagName + '.' + element.className);
      break;
    }
  }
  const cards = [...document.querySelectorAll('main .card, main .search-hit')]
    .map((c) => c.getBoundingClientRect());
  for (let i = 0; i < cards.length; i++) {
    for (let j = i + 1; j < cards.length; j++) {
      const a = cards[i], b = cards[j];
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
        problems.push('cards overlap: ' + i + ' and ' + j);
      }
    }
  }
  return problems;
}"""


@pytest.mark.parametrize("size", ["desk", "phone"])
@pytest.mark.parametrize("segment", SEGMENTS)
def test_a_visitors_walk_reads_in_one_language(searchable, browser, segment, size):
    options = ({"viewport": DESK} if size == "desk"
               else {"viewport": PHONE, "is_mobile": True, "has_touch": True})
    context = browser.new_context(**options)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    problems = {}
    try:
        for name, path in WALK.items():
            response = page.goto(searchable + path.format(seg=segment))
            assert response.status == 200, (name, response.status)
            lang = page.evaluate("document.documentElement.lang")
            found = []
            images = page.evaluate(CARD_IMAGES_LOADED)
            found += images["problems"]
            page.evaluate("window.scrollTo(0, 0)")
            found += page.evaluate(FOREIGN_TEXT, FOREIGN[lang])
            found += page.evaluate(LAYOUT_PROBLEMS)
            found += [f"axe {v['id']}: {v['help']}" for v in run_axe(page)]
            if name in ("search", "pinyin") and size == "phone":
                first = page.locator(".search-hit").first.bounding_box()
                if first is None or first["y"] > PHONE["height"]:
                    found.append("first result not in the first screen")
            if name == "pinyin" and not page.locator(".search-hit").count():
                found.append("qing tong found nothing")
            if name == "no results" and not page.locator(".no-results-help a").count():
                found.append("no suggestions offered")
            if found:
                problems[name] = found
        assert not errors, errors
        assert problems == {}
    finally:
        context.close()
