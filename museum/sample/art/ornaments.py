"""Ornament on the plausible records' drawings: decoration painted on vessels and parts added to their
outline, motifs on round faces, and relief carvings on slabs.
"""

from __future__ import annotations

import math

from museum.sample.art.materials import COBALT, VERMILION

# Decoration painted on vessels: (draw, centre x, floor y, pixels per cm, height cm).

def bands(colour, *fractions, width=0.012):
    def paint(d, c, f, cm, h):
        for fraction in fractions:
            y = f - fraction * h * cm
            d.rectangle(
                [c - 60 * h * cm, y - width * h * cm, c + 60 * h * cm, y + width * h * cm], fill=colour
            )

    return paint


def scroll(colour, low, high, *, flowers=(214, 120, 130), leaves=None, band=True):
    """A band of flowers on a scrolling stem between ``low`` and ``high`` (fractions of the height)."""
    def paint(d, c, f, cm, h):
        y0, y1 = f - high * h * cm, f - low * h * cm
        mid, amp = (y0 + y1) / 2, (y1 - y0) * 0.3
        points = [(c + (x - 40) * h * cm * 0.05, mid + amp * math.sin(x / 3)) for x in range(81)]
        d.line(points, fill=leaves or colour, width=max(2, round(h * cm * 0.012)))
        for k, (x, y) in enumerate(points[::6]):
            r = min((y1 - y0) * 0.22, h * cm * 0.07)
            d.ellipse([x - r, y - r, x + r, y + r], fill=flowers if flowers else colour)
            d.ellipse([x - r * 0.4, y - r * 0.4, x + r * 0.4, y + r * 0.4], fill=colour)
            ly = y + (r * 1.2 if k % 2 else -r * 1.2)
            d.ellipse([x + r * 0.6, ly - r * 0.35, x + r * 1.8, ly + r * 0.35], fill=leaves or colour)
        if band:
            for y in (y0, y1):
                d.rectangle([c - 60 * h * cm, y - 3, c + 60 * h * cm, y + 3], fill=colour)
    return paint


def both(*paints):
    def paint(d, c, f, cm, h):
        for p in paints:
            p(d, c, f, cm, h)
    return paint


def blue_landscape(d, c, f, cm, h):
    y0, y1 = f - 0.72 * h * cm, f - 0.25 * h * cm
    for k in range(5):
        x = c + (k - 2) * 0.16 * h * cm
        d.polygon([(x - 0.14 * h * cm, y1), (x, y0 + (k % 2) * 0.1 * h * cm), (x + 0.14 * h * cm, y1)],
                  outline=COBALT, fill=(178, 190, 220))
    d.line([(c - h * cm, y1 + 6), (c + h * cm, y1 + 6)], fill=COBALT, width=4)
    bands(COBALT, 0.8, 0.2)(d, c, f, cm, h)


def hares_fur(d, c, f, cm, h):
    for k in range(60):
        x = c + (k - 30) * 0.02 * h * cm
        d.line([(x, f - 0.95 * h * cm), (x + 0.01 * h * cm, f - (0.35 + 0.1 * (k % 3)) * h * cm)],
               fill=(150, 96, 56), width=max(2, round(0.006 * h * cm)))
    d.rectangle([c - h * cm, f - 0.2 * h * cm, c + h * cm, f], fill=(190, 160, 130))  # unglazed foot


def weave(d, c, f, cm, h):
    step = max(6, round(0.06 * h * cm))
    for y in range(round(f - h * cm), round(f), step):
        d.line([(c - h * cm, y), (c + h * cm, y)], fill=(120, 90, 50), width=2)
    for x in range(round(c - h * cm), round(c + h * cm), step):
        d.line([(x, f - h * cm), (x, f)], fill=(140, 106, 62), width=1)


def ring_handles(at, reach):
    def extra(d, c, f, cm, h):
        for side in (-1, 1):
            x, y, r = c + side * reach * h * cm, f - at * h * cm, 0.08 * h * cm
            d.ellipse([x - r, y - r, x + r, y + r], outline=255, width=max(3, round(r * 0.35)))
    return extra


def lugs(at, reach):
    def extra(d, c, f, cm, h):
        for side in (-1, 1):
            x, y, r = c + side * reach * h * cm, f - at * h * cm, 0.05 * h * cm
            d.rounded_rectangle([x - r, y - r, x + r, y + r], radius=r / 2, fill=255)
    return extra


def tripod(d, c, f, cm, h):
    for dx in (-0.35, 0.0, 0.35):
        x = c + dx * h * cm
        d.polygon([(x - 0.06 * h * cm, f - 0.3 * h * cm), (x + 0.06 * h * cm, f - 0.3 * h * cm),
                   (x + 0.03 * h * cm, f), (x - 0.03 * h * cm, f)], fill=255)
    for side in (-1, 1):  # upright handles on the rim
        x = c + side * 0.34 * h * cm
        d.rectangle([x - 0.04 * h * cm, f - 1.0 * h * cm, x + 0.04 * h * cm, f - 0.8 * h * cm], fill=255)


def ewer(d, c, f, cm, h):
    d.line([(c + 0.18 * h * cm, f - 0.45 * h * cm), (c + 0.42 * h * cm, f - 0.85 * h * cm)], fill=255,
           width=max(4, round(0.05 * h * cm)))  # spout
    d.arc([c - 0.45 * h * cm, f - 0.85 * h * cm, c - 0.1 * h * cm, f - 0.35 * h * cm], 90, 270, fill=255,
          width=max(4, round(0.04 * h * cm)))  # handle


def siren_slots(d, c, f, cm, h):
    for k in range(-4, 5):
        x = c + k * 0.06 * h * cm
        d.rectangle(
            [x - 0.012 * h * cm, f - 0.92 * h * cm, x + 0.012 * h * cm, f - 0.7 * h * cm], fill=(40, 44, 38)
        )


def siren(d, c, f, cm, h):
    d.rectangle([c - 0.03 * h * cm, f - 0.6 * h * cm, c + 0.03 * h * cm, f], fill=255)  # post
    d.rectangle([c - 0.2 * h * cm, f - 0.04 * h * cm, c + 0.2 * h * cm, f], fill=255)  # foot
    d.line([(c + 0.25 * h * cm, f - 0.72 * h * cm), (c + 0.45 * h * cm, f - 0.55 * h * cm)], fill=255,
           width=max(3, round(0.025 * h * cm)))  # crank
    d.ellipse([c + 0.42 * h * cm, f - 0.58 * h * cm, c + 0.5 * h * cm, f - 0.5 * h * cm], fill=255)


def flask_cap(d, c, f, cm, h):
    d.rectangle([c - 0.07 * h * cm, f - 1.0 * h * cm, c + 0.07 * h * cm, f - 0.92 * h * cm], fill=255)
    d.line([(c + 0.06 * h * cm, f - 0.96 * h * cm), (c + 0.3 * h * cm, f - 0.8 * h * cm)], fill=255, width=3)


def tower(d, c, f, cm, h):  # eaves on the stacked storeys of the pottery tower
    for k, at in enumerate((0.3, 0.55, 0.78)):
        half = (0.42 - 0.08 * k) * h * cm
        d.polygon([(c - half, f - at * h * cm), (c, f - (at + 0.07) * h * cm), (c + half, f - at * h * cm)],
                  fill=255)


# Decoration on flat round things: (draw, cx, cy, r).

def grains(d, cx, cy, r):
    for k in range(36):
        for ring in (0.55, 0.7, 0.85):
            a = k * math.tau / 36 + ring
            x, y = cx + ring * r * math.cos(a), cy + ring * r * math.sin(a)
            d.ellipse([x - r * 0.025, y - r * 0.025, x + r * 0.025, y + r * 0.025], fill=(104, 136, 100))


def eaves_tile(d, cx, cy, r):
    d.line([(cx - r, cy), (cx + r, cy)], fill=(96, 94, 90), width=max(3, round(r * 0.04)))
    d.line([(cx, cy - r), (cx, cy + r)], fill=(96, 94, 90), width=max(3, round(r * 0.04)))
    d.ellipse([cx - r * 0.14, cy - r * 0.14, cx + r * 0.14, cy + r * 0.14], fill=(120, 118, 112))


def petals(d, cx, cy, r):
    for k in range(24):
        a = k * math.tau / 24
        d.line([(cx + 0.35 * r * math.cos(a), cy + 0.35 * r * math.sin(a)),
                (cx + 0.8 * r * math.cos(a), cy + 0.8 * r * math.sin(a))], fill=(104, 140, 112), width=4)
    d.ellipse([cx - 0.3 * r, cy - 0.3 * r, cx + 0.3 * r, cy + 0.3 * r], outline=(104, 140, 112), width=4)


def wucai(d, cx, cy, r):
    d.ellipse([cx - 0.95 * r, cy - 0.95 * r, cx + 0.95 * r, cy + 0.95 * r], outline=(60, 120, 80), width=6)
    d.ellipse([cx - 0.75 * r, cy - 0.75 * r, cx + 0.75 * r, cy + 0.75 * r], outline=VERMILION, width=4)
    for k, colour in enumerate(((60, 90, 160), VERMILION, (70, 130, 80))):
        x = cx + (k - 1) * 0.38 * r
        d.ellipse([x - 0.08 * r, cy - 0.42 * r, x + 0.08 * r, cy - 0.26 * r], fill=(236, 210, 180))
        d.polygon(
            [(x, cy - 0.26 * r), (x - 0.16 * r, cy + 0.2 * r), (x + 0.16 * r, cy + 0.2 * r)], fill=colour
        )
    d.rectangle([cx - 0.6 * r, cy + 0.25 * r, cx + 0.6 * r, cy + 0.3 * r], fill=(120, 100, 60))


def star(d, cx, cy, r):
    points = [(cx + 0.3 * r * math.sin(k * math.pi / 5) * (1 if k % 2 == 0 else 0.4),
               cy - 0.3 * r * math.cos(k * math.pi / 5) * (1 if k % 2 == 0 else 0.4)) for k in range(10)]
    d.polygon(points, fill=(150, 40, 34))


def dots(d, cx, cy, r):
    for k in range(48):
        a = k * math.tau / 48
        x, y = cx + 0.82 * r * math.cos(a), cy + 0.82 * r * math.sin(a)
        d.ellipse([x - r * 0.02, y - r * 0.02, x + r * 0.02, y + r * 0.02], fill=(110, 60, 36))
    d.ellipse([cx - 0.2 * r, cy - 0.2 * r, cx + 0.2 * r, cy + 0.2 * r], outline=(110, 60, 36), width=4)


def twist(d, cx, cy, r):
    for k in range(90):
        a = k * math.tau / 90
        d.line(
            [
                (cx + 0.75 * r * math.cos(a), cy + 0.75 * r * math.sin(a)),
                (cx + 0.97 * r * math.cos(a + 0.06), cy + 0.97 * r * math.sin(a + 0.06)),
            ],
            fill=(150, 154, 162),
            width=3,
        )


# Relief carvings on slabs: (draw, box).

def relief_scene(d, box):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    for k in range(max(2, round(w / h * 2))):
        x = x0 + w * (k + 0.5) / max(2, round(w / h * 2))
        d.ellipse([x - h * 0.06, y0 + h * 0.2, x + h * 0.06, y0 + h * 0.32], fill=255)
        d.polygon(
            [(x, y0 + h * 0.32), (x - h * 0.13, y1 - h * 0.12), (x + h * 0.13, y1 - h * 0.12)], fill=255
        )
        if k % 2:
            d.ellipse(
                [x + h * 0.12, y1 - h * 0.4, x + h * 0.4, y1 - h * 0.12], outline=255, width=4
            )  # a wheel
    d.line([(x0, y1 - h * 0.1), (x1, y1 - h * 0.1)], fill=255, width=4)


def lattice(d, box):
    x0, y0, x1, y1 = box
    step = (x1 - x0) / 6
    for k in range(1, 6):
        d.line([(x0 + k * step, y0), (x0 + k * step, y1)], fill=255, width=max(3, round(step * 0.12)))
    for k in range(1, round((y1 - y0) / step)):
        d.line([(x0, y0 + k * step), (x1, y0 + k * step)], fill=255, width=max(3, round(step * 0.12)))
    cx, cy, r = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) * 0.28
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=0, outline=255, width=6)
    for k in range(8):
        a = k * math.tau / 8
        d.ellipse([cx + r * 0.55 * math.cos(a) - r * 0.25, cy + r * 0.55 * math.sin(a) - r * 0.25,
                   cx + r * 0.55 * math.cos(a) + r * 0.25, cy + r * 0.55 * math.sin(a) + r * 0.25], fill=255)


def ink_well(d, box):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    d.ellipse([x0 + w * 0.15, y0 + h * 0.06, x1 - w * 0.15, y0 + h * 0.3], fill=255)  # the water pool
    d.rounded_rectangle(
        [x0 + w * 0.1, y0 + h * 0.36, x1 - w * 0.1, y1 - h * 0.06], radius=w * 0.1, outline=255, width=5
    )


def plate_border(d, box):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    for k in range(12):
        x = x0 + w * (k + 0.5) / 12
        d.ellipse([x - w * 0.03, y0 + h * 0.02, x + w * 0.03, y0 + h * 0.02 + w * 0.06], outline=255, width=3)
    d.rectangle([x0 + w * 0.05, y0 + h * 0.6, x1 - w * 0.05, y1 - h * 0.05], outline=255, width=4)
    for k in range(3):  # people carrying sacks into a storehouse
        x = x0 + w * (0.25 + 0.22 * k)
        d.ellipse([x - w * 0.03, y0 + h * 0.66, x + w * 0.03, y0 + h * 0.7], fill=255)
        d.line([(x, y0 + h * 0.7), (x, y0 + h * 0.85)], fill=255, width=5)
