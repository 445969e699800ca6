"""A new media kind is one module plus its registration: ``DocumentKind`` below (PDF leaflets and labels)
is defined here, registered, and then added, listed and removed through the curator's one add and one remove
path and the holdings they share, with no other code. The same module, shipped, would live at
``assets/documents/kind.py`` with one import in ``assets/kinds.py``.

Also here: files and rows move together (a rolled-back add leaves no file, a rolled-back removal keeps them).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from assets.exceptions import MediaError
from assets.media import (
    KINDS,
    SNIFF_BYTES,
    Derivative,
    Ingested,
    Limits,
    MediaKind,
    Source,
    register,
    sha256_of,
)
from museum.catalogue import media
from museum.extensions import db
from museum.media import storage
from tests.unit.curator.support import csrf_from, login

pytestmark = pytest.mark.usefixtures("users", "catalogue")
MEDIA = "/curator/records/1989.0107/media"


# --- the example kind: everything a new kind needs --------------------------------------------------

class DocumentRejected(MediaError):
    code = "document_rejected"


class DocumentKind(MediaKind):
    """PDF documents (a leaflet, a label); the derivative is the text the pages show."""

    name, folder, noun = "document", "documents", "document"
    accepts = "PDF"
    limits = Limits(max_bytes=10 * 1024**2, max_pages=20)

    def sniff(self, head: bytes, size: int) -> str | None:
        return "pdf" if head.startswith(b"%PDF-") else None

    def check(self, path: Path, limits: Limits | None = None) -> Source:
        limits, size = limits or self.limits, path.stat().st_size
        if size > limits.max_bytes:
            raise DocumentRejected(f"{path.name}: {size:,} bytes, over the limit of {limits.max_bytes:,}")
        with open(path, "rb") as handle:
            if self.sniff(handle.read(SNIFF_BYTES), size) is None:
                raise DocumentRejected(f"{path.name}: not a PDF")
        pages = len(re.findall(rb"/Type\s*/Page\b", path.read_bytes()))
        if pages > limits.max_pages:
            raise DocumentRejected(f"{path.name}: {pages} pages, more than the limit of {limits.max_pages}")
        return Source(path.name, "pdf", "application/pdf", size, {"pages": pages})

    def ingest(self, path: Path, storage, item: str, limits: Limits | None = None, **options) -> Ingested:
        source = self.check(path, limits)
        shown = re.findall(rb"\((.*?)\)\s*Tj", path.read_bytes())  # the strings the pages show
        with storage.scratch() as folder:
            text = folder / "text.txt"
            text.write_bytes(b"\n".join(shown))
            derivatives = [Derivative("text", "text/plain", text.stat().st_size, path=text).stored(
                storage, f"documents/{item}/text.txt")]
        key = f"documents/{item}/document.pdf"
        derivatives.append(Derivative("source", "application/pdf", storage.put(key, path), key=key))
        return Ingested(source, sha256_of(path), derivatives, {"pages": source.metadata["pages"]})


# --- the tests ----------------------------------------------------------------------------------------

@pytest.fixture
def documents(app):
    kind = register(DocumentKind())  # as `from assets.documents.kind import DOCUMENT` in assets/kinds.py
    yield kind
    del KINDS[kind.name]


def leaflet(*lines: str) -> bytes:
    """A minimal one-page PDF showing ``lines``."""
    text = " ".join(f"({line}) Tj" for line in lines)
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
            b"3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n"
            b"4 0 obj << >> stream\nBT " + text.encode() + b" ET\nendstream endobj\n%%EOF\n")


def _csrf(client) -> str:
    return csrf_from(client.get(MEDIA).get_data(as_text=True).replace(
        'type="hidden" name="csrf_token" value=', 'name="csrf_token" type="hidden" value='))


def _stored(app) -> list[str]:
    with app.app_context():
        return storage().list("documents/")


def test_a_new_kind_is_added_listed_and_removed_through_the_curator_pages(app, documents):
    editor, curator = app.test_client(), app.test_client()
    for client in (editor, curator):
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # the English messages are checked below
    login(editor, "editor1")
    assert "Add: PDF" in editor.get(MEDIA).get_data(as_text=True)  # the page offers every registered kind
    pdf = leaflet("Tiger knob", "Ba people")
    upload = {"csrf_token": _csrf(editor), "file": (io.BytesIO(pdf), "leaflet.pdf")}
    answer = editor.post(f"{MEDIA}/documents", data=upload, content_type="multipart/form-data")
    assert answer.status_code == 302
    page = editor.get(MEDIA).get_data(as_text=True)
    assert "Added: #1 leaflet.pdf" in page and "text: 20 B" in page
    with app.app_context():
        [item] = media.holdings("document").list(db.session, "1989.0107")
        assert (item.kind, item.source_format, item.manifest["metadata"]) == ("document", "pdf", {"pages": 1})
        with storage().open(f"documents/{item.name}/text.txt") as text:
            assert text.read() == b"Tiger knob\nBa people"
    assert _stored(app) == [f"documents/{item.name}/document.pdf", f"documents/{item.name}/text.txt"]

    login(curator, "curator1")
    answer = curator.post(f"{MEDIA}/documents/{item.id}/remove", data={"csrf_token": _csrf(curator)})
    assert answer.status_code == 302 and _stored(app) == []
    assert "None yet." in curator.get(MEDIA).get_data(as_text=True)


def test_a_new_kinds_refusals_reach_the_page_and_keep_nothing(app, documents):
    editor = app.test_client()
    login(editor, "editor1")
    upload = {"csrf_token": _csrf(editor), "file": (io.BytesIO(b"GIF89a" + bytes(64)), "leaflet.pdf")}
    answer = editor.post(f"{MEDIA}/documents", data=upload, content_type="multipart/form-data")
    assert answer.status_code == 422 and "document: leaflet.pdf: not a PDF" in answer.get_data(as_text=True)
    assert _stored(app) == []
    unknown = editor.post(f"{MEDIA}/leaflets", data={"csrf_token": _csrf(editor)})
    assert unknown.status_code == 404  # no such kind


def test_a_rolled_back_add_leaves_no_file_and_a_rolled_back_removal_keeps_them(app, documents, tmp_path):
    path = tmp_path / "label.pdf"
    path.write_bytes(leaflet("Label"))
    holdings = media.holdings("documents")
    with app.app_context():
        with pytest.raises(RuntimeError), db.transaction() as session:
            holdings.add(session, "1989.0107", path, storage())
            assert len(_stored(app)) == 2
            raise RuntimeError("a later step of the same transaction fails")
        assert _stored(app) == [] and holdings.list(db.session, "1989.0107") == []

        with db.transaction() as session:
            [added] = holdings.add(session, "1989.0107", path, storage())
        with pytest.raises(RuntimeError), db.transaction() as session:
            holdings.remove(session, holdings.find(session, "1989.0107", str(added.item.id)), storage())
            raise RuntimeError("the removal is rolled back")
        assert len(_stored(app)) == 2 and len(holdings.list(db.session, "1989.0107")) == 1
        with db.transaction() as session:
            again = holdings.add(session, "1989.0107", path, storage())
        assert [a.created for a in again] == [False] and len(_stored(app)) == 2  # the same file: kept once
