"""A section's Markdown as HTML that is safe to put in a page.

markdown-it-py (CommonMark, raw HTML allowed so curators can paste simple markup) renders, then nh3 (the
Ammonia sanitiser) keeps only an allow-list of elements and attributes: no ``<script>``/``<style>``, no
event handlers (``on…``), no ``style``, and links only to ``http``, ``https`` and ``mailto`` (and relative
ones), so ``javascript:`` and ``data:`` links lose their ``href``. Links get ``rel="noopener noreferrer"``.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

TAGS = frozenset({"p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "s", "sub", "sup", "small",
                  "blockquote", "ul", "ol", "li", "a", "code", "pre", "ruby", "rt", "rp", "abbr", "cite",
                  "q", "mark", "table", "thead", "tbody", "tr", "th", "td", "span"})
ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "th": {"scope"}, "*": {"lang"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})


def sanitise(html: str) -> str:
    """``html`` with everything outside the allow-list removed (the contents of script and style too)."""
    return nh3.clean(html, tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES), link_rel="noopener noreferrer",
                     clean_content_tags={"script", "style"}, strip_comments=True)


def render(markdown: str) -> str:
    """Markdown (CommonMark) → sanitised HTML. Headings start at ``<h3>``: the page and section titles
    are ``<h1>`` and ``<h2>``."""
    html = _markdown.render(markdown or "")
    for level in (4, 3, 2, 1):  # "# x" in a section is a sub-heading of the section
        html = html.replace(f"<h{level}>", f"<h{min(level + 2, 4)}>").replace(f"</h{level}>",
                                                                             f"</h{min(level + 2, 4)}>")
    return sanitise(html)
