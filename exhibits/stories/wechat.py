"""An exhibition as a WeChat official-account article: HTML that the WeChat editor (公众号后台) keeps when
pasted or imported. The editor drops ``<style>``, ``<link>``, ``<script>``, classes and ids, and most of
the page's layout, so every element here carries its look in its own ``style`` attribute; images are at
most :data:`MAX_IMAGE_WIDTH` pixels wide (the width the editor stores a picture at) with their ``width``
and ``height`` set, and stretch to the phone's width by ``width:100%``. WeChat articles cannot link
outside WeChat, so a link becomes its text followed by its address.

Framework-free: the shell (``museum/exhibition_exports.py``) resolves the blocks, this module writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

MAX_IMAGE_WIDTH = 1080
INK, MUTED, ACCENT, PAPER = "#212529", "#5c636a", "#9b3b2a", "#f7f3ea"
BODY = f"margin:0 0 16px;font-size:16px;line-height:1.8;color:{INK};letter-spacing:0.5px;"
STYLES = {
    "p": BODY,
    "h3": f"margin:24px 0 8px;font-size:17px;font-weight:bold;color:{INK};",
    "h4": f"margin:20px 0 8px;font-size:16px;font-weight:bold;color:{INK};",
    "strong": f"font-weight:bold;color:{INK};", "b": "font-weight:bold;",
    "em": "font-style:italic;", "i": "font-style:italic;", "s": "text-decoration:line-through;",
    "blockquote": f"margin:0 0 16px;padding:8px 14px;border-left:3px solid {ACCENT};background:{PAPER};"
                  f"color:{MUTED};",
    "ul": "margin:0 0 16px;padding-left:24px;", "ol": "margin:0 0 16px;padding-left:24px;",
    "li": f"margin:0 0 6px;font-size:16px;line-height:1.8;color:{INK};",
    "code": "font-family:monospace;font-size:14px;background:#eee;padding:0 3px;",
    "pre": "margin:0 0 16px;padding:10px;background:#eee;font-size:13px;white-space:pre-wrap;",
    "small": f"font-size:13px;color:{MUTED};", "mark": "background:#fff3b0;",
    "table": "margin:0 0 16px;border-collapse:collapse;width:100%;",
    "th": "border:1px solid #ccc;padding:4px 8px;font-weight:bold;text-align:left;",
    "td": "border:1px solid #ccc;padding:4px 8px;",
    "hr": "border:0;border-top:1px solid #ddd;margin:24px 0;",
    "span": "", "sub": "", "sup": "", "ruby": "", "rt": "", "rp": "", "abbr": "", "cite": "", "q": "",
    "br": "", "thead": "", "tbody": "", "tr": "",
}
VOID = frozenset({"br", "hr", "img"})


@dataclass
class Picture:
    src: str  # an image URL already at ``width`` pixels wide
    width: int
    height: int
    alt: str = ""
    caption: str = ""


@dataclass
class Part:
    """One piece of the article: a heading, sanitised section HTML, pictures and a note."""
    heading: str = ""
    html: str = ""  # sanitised HTML (exhibits.stories.text.render); styled inline here
    pictures: list[Picture] = field(default_factory=list)
    note: str = ""
    lang: str = ""


class _Inliner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.links.append(attrs.get("href") or "")
            return
        if tag not in STYLES:
            return
        kept = [f'style="{escape(STYLES[tag])}"'] if STYLES[tag] else []
        if attrs.get("lang"):
            kept.append(f'lang="{escape(attrs["lang"])}"')
        if tag == "th" and attrs.get("scope"):
            kept.append(f'scope="{escape(attrs["scope"])}"')
        self.out.append(f"<{tag}{''.join(' ' + a for a in kept)}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "a":
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "a":
            href = self.links.pop() if self.links else ""
            if href.startswith(("http://", "https://")):
                self.out.append(f'<span style="font-size:13px;color:{MUTED};"> ({escape(href)})</span>')
            return
        if tag in STYLES and tag not in VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(escape(data, quote=False))


def inline(html: str) -> str:
    """Sanitised section HTML with each element's look in its ``style`` and links written out."""
    parser = _Inliner()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


def picture_html(picture: Picture) -> str:
    width = min(picture.width, MAX_IMAGE_WIDTH)
    height = round(picture.height * width / picture.width) if picture.width else picture.height
    image = (f'<img src="{escape(picture.src)}" alt="{escape(picture.alt)}" width="{width}" '
             f'height="{height}" '
             f'style="display:block;width:100%;max-width:{width}px;height:auto;margin:0 auto;">')
    caption = (f'<p style="margin:6px 0 0;font-size:13px;line-height:1.6;color:{MUTED};text-align:center;">'
               f"{escape(picture.caption)}</p>" if picture.caption else "")
    return f'<section style="margin:0 0 20px;">{image}{caption}</section>'


def article(title: str, summary: str, cover: Picture | None, parts: list[Part], footer: str,
            lang: str) -> str:
    """The whole article as one HTML document, styles inline only."""
    body = [f'<h1 style="margin:0 0 12px;font-size:22px;line-height:1.4;font-weight:bold;color:{INK};">'
            f"{escape(title)}</h1>"]
    if summary:
        body.append(f'<p style="margin:0 0 20px;font-size:15px;line-height:1.8;color:{MUTED};">'
                    f"{escape(summary)}</p>")
    if cover:
        body.append(picture_html(cover))
    for part in parts:
        lang_attr = f' lang="{escape(part.lang)}"' if part.lang else ""
        body.append(f'<section style="margin:0 0 8px;"{lang_attr}>')
        if part.heading:
            body.append(f'<h2 style="margin:28px 0 12px;padding-left:10px;border-left:4px solid {ACCENT};'
                        f'font-size:19px;line-height:1.4;font-weight:bold;color:{INK};">'
                        f"{escape(part.heading)}</h2>")
        if part.html:
            body.append(inline(part.html))
        body.extend(picture_html(p) for p in part.pictures)
        if part.note:
            body.append(f'<p style="margin:0 0 16px;font-size:14px;line-height:1.7;color:{MUTED};">'
                        f"{escape(part.note)}</p>")
        body.append("</section>")
    body.append(f'<p style="margin:32px 0 0;padding-top:12px;border-top:1px solid #ddd;font-size:13px;'
                f'line-height:1.7;color:{MUTED};">{escape(footer)}</p>')
    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title></head>"
            f'<body style="margin:0;padding:0;background:#ffffff;">'
            f'<section style="max-width:677px;margin:0 auto;padding:20px 16px;font-family:-apple-system,'
            f"BlinkMacSystemFont,'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC',"
            f'sans-serif;">{"".join(body)}</section></body></html>\n')
