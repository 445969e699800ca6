"""``museum image``: attach images to records (one by one or a whole folder), list and remove them.

``museum image import DIR`` matches files to records by name (``2002.0031.tif``, ``2002.0031-2.jpg`` for
position 2), commits each file on its own and skips files already attached (same content), so an
interrupted import is resumed by running it again. Bad files are reported by name and skipped.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click
from flask import current_app
from tqdm import tqdm

from assets.images.exceptions import ImageRejected
from museum.catalogue.images import IMAGES
from museum.catalogue.vocabulary import LANGUAGES
from museum.cli.errors import CommandError, MuseumGroup
from museum.extensions import db
from museum.media import remove_held, storage

_NAME = re.compile(r"^(?P<accession>.+?)(?:-(?P<position>\d+))?$")


def _captions(pairs: tuple[str, ...], zh: str | None, en: str | None) -> dict:
    captions = {"zh": zh, "en": en}
    for pair in pairs:
        lang, sep, text = pair.partition("=")
        if not sep or lang not in LANGUAGES:
            raise click.BadParameter(f"'{pair}' is not LANG=TEXT with LANG one of {', '.join(LANGUAGES)}",
                                     param_hint="--caption")
        captions[lang] = text
    return {lang: text for lang, text in captions.items() if text}


def match_name(path: Path, known) -> tuple[str, int | None] | None:
    """(accession number, position) for ``2002.0031-2.tif``; None when no record has that number."""
    stem = path.name.rsplit(".", 1)[0] if "." in path.name else path.name
    if stem in known:  # an accession number that itself ends in -N wins
        return stem, None
    match = _NAME.match(stem)
    if match and match.group("accession") in known:
        return match.group("accession"), int(match.group("position")) if match.group("position") else None
    return None


def _attach(record_number: str, path: Path, bar: tqdm | None, **options) -> list:
    def progress(percent: int) -> None:
        if bar is not None:
            bar.set_postfix_str(f"{path.name} {percent}%", refresh=False)

    with db.transaction() as session:
        added = IMAGES.add(session, record_number, path, storage(), limits=IMAGES.limits(current_app.config),
                           progress=progress, **options)
        return [(a.item.identifier, a.item.width, a.item.height, a.created) for a in added]


@click.group("image", cls=MuseumGroup)
def image_group() -> None:
    """Object images (IIIF): add, import, list, remove."""


@image_group.command("add")
@click.argument("accession")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--caption-zh", help="caption in Chinese")
@click.option("--caption-en", help="caption in English")
@click.option("--caption", "captions", multiple=True, metavar="LANG=TEXT", help="caption in another language")
@click.option("--rights", help="rights statement: a key (museum image rights lists them) or its URI")
@click.option("--position", type=int, help="position of the first file among the record's images")
def add_command(accession, files, caption_zh, caption_en, captions, rights, position) -> None:
    """Attach FILES (JPEG, PNG, TIFF, WebP) to the record ACCESSION."""
    captions = _captions(captions, caption_zh, caption_en)
    failed = 0
    with tqdm(files, unit="file", desc="adding", disable=None) as bar:  # None: a bar on terminals only
        for index, path in enumerate(bar):
            try:
                for identifier, width, height, created in _attach(
                        accession, path, bar, captions=captions, rights=rights,
                        position=position + index if position else None):
                    state = "added" if created else "already attached"
                    tqdm.write(f"{path.name}: {state} as {identifier} ({width} × {height} px)")
            except ImageRejected as error:
                failed += 1
                tqdm.write(f"refused: {error}", file=sys.stderr)
    if failed:
        raise CommandError(f"{failed} of {len(files)} file(s) refused (listed above); the others were added")


@image_group.command("import")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--rights", help="rights statement (key or URI) for every imported image")
def import_command(directory: Path, rights: str | None) -> None:
    """Attach every file in DIRECTORY named after an accession number (2002.0031-1.tif). Resumable."""
    from sqlalchemy import select

    from museum.catalogue.models import Record

    known = set(db.session.scalars(select(Record.accession_number)))
    files = sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith("."))
    matched, unmatched = [], []
    for path in files:
        found = match_name(path, known)
        if found:
            matched.append((path, *found))
        else:
            unmatched.append(path)
    counts = {"added": 0, "skipped": 0, "refused": 0}
    with tqdm(matched, unit="file", desc="importing", disable=None) as bar:
        for path, accession, position in bar:
            try:
                results = _attach(accession, path, bar, rights=rights, position=position)
            except ImageRejected as error:
                counts["refused"] += 1
                tqdm.write(f"refused: {error}", file=sys.stderr)
                continue
            counts["added" if any(created for *_rest, created in results) else "skipped"] += 1
    for path in unmatched:
        click.echo(f"no record matches {path.name} (expected ACCESSION.ext or ACCESSION-N.ext)", err=True)
    click.echo(f"{counts['added']} added, {counts['skipped']} already attached, {counts['refused']} refused, "
               f"{len(unmatched)} unmatched")
    if counts["refused"]:
        raise CommandError("some files were refused (listed above); run again after fixing them")


@image_group.command("list")
@click.argument("accession")
def list_command(accession: str) -> None:
    """List the images of ACCESSION."""
    for image in IMAGES.list(db.session, accession):
        caption = image.caption_in("zh") or ""
        click.echo(f"{image.position}\t{image.identifier}\t{image.width}×{image.height}\t{caption}")


@image_group.command("rights")
@click.argument("identifier")
@click.argument("statement", required=False)
def rights_command(identifier: str, statement: str | None) -> None:
    """Set the rights STATEMENT of the image IDENTIFIER (a key such as CC-BY-4.0, InC, museum, or its URI);
    without STATEMENT, list the statements known. The change is audited."""
    from museum.catalogue import rights
    from museum.catalogue.images import set_rights

    if statement is None:
        for known in rights.STATEMENTS:
            click.echo(f"{known.key}\t{'open' if known.open else 'restricted'}\t{known.uri or ''}\t"
                       f"{known.name('en')}")
        return
    with db.transaction() as session:
        image = set_rights(session, identifier, statement)
        chosen = rights.resolve(image.rights)
    click.echo(f"{identifier}: {chosen.key} ({'downloads open' if chosen.open else 'restricted'})")


@image_group.command("remove")
@click.argument("identifier")
def remove_command(identifier: str) -> None:
    """Remove the image IDENTIFIER (e.g. 2002.0031-2) and its pyramid."""
    remove_held(IMAGES, lambda session: IMAGES.by_identifier(session, identifier), f"image {identifier}")
    click.echo(f"removed {identifier}")


COMMANDS = [image_group]
