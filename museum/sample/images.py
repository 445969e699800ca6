"""Sample step: images drawn for the real sample objects (with :mod:`museum.sample.art`) and for
every plausible record (:mod:`museum.sample.pictures`), attached as IIIF images with captions.
Idempotent: images already attached (same content) are skipped."""

from __future__ import annotations

import tempfile
from pathlib import Path

from assets.media import sha256_of
from museum.catalogue import repository
from museum.catalogue.images import IMAGES
from museum.extensions import db
from museum.media import storage
from museum.sample import pictures
from museum.sample.art.materials import BONE, GOLD, IRON, POTTERY, STONE
from museum.sample.art.objects import bells, solid
from museum.sample.art.paintings import handscroll, rubbing
from museum.sample.plausible_objects import plausible_kinds

SAMPLE_RIGHTS = "http://creativecommons.org/licenses/by-nc/4.0/"  # as the sample records (CC BY-NC 4.0)


def _tiger_knob(draw, centre, floor, cm):
    top = floor - 64 * cm
    draw.ellipse([centre - 8 * cm, top - 5 * cm, centre + 6 * cm, top + 1 * cm], fill=255)  # body
    draw.ellipse([centre + 4 * cm, top - 7.5 * cm, centre + 9 * cm, top - 2.5 * cm], fill=255)  # head
    draw.line([(centre - 8 * cm, top - 2 * cm), (centre - 12 * cm, top - 7 * cm)], fill=255, width=int(cm))


def _bird(draw, centre, floor, cm):
    draw.ellipse([centre - 12 * cm, floor - 24 * cm, centre + 9 * cm, floor - 8 * cm], fill=255)  # body
    draw.ellipse([centre + 6 * cm, floor - 29 * cm, centre + 13 * cm, floor - 21 * cm], fill=255)  # head
    draw.polygon([(centre + 12 * cm, floor - 26 * cm), (centre + 16 * cm, floor - 24 * cm),
                  (centre + 12 * cm, floor - 23 * cm)], fill=255)  # beak
    draw.polygon([(centre - 11 * cm, floor - 18 * cm), (centre - 16 * cm, floor - 26 * cm),
                  (centre - 9 * cm, floor - 22 * cm)], fill=255)  # tail
    for x in (-4, 2):
        draw.rectangle([centre + (x - 1) * cm, floor - 9 * cm, centre + (x + 1) * cm, floor], fill=255)


def _ram_heads(draw, centre, floor, cm):
    for side in (-1, 1):
        x = centre + side * 19 * cm
        draw.ellipse([x - 4 * cm, floor - 27 * cm, x + 4 * cm, floor - 19 * cm], fill=255)
        draw.arc([x - 6 * cm, floor - 29 * cm, x + 6 * cm, floor - 17 * cm], 180, 360,
                 fill=255, width=int(cm))


def _seal_knob(draw, centre, floor, cm):
    draw.ellipse([centre - 1.1 * cm, floor - 3.6 * cm, centre + 1.1 * cm, floor - 2.0 * cm], fill=255)


def _figurine(draw, centre, floor, cm):
    draw.ellipse([centre - 7 * cm, floor - 56 * cm, centre + 7 * cm, floor - 42 * cm], fill=255)  # head
    draw.ellipse([centre + 10 * cm, floor - 30 * cm, centre + 22 * cm, floor - 18 * cm], fill=255)  # drum
    draw.line([(centre - 10 * cm, floor - 36 * cm), (centre - 22 * cm, floor - 46 * cm)],
              fill=255, width=int(3 * cm))


def _drawings() -> dict[str, list[tuple[callable, dict]]]:
    """accession number -> [(draw function, caption), ...]"""
    return {
        "1989.0107": [(lambda a: solid([(14, 0), (14.5, 8), (16, 30), (18, 52), (18, 60), (16, 63),
                                        (0, 64)], a, extras=[_tiger_knob], seed=11, extent=(18, 72)),
                       {"zh": "正面，虎钮", "en": "Front, with the tiger knob"}),
                      (lambda a: rubbing("虎钮錞于以金錞和鼓巴人军乐", 40, 60, a, seed=12),
                       {"zh": "钮座纹饰拓片（示意）", "en": "Rubbing of the knob plate (illustration)"})],
        "2002.0031": [(lambda a: solid([(5, 0), (5, 1)], a, extras=[_bird], seed=21, extent=(17, 30)),
                       {"zh": "侧面", "en": "Side view"})],
        "1977.0012": [(lambda a: solid([(11, 0), (10, 5), (14, 12), (18, 22), (13, 30), (11, 36),
                                        (20, 43.8)], a, extras=[_ram_heads], seed=31, extent=(26, 44)),
                       {"zh": "正面", "en": "Front"})],
        "1972.0008": [(lambda a: bells([27 - i * 12 / 13 for i in range(14)], a),
                       {"zh": "全套十四件", "en": "The full set of fourteen bells"})],
        "1954.0003": [(lambda a: solid([(0.6, 0), (1.2, 6), (2.0, 14), (2.2, 24), (1.6, 36), (0, 44)], a,
                                       px_per_cm=14, seed=41).rotate(90, expand=True),
                       {"zh": "剑身", "en": "The blade"})],
        "1986.0001": [(lambda a: solid([(3, 0), (4.5, 2), (4, 5), (2.5, 7), (0, 7.5)], a, BONE,
                                       px_per_cm=60, seed=51, bar_cm=2),
                       {"zh": "下颌骨残段", "en": "Mandible fragment"})],
        "1955.0021": [(lambda a: solid([(1.2, 0), (1.2, 2.0), (0.4, 2.2), (0, 2.3)], a, GOLD,
                                       px_per_cm=120, extras=[_seal_knob], seed=61, extent=(1.3, 3.8),
                                       bar_cm=1),
                       {"zh": "印面与钮", "en": "Seal and knob"})],
        "2004.0117": [(lambda a: rubbing("汉巴郡朐忍令广汉景君之碑" * 8, 137.5, 220, a, seed=71),
                       {"zh": "碑阳拓片（示意）", "en": "Rubbing of the face (illustration)"})],
        "2002.0158": [(lambda a: solid([(60, 0), (60, 40), (42, 45), (40, 380), (55, 400), (52, 440),
                                        (75, 470), (70, 500), (30, 540), (0, 540)], a, STONE,
                                       px_per_cm=4, seed=81, bar_cm=100),
                       {"zh": "阙身", "en": "The pillar"})],
        "1987.0042": [(lambda a: solid([(14, 0), (18, 12), (16, 30), (10, 42), (0, 44)], a, POTTERY,
                                       extras=[_figurine], seed=91, extent=(23, 56)),
                       {"zh": "正面", "en": "Front"})],
        "1992.0066": [(lambda a: solid([(22, 0), (20, 6), (14, 18), (8, 30), (4, 38), (2.5, 44), (0, 44)],
                                       a, POTTERY, seed=101), {"zh": "正面", "en": "Front"})],
        "1951.0203": [(lambda a: handscroll(a), {"zh": "全卷", "en": "The whole scroll"})],
        "1964.0012": [(lambda a: solid([(22, 0), (24, 40), (26, 70), (34, 78), (30, 86), (10, 90),
                                        (0, 90)], a, IRON, seed=111),
                       {"zh": "铠甲正面", "en": "Front of the armour"})],
        "1963.0088": [(lambda a: rubbing("白鹤梁题刻石鱼出水兆丰年广德元年" * 6, 180, 120, a,
                                         fish=2, seed=121),
                       {"zh": "石鱼与题刻拓片", "en": "Rubbing of the stone fish and inscriptions"})],
    }


def _pictures():
    """(accession number, position, make) for every sample picture; ``make()`` -> (image, caption)."""
    for accession, drawings in _drawings().items():
        for position, (draw, caption) in enumerate(drawings, 1):
            yield accession, position, lambda draw=draw, caption=caption, a=accession: (draw(a), caption)
    for kind, record in plausible_kinds():
        yield record["accession_number"], 1, lambda kind=kind, record=record: pictures.picture(kind, record)


def _stale(session, accession: str, position: int, digest: str):
    """The sample image at ``position`` that an earlier version drew differently (not a curator's image,
    not this drawing), or None."""
    for image in IMAGES.list(session, accession):
        if image.position == position and image.is_sample and image.source_sha256 != digest:
            return image
    return None


def load(app, echo, accessions: set[str] | None = None) -> None:
    """Draw and attach the sample's pictures (only those of ``accessions`` when given: a test that needs one
    picture need not build 155 pyramids)."""
    limits = IMAGES.limits(app.config)
    added = skipped = replaced = 0
    with tempfile.TemporaryDirectory(prefix="sample-images-") as scratch:
        for accession, position, make in _pictures():
            if accessions is not None and accession not in accessions:
                continue
            with db.transaction() as session:
                if repository.get_record(session, accession, published_only=False) is None:
                    continue
            image, caption = make()
            path = Path(scratch) / f"{accession}-{position}.tif"
            image.save(path)  # uncompressed: fastest to write and to read back
            with db.transaction() as session:  # a changed drawing replaces the sample's own older one
                stale = _stale(session, accession, position, sha256_of(path))
                if stale is not None:
                    IMAGES.remove(session, stale, storage())
                    replaced += 1
            with db.transaction() as session:
                for result in IMAGES.add(session, accession, path, storage(), limits=limits, is_sample=True,
                                         captions=caption, rights=SAMPLE_RIGHTS, position=position):
                    added, skipped = added + result.created, skipped + (not result.created)
            path.unlink()
    echo(f"sample images: {added} added, {skipped} already present"
         + (f", {replaced} redrawn" if replaced else ""))
