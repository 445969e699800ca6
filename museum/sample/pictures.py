"""Pictures of the plausible sample records, drawn from each record's own data: the object type it was
made from (``data/object_types.json``), its category and its catalogued height (the scale bar is true to
it). One table chooses the drawing (built in :mod:`museum.sample.art`): by object type where a type needs its
own shape, else by category.

Every picture is deterministic per accession number (seeded by it), so loading the sample twice draws
the same bytes and the images step skips what is already attached.
"""

from __future__ import annotations

import zlib

from PIL import Image

from museum.sample.art import canvas, objects, ornaments, paintings, silhouettes
from museum.sample.art.builders import VIEWS, Drawing, flat, paper, roundel, slab, vessel
from museum.sample.art.materials import (
    ALUMINIUM,
    BAMBOO,
    BLACK_GLAZE,
    BRASS,
    BRONZE,
    CELADON,
    CLAY_GREY,
    COBALT,
    COPPER,
    ENAMEL,
    GOLD_LEAF,
    IRON,
    IVORY,
    JADE,
    PORCELAIN,
    POTTERY,
    QINGBAI,
    SILK,
    SILVER,
    STONE,
    WOOD,
)


def seed_of(accession: str) -> int:
    return zlib.crc32(accession.encode())


BY_TYPE: dict[str, Drawing] = {  # object type (its English name in object_types.json) -> drawing
    "rubbing of a carved stone fish": lambda h, a, s: (
        paintings.rubbing("石鱼出水兆丰年" * 6, h * 1.6, h, a, canvas.fit(h * 1.6, h), fish=1, seed=s,
                          bar_cm=10, legible=True),
        "whole",
    ),
    "tracker's iron ring": roundel(1.0, IRON, hole="round", hole_ratio=0.72, rim=False),
    "model of a river junk": flat(silhouettes.junk, 1.4, 1.0, WOOD, paint=silhouettes.sail, view="side"),
    "salt-making pottery jar": vessel(
        [(0.1, 0), (0.3, 0.15), (0.42, 0.45), (0.38, 0.8), (0.26, 0.9), (0.3, 1.0), (0, 1.0)]
    ),
    "Daxi culture stone axe": flat(silhouettes.stone_axe, 0.6, 1.0, ((120, 128, 116), (86, 94, 86))),
    "eaves tile from Baidicheng": roundel(1.0, CLAY_GREY, inscription="长乐未央", motif=ornaments.eaves_tile),
    "rhinoceros fossil": lambda h, a, s: (objects.fossil(h * 1.4, a, s), "side"),
    "bronze dagger-axe with tiger design": lambda h, a, s: flat(
        silhouettes.dagger_axe, 2.0, 1.2, BRONZE, paint=silhouettes.tiger_stripes, lit="flat"
    )(12, a, s),
    "boat coffin": flat(silhouettes.boat_coffin, 5.0, 1.0, WOOD, view="side"),
    "bronze fu cauldron": vessel(
        [(0.2, 0), (0.42, 0.2), (0.5, 0.45), (0.4, 0.75), (0.26, 0.86), (0.32, 1.0), (0, 1.0)],
        BRONZE,
        extras=[ornaments.ring_handles(0.72, 0.42)],
        extent=(0.55, 1.0),
    ),
    "bronze seal with Ba-Shu symbols": lambda h, a, s: (objects.seal_face(h * 1.4, a, seed=s), "seal"),
    "bronze yue axe": flat(silhouettes.yue, 0.9, 1.0, BRONZE, paint=silhouettes.yue_face, lit="flat"),
    "pointed-base pottery cup": vessel([(0, 0), (0.12, 0.2), (0.3, 0.7), (0.34, 1.0), (0, 1.0)]),
    "jade bi disc": lambda h, a, s: (
        objects.roundel(14 + h, a, JADE, hole="round", hole_ratio=0.3, motif=ornaments.grains, seed=s),
        "face",
    ),
    "brass plaque of the treaty-port customs": slab(
        1.5, 1.0, BRASS, text="重庆关验讫", raised=True, text_size=0.28
    ),
    "stone inscription from a city gate": slab(2.0, 1.0, STONE, text="朝天门", text_size=0.45),
    "carved wooden panel from a guild hall": slab(0.6, 1.0, WOOD, carving=ornaments.lattice, raised=True),
    "map of navigation on the Sichuan river": paper(3.0, 1.0, "map"),
    "brass steelyard": flat(silhouettes.steelyard, 12.0, 3.4, BRASS),
    "copper hotpot": vessel(
        [(0.45, 0), (0.5, 0.08), (0.42, 0.16), (0.8, 0.6), (0.95, 0.96), (0.97, 1.0), (0, 1.0)],
        COPPER,
        extras=[ornaments.ring_handles(0.8, 1.02)],
        extent=(1.12, 1.0),
    ),
    "city-wall brick": slab(
        3.6, 1.0, ((150, 146, 138), (118, 114, 108)), text="淳祐乙巳", raised=True, text_size=0.4, border=0
    ),
    "air-raid siren": vessel(
        [(0.3, 0.6), (0.34, 0.65), (0.34, 0.95), (0.2, 1.0), (0, 1.0)],
        ((104, 116, 96), (76, 84, 70)),
        extras=[ornaments.siren],
        extent=(0.5, 1.0),
        paint=ornaments.siren_slots,
        smooth=False,
    ),
    "wartime propaganda poster": paper(0.7, 1.0, "poster"),
    "wartime-capital commemorative medal": lambda h, a, s: (
        objects.roundel(h, a, BRASS, inscription="陪都", motif=ornaments.star, seed=s),
        "face",
    ),
    "war-bond receipt": paper(1.6, 1.0, "receipt", title="救国公债收据"),
    "army water bottle": vessel(
        [
            (0.3, 0),
            (0.42, 0.12),
            (0.44, 0.5),
            (0.38, 0.76),
            (0.14, 0.88),
            (0.07, 0.9),
            (0.07, 0.96),
            (0, 0.96),
        ],
        ALUMINIUM,
        extras=[ornaments.flask_cap],
        extent=(0.5, 1.0),
    ),
    "wartime newspaper": paper(0.7, 1.0, "newspaper"),
    "radio receiver": flat(silhouettes.radio, 0.9, 1.0, WOOD, paint=silhouettes.radio_face, lit="flat"),
    "landscape, hanging scroll": lambda h, a, s: (
        paintings.hanging_scroll(h, a, "landscape", seed=s),
        "whole",
    ),
    "poem in running script, hanging scroll": lambda h, a, s: (
        paintings.hanging_scroll(h, a, "calligraphy", seed=s),
        "whole",
    ),
    "album of birds and flowers": lambda h, a, s: (
        paintings.album_leaf(h * 1.1, h, a, "birds-flowers", seed=s),
        "whole",
    ),
    "the Three Gorges, handscroll": lambda h, a, s: (
        paintings.landscape_handscroll(h, a, 110, seed=s),
        "opening",
    ),
    "fan leaf in regular script": lambda h, a, s: (
        paintings.album_leaf(h * 2.9, h, a, "calligraphy", ground=GOLD_LEAF, fan=True, seed=s),
        "whole",
    ),
    "bamboo and rock, hanging scroll": lambda h, a, s: (
        paintings.hanging_scroll(h, a, "bamboo", seed=s),
        "whole",
    ),
    "album of stele rubbings": lambda h, a, s: (
        paintings.rubbing("汉巴郡朐忍令广汉景君之碑" * 4, h * 0.75, h, a, canvas.fit(h), seed=s, bar_cm=10,
                          legible=True),
        "whole",
    ),
    "blue-and-white bowl with lotus scroll": vessel(
        [(0.28, 0), (0.3, 0.12), (0.22, 0.14), (0.5, 0.45), (0.9, 0.92), (0.92, 1.0), (0, 1.0)],
        PORCELAIN,
        paint=ornaments.scroll(COBALT, 0.35, 0.85, flowers=None),
        gloss=0.25,
    ),
    "Longquan celadon dish": lambda h, a, s: (
        objects.roundel(h * 6, a, CELADON, motif=ornaments.petals, seed=s),
        "face",
    ),
    "famille-rose vase with flowers": vessel(
        [
            (0.12, 0),
            (0.14, 0.03),
            (0.28, 0.25),
            (0.3, 0.55),
            (0.22, 0.75),
            (0.1, 0.85),
            (0.09, 0.95),
            (0.13, 1.0),
            (0, 1.0),
        ],
        PORCELAIN,
        paint=ornaments.scroll(
            (60, 120, 80), 0.3, 0.65, flowers=(226, 120, 140), leaves=(80, 150, 96), band=False
        ),
        gloss=0.25,
    ),
    "black-glazed tea bowl from the Tushan kilns": vessel(
        [(0.3, 0), (0.32, 0.15), (0.5, 0.3), (0.92, 0.9), (0.9, 1.0), (0, 1.0)],
        BLACK_GLAZE,
        paint=ornaments.hares_fur,
        gloss=0.35,
    ),
    "celadon jar with four lugs": vessel(
        [(0.26, 0), (0.3, 0.05), (0.48, 0.4), (0.45, 0.7), (0.25, 0.88), (0.22, 1.0), (0, 1.0)],
        CELADON,
        extras=[ornaments.lugs(0.85, 0.3)],
        extent=(0.5, 1.0),
        gloss=0.2,
    ),
    "wucai dish with figures": lambda h, a, s: (
        objects.roundel(h * 6, a, PORCELAIN, motif=ornaments.wucai, seed=s),
        "face",
    ),
    "qingbai ewer": vessel(
        [(0.2, 0), (0.22, 0.05), (0.32, 0.3), (0.3, 0.6), (0.14, 0.72), (0.08, 0.9), (0.1, 1.0), (0, 1.0)],
        QINGBAI,
        extras=[ornaments.ewer],
        extent=(0.45, 1.0),
        gloss=0.3,
    ),
    "banliang coin": roundel(
        3.2, BRONZE, hole="square", hole_ratio=0.22, inscription="半两", rim=False, fixed=True
    ),
    "wuzhu coin": roundel(2.5, BRONZE, hole="square", hole_ratio=0.26, inscription="五铢", fixed=True),
    "Kaiyuan tongbao coin": roundel(
        2.4, BRONZE, hole="square", hole_ratio=0.26, inscription="开元通宝", fixed=True
    ),
    "printing plate for jiaozi paper money": lambda h, a, s: (
        objects.slab(
            12.5,
            18,
            a,
            BRONZE,
            seed=s,
            carving=ornaments.plate_border,
            raised=True,
            text="除四川外许于诸路州县公私从便",
            text_size=0.055,
        ),
        "face",
    ),
    "silver ingot": flat(silhouettes.ingot, 3.0, 1.0, SILVER, view="side"),
    "Sichuan copper coin": roundel(3.9, COPPER, inscription="四川铜币", motif=ornaments.dots, fixed=True),
    "cloth note of the Sichuan-Shaanxi Soviet": paper(
        1.6, 1.0, "note", title="川陕省苏维埃", ground=(214, 206, 186)
    ),
    "pictorial brick": slab(1.15, 1.0, CLAY_GREY, carving=ornaments.relief_scene, raised=True),
    "figurine playing the qin": flat(silhouettes.seated_figure(True), 0.8, 1.0, POTTERY),
    "pottery dog": flat(silhouettes.dog, 1.4, 1.0, POTTERY, view="side"),
    "stone sarcophagus": slab(2.75, 1.0, STONE, carving=ornaments.relief_scene, raised=True, view="side"),
    "kitchen figurine": flat(silhouettes.seated_figure(False), 0.9, 1.0, POTTERY),
    "pottery tower": vessel(
        [
            (0.3, 0),
            (0.3, 0.3),
            (0.24, 0.3),
            (0.24, 0.55),
            (0.18, 0.55),
            (0.18, 0.78),
            (0.12, 0.78),
            (0.1, 0.92),
            (0, 1.0),
        ],
        ((108, 128, 88), (80, 96, 64)),
        extras=[ornaments.tower],
        extent=(0.42, 1.0),
        smooth=False,
    ),
    "carved lintel from a cliff tomb": slab(4.0, 1.0, STONE, carving=ornaments.relief_scene, raised=True),
    "Miao silver necklace": roundel(1.0, SILVER, hole="round", hole_ratio=0.7, motif=ornaments.twist),
    "Tujia brocade (xilankapu)": lambda h, a, s: (
        objects.cloth(h * 0.5, h * 0.35, a, "brocade", s),
        "folded",
    ),
    "Nuo opera mask": flat(silhouettes.mask, 0.72, 1.0, WOOD, paint=silhouettes.mask_paint),
    "batik apron": lambda h, a, s: (objects.cloth(h * 0.8, h, a, "batik", s), "whole"),
    "lusheng mouth organ": flat(silhouettes.lusheng, 0.5, 1.0, BAMBOO),
    "carrying basket": vessel(
        [(0.2, 0), (0.24, 0.05), (0.4, 0.9), (0.42, 1.0), (0, 1.0)], BAMBOO, paint=ornaments.weave
    ),
    "silver headdress": flat(silhouettes.headdress, 1.1, 0.9, SILVER, paint=silhouettes.headdress_paint),
    "blue-and-white vase with landscape": vessel(
        [(0.12, 0), (0.15, 0.04), (0.3, 0.3), (0.28, 0.7), (0.12, 0.82), (0.08, 0.95), (0.12, 1.0), (0, 1.0)],
        PORCELAIN,
        paint=ornaments.blue_landscape,
        gloss=0.25,
    ),
    "pine and cranes, hanging scroll": lambda h, a, s: (
        paintings.hanging_scroll(h, a, "pine-cranes", ground=SILK, seed=s),
        "whole",
    ),
    "Duan inkstone": lambda h, a, s: (
        objects.slab(h * 3.5, h * 5.5, a, ((96, 80, 96), (64, 54, 68)), seed=s, carving=ornaments.ink_well),
        "face",
    ),
    "ivory brush pot": vessel(
        [(0.4, 0), (0.38, 0.04), (0.36, 0.96), (0.4, 1.0), (0, 1.0)],
        IVORY,
        smooth=False,
        paint=ornaments.both(
            ornaments.bands((150, 120, 80), 0.1, 0.9, width=0.008), ornaments.blue_landscape
        ),
    ),
    "bronze incense burner": vessel(
        [(0.3, 0.25), (0.45, 0.4), (0.48, 0.6), (0.4, 0.78), (0.42, 0.82), (0, 0.82)],
        BRONZE,
        extras=[ornaments.tripod],
        extent=(0.5, 1.0),
    ),
    "small enamelled bowl": vessel(
        [(0.3, 0), (0.32, 0.12), (0.5, 0.4), (0.9, 0.92), (0.92, 1.0), (0, 1.0)],
        ENAMEL,
        paint=ornaments.scroll((200, 170, 40), 0.3, 0.85, flowers=(224, 110, 150), leaves=(90, 150, 110)),
        gloss=0.3,
    ),
    "rosewood side table": lambda h, a, s: (objects.table(h, a, seed=s), "front"),
}

BY_CATEGORY: dict[str, Drawing] = {  # a category's drawing for a type not listed above
    "porcelain": BY_TYPE["blue-and-white vase with landscape"],
    "pottery": BY_TYPE["salt-making pottery jar"],
    "bronze": BY_TYPE["bronze fu cauldron"],
    "coins": BY_TYPE["wuzhu coin"],
    "calligraphy-painting": BY_TYPE["landscape, hanging scroll"],
    "rubbings": BY_TYPE["album of stele rubbings"],
    "documents": BY_TYPE["wartime newspaper"],
    "archives": BY_TYPE["map of navigation on the Sichuan river"],
    "bills-tickets": BY_TYPE["war-bond receipt"],
    "stone-carving": BY_TYPE["carved lintel from a cliff tomb"],
    "bamboo-wood": BY_TYPE["carved wooden panel from a guild hall"],
    "iron-metal": BY_TYPE["copper hotpot"],
    "weapons": BY_TYPE["bronze yue axe"],
    "gold-silver": BY_TYPE["Miao silver necklace"],
    "textiles": BY_TYPE["Tujia brocade (xilankapu)"],
    "transport": BY_TYPE["model of a river junk"],
    "specimens-fossils": BY_TYPE["rhinoceros fossil"],
    "seals": BY_TYPE["bronze seal with Ba-Shu symbols"],
    "jade-stone": BY_TYPE["jade bi disc"],
    "weights-measures": BY_TYPE["brass steelyard"],
    "relics-notables": BY_TYPE["army water bottle"],
    "audio-visual": BY_TYPE["radio receiver"],
    "instruments": BY_TYPE["lusheng mouth organ"],
    "stationery": BY_TYPE["Duan inkstone"],
    "ivory-bone-horn": BY_TYPE["ivory brush pot"],
    "enamel": BY_TYPE["small enamelled bowl"],
    "furniture": BY_TYPE["rosewood side table"],
    "other": BY_TYPE["pottery tower"],
}


def drawing_for(kind: dict) -> Drawing:
    """The drawing of an object type: its own if it has one, else its category's."""
    return BY_TYPE.get(kind["en"]) or BY_CATEGORY.get(kind["category"]) or BY_CATEGORY["other"]


def picture(kind: dict, record: dict) -> tuple[Image.Image, dict[str, str]]:
    """The picture of a plausible ``record`` made from object type ``kind``, and its caption."""
    accession = record["accession_number"]
    image, view = drawing_for(kind)(record["height_cm"], accession, seed_of(accession))
    return image, VIEWS[view]
