"""Flat silhouettes of the plausible records (boats, blades, tools, figures, masks, instruments) and the
paint on them: functions of (draw, x0, y0, pixels per cm, height cm) whose coordinates are in heights of the
object, drawn by :func:`museum.sample.art.builders.flat`.
"""

from __future__ import annotations


def _at(x0, y0, cm, h):
    return lambda x, y: (x0 + x * h * cm, y0 + y * h * cm)


def junk(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.polygon([p(0, 0.72), p(0.2, 0.95), p(1.15, 0.95), p(1.4, 0.68), p(1.2, 0.8), p(0.1, 0.8)], fill=255)
    d.rectangle([*p(0.62, 0.05), *p(0.65, 0.82)], fill=255)  # mast
    d.polygon([p(0.66, 0.1), p(1.05, 0.16), p(1.0, 0.68), p(0.66, 0.7)], fill=255)  # sail
    d.rectangle([*p(0.25, 0.6), *p(0.5, 0.8)], fill=255)  # deck house


def sail(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.polygon([p(0.66, 0.1), p(1.05, 0.16), p(1.0, 0.68), p(0.66, 0.7)], fill=(196, 170, 120))
    for k in range(6):
        d.line([p(0.66, 0.1 + 0.1 * k), p(1.04, 0.16 + 0.09 * k)], fill=(120, 90, 60), width=3)
    d.rectangle([*p(0.25, 0.6), *p(0.5, 0.8)], fill=(150, 60, 40))


def boat_coffin(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.polygon([p(0, 0.2), p(0.3, 0.5), p(0.5, 0.9), p(4.6, 0.9), p(4.9, 0.5), p(5.0, 0.25), p(4.6, 0.4),
               p(0.4, 0.4)], fill=255)


def dagger_axe(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.polygon([p(0, 0.1), p(1.3, 0.0), p(1.35, 0.15), p(1.3, 0.3), p(1.3, 1.1), p(1.2, 1.15), p(1.15, 0.4),
               p(0.9, 0.3), p(0.05, 0.25)], fill=255)  # yuan (blade) and hu
    d.rectangle([*p(1.35, 0.08), *p(2.0, 0.26)], fill=255)  # nei (tang)


def tiger_stripes(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    for k in range(7):
        d.line([p(1.45 + 0.07 * k, 0.1), p(1.5 + 0.07 * k, 0.24)], fill=(30, 48, 40), width=4)
    d.ellipse([*p(1.2, 0.45), *p(1.28, 0.55)], outline=(30, 48, 40), width=4)


def yue(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.rectangle([*p(0.32, 0), *p(0.58, 0.2)], fill=255)  # the tang
    d.rectangle([*p(0.18, 0.2), *p(0.72, 0.26)], fill=255)  # shoulders
    d.polygon([p(0.24, 0.26), p(0.66, 0.26), p(0.7, 0.5), p(0.9, 0.82), p(0.0, 0.82), p(0.2, 0.5)], fill=255)
    d.chord([*p(0, 0.64), *p(0.9, 1.0)], 0, 180, fill=255)  # the crescent edge


def yue_face(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.ellipse([*p(0.36, 0.4), *p(0.54, 0.56)], outline=(40, 60, 50), width=max(3, round(0.02 * h * cm)))
    d.line([p(0.06, 0.9), p(0.84, 0.9)], fill=(200, 170, 110), width=max(2, round(0.01 * h * cm)))


def stone_axe(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.polygon([p(0.12, 0), p(0.48, 0), p(0.6, 0.95), p(0.3, 1.0), p(0.0, 0.95)], fill=255)


def steelyard(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.polygon([p(0, 1.0), p(12, 0.8), p(12, 1.2), p(0, 1.4)], fill=255)  # beam, tapering
    d.line([p(1.2, 1.2), p(1.2, 2.4)], fill=255, width=max(2, round(0.06 * h * cm)))
    d.arc([*p(0.8, 2.3), *p(1.6, 3.1)], 0, 270, fill=255, width=max(3, round(0.1 * h * cm)))  # hook
    d.line([p(2.2, 1.1), p(2.2, 0.2)], fill=255, width=max(2, round(0.05 * h * cm)))  # lifting cord
    d.line([p(8.5, 0.95), p(8.5, 2.2)], fill=255, width=max(2, round(0.04 * h * cm)))
    d.polygon([p(8.1, 2.2), p(8.9, 2.2), p(9.1, 3.3), p(7.9, 3.3)], fill=255)  # weight


def ingot(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.polygon([p(0, 0), p(0.6, 0.35), p(2.4, 0.35), p(3.0, 0), p(2.6, 0.8), p(2.2, 1.0), p(0.8, 1.0),
               p(0.4, 0.8)], fill=255)
    d.ellipse([*p(1.0, 0.15), *p(2.0, 0.55)], fill=255)


def radio(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.rectangle([*p(0, 0.4), *p(0.9, 1.0)], fill=255)
    d.ellipse([*p(0, 0), *p(0.9, 0.8)], fill=255)


def radio_face(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.ellipse([*p(0.15, 0.12), *p(0.75, 0.72)], fill=(176, 150, 100))  # grille cloth
    for k in range(5):
        d.line(
            [p(0.2 + 0.1 * k, 0.2), p(0.2 + 0.1 * k, 0.7)],
            fill=(96, 60, 36),
            width=max(3, round(0.02 * h * cm)),
        )
    d.rectangle([*p(0.3, 0.78), *p(0.6, 0.86)], fill=(230, 214, 170))  # dial
    for k in range(2):
        d.ellipse([*p(0.14 + 0.52 * k, 0.88), *p(0.24 + 0.52 * k, 0.96)], fill=(50, 34, 24))


def seated_figure(with_qin: bool):
    def shapes(d, x0, y0, cm, h):
        p = _at(x0, y0, cm, h)
        d.ellipse([*p(0.3, 0.02), *p(0.48, 0.2)], fill=255)  # head
        d.rectangle([*p(0.35, 0.18), *p(0.43, 0.24)], fill=255)  # neck
        d.polygon([p(0.39, 0.22), p(0.6, 0.28), p(0.64, 0.5), p(0.78, 0.92), p(0.72, 1.0), p(0.04, 1.0),
                   p(0.0, 0.92), p(0.14, 0.5), p(0.18, 0.28)], fill=255)  # robe, kneeling
        if with_qin:
            d.polygon([p(0.0, 0.6), p(0.8, 0.66), p(0.8, 0.72), p(0.0, 0.66)], fill=255)
            d.ellipse([*p(0.1, 0.55), *p(0.24, 0.64)], fill=255)  # hands on the strings
            d.ellipse([*p(0.52, 0.58), *p(0.66, 0.67)], fill=255)
        else:
            d.rectangle([*p(0.55, 0.62), *p(0.85, 0.75)], fill=255)  # board with a fish
            d.polygon([p(0.6, 0.6), p(0.78, 0.56), p(0.82, 0.6), p(0.78, 0.62)], fill=255)
    return shapes


def dog(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.ellipse([*p(0.2, 0.3), *p(1.05, 0.7)], fill=255)  # body
    d.ellipse([*p(0.9, 0.0), *p(1.25, 0.35)], fill=255)  # head
    d.polygon([p(1.2, 0.15), p(1.4, 0.22), p(1.2, 0.3)], fill=255)  # muzzle
    d.polygon([p(0.95, 0.05), p(1.0, -0.0), p(1.05, 0.08)], fill=255)  # ear
    d.line([p(0.22, 0.4), p(0.05, 0.15)], fill=255, width=max(4, round(0.07 * h * cm)))  # curled tail
    for x in (0.3, 0.45, 0.8, 0.95):
        d.rectangle([*p(x, 0.6), *p(x + 0.09, 1.0)], fill=255)


def mask(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.ellipse([*p(0.0, 0.0), *p(0.72, 1.0)], fill=255)
    d.ellipse([*p(0.18, 0.38), *p(0.3, 0.46)], fill=0)  # eyes cut through
    d.ellipse([*p(0.42, 0.38), *p(0.54, 0.46)], fill=0)


def mask_paint(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.rectangle([*p(0, 0), *p(0.72, 0.3)], fill=(30, 28, 26))  # hair band
    d.polygon([p(0.12, 0.34), p(0.32, 0.3), p(0.34, 0.35)], fill=(30, 28, 26))
    d.polygon([p(0.6, 0.34), p(0.4, 0.3), p(0.38, 0.35)], fill=(30, 28, 26))
    d.ellipse([*p(0.08, 0.55), *p(0.22, 0.66)], fill=(200, 60, 50))
    d.ellipse([*p(0.5, 0.55), *p(0.64, 0.66)], fill=(200, 60, 50))
    d.chord([*p(0.24, 0.7), *p(0.48, 0.84)], 0, 180, fill=(150, 30, 30))


def lusheng(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.ellipse([*p(0.0, 0.72), *p(0.3, 0.86)], fill=255)  # wind chest
    d.polygon([p(0.28, 0.78), p(0.5, 0.74), p(0.5, 0.78), p(0.28, 0.82)], fill=255)  # blowpipe
    for k, top in enumerate((0.0, 0.08, 0.2, 0.3, 0.42, 0.5)):
        x = 0.06 + 0.035 * k
        d.rectangle([*p(x, top), *p(x + 0.022, 0.95)], fill=255)


def headdress(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.rectangle([*p(0.35, 0.7), *p(0.75, 0.85)], fill=255)  # band
    for side in (-1, 1):  # the two great horns
        cx = 0.55 + side * 0.02
        d.polygon(
            [
                p(cx, 0.72),
                p(cx + side * 0.35, 0.45),
                p(cx + side * 0.5, 0.05),
                p(cx + side * 0.42, 0.06),
                p(cx + side * 0.25, 0.42),
                p(cx, 0.62),
            ],
            fill=255,
        )
    d.polygon([p(0.5, 0.7), p(0.55, 0.2), p(0.6, 0.7)], fill=255)


def headdress_paint(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    for k in range(9):
        d.ellipse([*p(0.36 + 0.045 * k, 0.74), *p(0.39 + 0.045 * k, 0.8)], outline=(120, 124, 132), width=2)
