"""The visitor's keepsake: a PNG with the poem in vertical lines (right to left), a red seal and a QR code.

Drawn with Pillow in the AR PL UKai font (Debian ``fonts-arphic-ukai``); the QR code (segno) links to
the poem's public page.
"""

from __future__ import annotations

import io
from pathlib import Path

KAI_FONT = Path("/usr/share/fonts/truetype/arphic/ukai.ttc")
PAPER = (246, 238, 219)
INK = (38, 32, 28)
SEAL_RED = (178, 34, 34)
WIDTH, HEIGHT = 1200, 1600


def _font(size: int, font_path: Path | None = None):
    from PIL import ImageFont

    path = Path(font_path or KAI_FONT)
    if not path.exists():
        raise FileNotFoundError(f"{path}: Kai font missing (apt-get install fonts-arphic-ukai)")
    return ImageFont.truetype(str(path), size)


def _vertical(draw, text: str, x: int, y: int, font, step: int, fill) -> None:
    for i, char in enumerate(text):
        draw.text((x, y + i * step), char, font=font, fill=fill, anchor="mt")


def render_keepsake(lines: list[str], title: str, style: str, date: str, url: str,
                    font_path: Path | None = None) -> bytes:
    """PNG bytes of the keepsake."""
    import segno
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, WIDTH - 40, HEIGHT - 40), outline=SEAL_RED, width=4)
    length = len(lines[0])
    column = (WIDTH - 260) // (len(lines) + 2)  # poem lines + title + signature columns
    size = min(110, int(column * 0.72), int((HEIGHT - 520) / (length * 1.15)))
    poem_font, small = _font(size, font_path), _font(40, font_path)
    step = int(size * 1.15)
    x = WIDTH - 150
    _vertical(draw, title, x, 110, _font(64, font_path), 72, INK)  # title column, rightmost
    x -= column
    for line in lines:  # right to left
        _vertical(draw, line, x, 160, poem_font, step, INK)
        x -= column
    _vertical(draw, f"{style} {date}", x, 160, small, 46, (90, 80, 70))
    seal = Image.new("RGB", (150, 150), SEAL_RED)
    seal_draw = ImageDraw.Draw(seal)
    seal_font = _font(58, font_path)
    for i, char in enumerate("三游"):  # two characters read top to bottom
        seal_draw.text((75, 10 + i * 66), char, font=seal_font, fill=PAPER, anchor="mt")
    image.paste(seal, (x - 75, HEIGHT - 260))
    qr = segno.make(url, error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=6, border=2)
    buffer.seek(0)
    qr_image = Image.open(buffer).convert("RGB")
    image.paste(qr_image, (WIDTH - 80 - qr_image.width, HEIGHT - 80 - qr_image.height))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
