"""Sections' Markdown is rendered and sanitised: scripts, event handlers, javascript:/data: links and
inline styles never reach the page, while ordinary Markdown and safe links do."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from exhibits.stories import figures, text

ATTACKS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<a href="#" onclick="alert(1)">click</a>',
    '<b onmouseover=alert(1)>bold</b>',
    '<a href="javascript:alert(1)">raw link</a>',
    '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
    '<a href="&#106;avascript:alert(1)">entity</a>',
    "[markdown link](javascript:alert(1))",
    "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload=alert(1)><circle r="4"/></svg>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<style>body { display: none }</style>",
    '<form action="https://evil.example"><input name=x></form>',
]


class Elements(HTMLParser):
    """Every element and attribute of a piece of HTML, as a browser's tokenizer sees them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name: value or "" for name, value in attrs}))


@pytest.mark.parametrize("attack", ATTACKS)
def test_nothing_executable_survives(attack):
    html = text.render(f"Before {attack} after")
    for tag, attributes in Elements(html).found:
        assert tag in text.TAGS, (attack, html)
        assert not any(name.startswith("on") or name == "style" for name in attributes), (attack, html)
        href = attributes.get("href", "").strip().lower()
        assert not href or href.startswith(("https:", "http:", "mailto:", "#", "/")), (attack, html)
    assert "<script" not in html.lower() and "alert(1)</" not in html
    assert "Before" in html and "after" in html


def test_markdown_and_safe_links_are_kept():
    html = text.render("# Tigers\n\nThe **Ba** revered the *tiger*: [see](https://example.org/x) "
                       "and <ruby>錞<rt>chún</rt></ruby>.\n\n- one\n- two")
    assert "<h3>Tigers</h3>" in html  # a section's headings sit under the section's own <h2>
    assert "<strong>Ba</strong>" in html and "<em>tiger</em>" in html
    assert '<a href="https://example.org/x" rel="noopener noreferrer">see</a>' in html
    assert "<ruby>錞<rt>chún</rt></ruby>" in html
    assert "<li>one</li>" in html


def test_timeline_places_bce_periods_in_order_on_one_axis():
    bars, first, last = figures.timeline([
        ("ming", "Ming", "1368–1644", 1368, 1644),
        ("warring-states", "Warring States", "475–221 BC", -475, -221),
        ("palaeolithic", "Palaeolithic", "", None, -10000),
        ("shang", "Shang", "1600–1046 BC", -1600, -1046),
    ])
    assert [b.key for b in bars] == ["palaeolithic", "shang", "warring-states", "ming"]
    assert (first, last) == (-10000, 1644)
    lefts = [b.left for b in bars]
    assert lefts == sorted(lefts) and lefts[0] == 0
    assert all(0 <= b.left and b.left + b.width <= 100.01 for b in bars)


def test_map_keeps_north_up_and_east_right():
    drawn = figures.site_map([("wushan", "Wushan", 31.07, 109.88, 1),
                              ("chongqing", "Chongqing", 29.56, 106.55, 1)])
    wushan, chongqing = drawn.points
    assert wushan.x > chongqing.x  # east is right
    assert wushan.y < chongqing.y  # north is up
    assert all(0 <= p.x <= drawn.width and 0 <= p.y <= drawn.height for p in drawn.points)
    assert drawn.river.startswith("M")


def test_labels_of_nearby_sites_do_not_overlap():
    drawn = figures.site_map([("a", "Zhongxian", 30.30, 108.04, 0),
                              ("b", "Wuyang, Zhongxian", 30.24, 107.98, 0),
                              ("c", "Zhongba, Zhongxian", 30.34, 108.03, 0),
                              ("d", "Shizhu", 30.00, 108.11, 0)])
    boxes = [figures._label_box(p.label_x, p.label_y, p.anchor, figures._label_width(p.label))
             for p in drawn.points]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
