"""The Content-Security-Policy's promises that can be checked without a browser (the browser checks are in
tests/web: every web test fails on a CSP violation)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from werkzeug.test import Client

from museum import security

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIR = ROOT / "museum" / "templates"
TEMPLATES = sorted(TEMPLATE_DIR.rglob("*.html"))
# what 'script-src/style-src 'self'' without 'unsafe-inline' refuses
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")"
                                r"[^>]*>", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATE_DIR)))
def test_templates_have_nothing_inline_that_the_policy_refuses(template):
    text = re.sub(r"\{#.*?#\}", "", template.read_text(encoding="utf-8"), flags=re.S)  # Jinja comments
    # the twin's import map, allowed by its hash (tests/integration/curator/test_layout_twin_pages.py)
    text = text.replace('<script type="importmap">{{ import_map|safe }}</script>', "")
    found = [f"{name}: {m.group(0)}" for name, pattern in INLINE.items() for m in pattern.finditer(text)]
    assert found == []


def test_the_guard_sees_what_the_browser_would_refuse():
    samples = ['<script>alert(1)</script>', '<style>p{}</style>', '<p style="color:red">',
               '<a onclick="x()">', '<a href="javascript:history.back()">']
    assert [any(p.search(s) for p in INLINE.values()) for s in samples] == [True] * len(samples)
    allowed = ['<script src="/static/js/a.js" defer></script>',
               '<script type="application/json" id="d">{}</script>',
               '<script type="application/ld+json">{}</script>', '<button data-on="1">']
    assert [any(p.search(s) for p in INLINE.values()) for s in allowed] == [False] * len(allowed)


def _library_style(package: str) -> str:
    """The text of the <style> the package's served build makes."""
    if package == "openseadragon":
        source = (ROOT / "node_modules/openseadragon/build/openseadragon/openseadragon.min.js").read_text()
        found = re.search(r'data-openseadragon-mobile-css","true"\);\w+\.textContent="([^"]*)"', source)
        return found.group(1)
    source = (ROOT / "node_modules/@google/model-viewer/dist/model-viewer.min.js").read_text()
    return re.search(r"<style>(.*?)</style>", source, re.S).group(1)  # one, static, in its lit template


@pytest.mark.parametrize("package", security.LIBRARY_STYLES)
def test_the_allowed_library_styles_are_what_the_installed_libraries_make(package):
    """style-src allows exactly these <style> texts: a new version with another text would be refused by the
    browser (and make the web tests fail); this names the cause at once."""
    assert security.source_hash(_library_style(package)) == security.LIBRARY_STYLES[package]
    assert security.LIBRARY_STYLES[package] in security.CSP["style-src"]


def test_answers_made_below_flask_still_get_the_strict_defaults():
    def too_large(environ, start_response):  # e.g. a body-size middleware refusing before Flask runs
        start_response("413 Content Too Large", [("Content-Type", "text/plain")])
        return [b"too large"]

    def own_policy(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain"),
                                  ("Content-Security-Policy", "default-src 'none'")])
        return [b"ok"]

    refused = Client(security._Guaranteed(too_large, "max-age=60")).get("/", base_url="https://museum.example")
    assert refused.status_code == 413
    default_policy = dict(security.DEFAULT.headers())["Content-Security-Policy"]
    assert refused.headers["Content-Security-Policy"] == default_policy
    assert refused.headers["X-Frame-Options"] == "DENY"
    assert refused.headers["X-Content-Type-Options"] == "nosniff"
    assert refused.headers["Strict-Transport-Security"] == "max-age=60"
    plain = Client(security._Guaranteed(too_large, "max-age=60")).get("/")
    assert "Strict-Transport-Security" not in plain.headers
    kept = Client(security._Guaranteed(own_policy, None)).get("/")
    assert kept.headers["Content-Security-Policy"] == "default-src 'none'"
    assert "X-Frame-Options" not in kept.headers


def test_policy_changes_replace_or_remove_directives():
    changed = security.DEFAULT.changed(csp={"media-src": "'self' blob:", "worker-src": None},
                                       permissions={"camera": "(self)"}, referrer="no-referrer")
    headers = dict(changed.headers())
    assert "media-src 'self' blob:" in headers["Content-Security-Policy"]
    assert "worker-src" not in headers["Content-Security-Policy"]
    assert "camera=(self)" in headers["Permissions-Policy"] and headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in dict(security.DEFAULT.headers())["Permissions-Policy"]  # the default is unchanged
