"""An exhibition as one zip for the social-media team, in one language: the WeChat article with its
pictures beside it, the share kit, the Weibo set, the texts and captions in every language, the vertical
video when it was made, and ``manifest.json`` (last) naming each file, its size, SHA-256 and the rights
of what it shows.

The zip is streamed as it is written (:func:`zip_stream`: Python's ``zipfile`` on a sink it empties after
every file, entries with data descriptors), so the response holds one file at a time, never the archive.
``EXPORT_MAX_MB`` bounds it: a file that would pass the limit is left out and named under ``omitted`` in
the manifest, so the zip is always whole and says what it lacks."""

from __future__ import annotations

import hashlib
import io
import json
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from flask import current_app

from assets.images import cards
from languages import LANGUAGES, URL_SEGMENTS
from museum import exhibition_exports as exports
from museum.catalogue import repository, rights
from museum.extensions import db
from museum.i18n import plain
from museum.media import storage
from museum.open_data import external_url

CHUNK = 1024 * 1024
PACKED = (".html", ".md", ".json", ".txt")  # deflated; pictures and video are stored as they are


class _Sink(io.RawIOBase):
    """A write-only stream that keeps what was written until :meth:`take`; it cannot seek, so
    ``zipfile`` writes data descriptors after each entry instead of going back to its header."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


Payload = bytes | Callable[[], bytes] | Iterable[bytes]


def zip_stream(entries: Iterable[tuple[str, Payload]]) -> Iterator[bytes]:
    """The zip of ``entries`` (name, bytes or a function giving them or an iterable of chunks), yielded a
    piece at a time as each entry is made."""
    sink = _Sink()
    stamp = time.localtime()[:6]
    with zipfile.ZipFile(sink, "w") as archive:
        for name, payload in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED if name.endswith(PACKED) else zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            data = payload() if callable(payload) else payload
            with archive.open(info, "w") as target:
                for chunk in ([data] if isinstance(data, bytes) else data):
                    target.write(chunk)
                    yield sink.take()
            yield sink.take()
    yield sink.take()


@dataclass
class Bundle:
    """What :func:`entries` wrote, for its manifest."""
    files: list
    omitted: list
    size: int = 0


def _rights(*statements: rights.Statement | None, lang: str) -> list[dict]:
    seen: dict[str, dict] = {}
    for statement in statements:
        if statement is not None and statement.key not in seen:
            seen[statement.key] = {"key": statement.key, "uri": statement.iiif_uri,
                                   "name": statement.name(lang), "open": statement.open}
    return list(seen.values())


def texts_markdown(document: dict, lang: str) -> str:
    """The exhibition's words in ``lang`` (its own or the fallback's), section by section, with each
    picture's caption and each object's title: to paste into a post."""
    lines = [f"# {plain(document.get('title'), lang)}", ""]
    if summary := plain(document.get("summary"), lang):
        lines += [summary, ""]
    for number, block in enumerate(document.get("blocks", []), 1):
        kind = block["kind"]
        if kind == "text":
            if heading := plain(block.get("heading"), lang):
                lines += [f"## {heading}", ""]
            if body := plain(block.get("body"), lang):
                lines += [body.strip(), ""]
            continue
        words = []
        if kind in ("object", "model"):
            record = repository.get_record(db.session, block["accession"])
            if record is not None:
                words.append(plain(record.title, lang) or record.accession_number)
        if caption := plain(block.get("caption"), lang):
            words.append(caption)
        if words:
            lines += [f"[{number}: {kind}] " + " — ".join(words), ""]
    return "\n".join(lines).rstrip() + "\n"


def entries(slug: str, version: int, document: dict, lang: str, *, limit_bytes: int,
            bundle: Bundle | None = None) -> Iterator[tuple[str, Payload]]:
    """The zip's files in order, each made when it is asked for, ``manifest.json`` last."""
    bundle = bundle or Bundle([], [])
    page_url = external_url("public.exhibition", lang=URL_SEGMENTS[lang], slug=slug)

    def admit(path: str, data: bytes | None, kind: str, shown: list[dict], *, size: int | None = None,
              language: str = lang) -> bool:
        size = len(data) if data is not None else size
        if bundle.size + size > limit_bytes:
            bundle.omitted.append({"path": path, "bytes": size, "reason": "EXPORT_MAX_MB"})
            return False
        bundle.size += size
        entry = {"path": path, "kind": kind, "language": language, "bytes": size, "rights": shown}
        if data is not None:
            entry["sha256"] = hashlib.sha256(data).hexdigest()
        bundle.files.append(entry)
        return True

    local: list[exports.LocalPicture] = []
    article = exports.wechat_article(slug, document, lang, local).encode()
    pictures = []
    for picture in local:
        image = exports.IMAGES.by_identifier(db.session, picture.identifier)
        pictures.append((picture, exports.statement_of(image)))
    if admit("wechat/article.html", article, "wechat-article",
             _rights(*(s for _p, s in pictures), lang=lang)):
        yield "wechat/article.html", article
    for picture, statement in pictures:
        data = exports.local_picture_jpeg(picture)
        path = f"wechat/{picture.src}"
        if admit(path, data, "wechat-image", _rights(statement, lang=lang)):
            yield path, data
    cover = document.get("cover")
    cover_image = exports.IMAGES.by_identifier(db.session, cover["image"]) if cover else None
    cover_rights = _rights(exports.statement_of(cover_image) if cover_image else None, lang=lang)
    for channel, (width, height) in cards.CHANNELS.items():
        data = exports.share_image(document, lang, channel, page_url)
        path = f"share/{channel}-{width}x{height}.jpg"
        if admit(path, data, "share-image", cover_rights):
            yield path, data
    tiles = exports.weibo_tiles(document, lang)
    for number, tile in enumerate(tiles, 1):
        data = exports.weibo_image(tiles, number, lang, page_url)
        path = f"weibo/{number:02d}.jpg"
        if admit(path, data, "weibo-image", _rights(exports.tile_rights(tile), lang=lang)):
            yield path, data
    museum_terms = _rights(rights.resolve("museum"), lang=lang)
    for code in LANGUAGES:
        data = texts_markdown(document, code).encode()
        path = f"texts/{code}.md"
        if admit(path, data, "texts", museum_terms, language=code):
            yield path, data
    key = exports.video_key(slug, version, lang)
    store = storage()
    stat = store.stat(key)
    if stat is not None:
        path = f"video/{slug}-{lang}.mp4"
        if admit(path, None, "channels-video", cover_rights, size=stat.bytes):
            yield path, _chunks(store, key)
    manifest = {"exhibition": slug, "version": version, "language": lang, "url": page_url,
                "made": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "limit_bytes": limit_bytes,
                "files": bundle.files, "omitted": bundle.omitted}
    yield "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode()


def _chunks(store, key: str) -> Iterator[bytes]:
    with store.open(key) as source:
        while chunk := source.read(CHUNK):
            yield chunk


def export_zip(slug: str, version: int, document: dict, lang: str) -> Iterator[bytes]:
    limit = int(current_app.config["EXPORT_MAX_MB"]) * 1024 * 1024
    return zip_stream(entries(slug, version, document, lang, limit_bytes=limit))
