"""Online exhibitions: versions, drafts invisible until published, the audit trail, problems named in the
curator's language, sanitised sections on the public page, and the Atom feed validated against the RFC 4287
schema (RELAX NG, through lxml)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rnc2rng
from lxml import etree
from sqlalchemy import select

from museum.catalogue import exhibitions
from museum.catalogue.audit import AuditEntry
from museum.exceptions import Conflict
from museum.extensions import db
from tests.unit.curator.support import login, session_csrf

ATOM_RNC = Path(__file__).with_name("atom.rnc")
ATOM = "{http://www.w3.org/2005/Atom}"
EVIL = ('Tigers <script>alert("x")</script> <img src=x onerror=alert(1)> '
        '<a href="javascript:alert(2)">trap</a> [md](javascript:alert(3)) **bold**')


def document(**changes) -> dict:
    doc = {"title": {"zh": "巴人与虎", "en": "The Ba and the tiger"}, "summary": {"en": "A story."},
           "cover": None,
           "blocks": [{"kind": "text", "heading": {"en": "Tigers"},
                       "body": {"en": EVIL, "zh": "虎是巴人的图腾。"}},
                      {"kind": "object", "accession": "1989.0107"},
                      {"kind": "map", "places": "万县甘宁乡\nFengdu"},
                      {"kind": "timeline", "periods": ["战国", "Eastern Han", "shang"]}]}
    doc.update(changes)
    return doc


@pytest.fixture
def story(app, catalogue):
    with app.app_context(), db.transaction() as session:
        exhibitions.create(session, "ba-tiger", {"en": "The Ba and the tiger"}, author="curator1")
        exhibitions.save(session, "ba-tiger", document(), author="curator1")
    return "ba-tiger"


def test_drafts_stay_private_until_published_and_every_change_is_a_version(app, client, story):
    assert client.get("/en/exhibitions/ba-tiger").status_code == 404  # a draft
    with app.app_context(), db.transaction() as session:
        exhibitions.publish(session, story, actor="curator1")
    page = client.get("/en/exhibitions/ba-tiger").get_data(as_text=True)
    assert "Tigers" in page and "Bronze chunyu" in page
    # places named in Chinese and English, shown in English
    assert "Ganning Township, Wanxian" in page and "Fengdu" in page
    assert "Warring States" in page and "475" in page and "BC" in page  # BCE years on the timeline
    with app.app_context(), db.transaction() as session:
        exhibitions.save(session, story, document(title={"en": "A newer title"}), author="curator1")
        found = exhibitions.get(session, story)
        assert (found.current_version, found.published_version, found.has_draft) == (3, 2, True)
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity_key == story)).all()
    assert {e.entity for e in entries} == {"exhibitions", "exhibition_versions"}
    assert "A newer title" not in client.get("/en/exhibitions/ba-tiger").get_data(as_text=True)
    listing = client.get("/zh/exhibitions").get_data(as_text=True)
    assert "巴人与虎" in listing


def test_sections_are_sanitised_on_the_public_page(app, client, story):
    with app.app_context(), db.transaction() as session:
        exhibitions.publish(session, story)
    page = client.get("/en/exhibitions/ba-tiger").get_data(as_text=True)
    section = page[page.index('data-block="text"'):page.index('data-block="object"')]
    assert "<strong>bold</strong>" in section
    assert "<script" not in section and "onerror" not in section
    assert not re.search(r'href="\s*javascript', section, re.I)
    # a French reader sees the English text, marked as English with the site's note
    french = client.get("/fr/exhibitions/ba-tiger").get_data(as_text=True)
    assert 'lang="en" class="fallback" data-fallback="en"' in french
    # a zh-Hant reader gets the simplified text converted and marked
    hant = client.get("/zh-hant/exhibitions/ba-tiger").get_data(as_text=True)
    assert 'data-converted="opencc-s2t"' in hant and "虎是巴人的圖騰" in hant


@pytest.mark.parametrize(("block", "code"), [
    ({"kind": "object", "accession": "1900.0001"}, "unknown_record"),
    ({"kind": "object", "accession": "1955.0021"}, "unpublished_record"),
    ({"kind": "image", "image": "nope-1", "region": "0,0,10,10"}, "unknown_image"),
    ({"kind": "map", "places": "Atlantis"}, "unknown_term"),
    ({"kind": "timeline", "periods": ""}, "no_periods"),
    ({"kind": "model", "accession": "1989.0107"}, "no_model"),
    ({"kind": "audio", "track": "missing"}, "unknown_track"),
    ({"kind": "video"}, "unknown_kind"),
])
def test_bad_blocks_are_refused_with_the_problem_named(app, story, block, code):
    with app.app_context(), db.transaction() as session:
        with pytest.raises(exhibitions.ExhibitionError) as refused:
            exhibitions.save(session, story, document(blocks=[block]))
    assert refused.value.code == code and refused.value.block == 1


def test_region_must_lie_inside_the_image():
    assert exhibitions.parse_region("10, 20, 300, 200", 1000, 800) == "10,20,300,200"
    assert exhibitions.parse_region("", 1000, 800) == "full"
    for bad, code in (("10,20", "region_format"), ("900,0,200,100", "region_outside"),
                      ("0,0,0,5", "region_outside")):
        with pytest.raises(exhibitions.ExhibitionError) as refused:
            exhibitions.parse_region(bad, 1000, 800)
        assert refused.value.code == code


def test_saving_over_a_newer_version_is_a_conflict(app, story):
    with app.app_context(), db.transaction() as session:
        with pytest.raises(Conflict):
            exhibitions.save(session, story, document(), base_version=1)


def test_the_composer_adds_moves_previews_and_publishes_and_speaks_the_curators_language(app, client, users,
                                                                                         story):
    login(client, "curator1")
    token = session_csrf(client)
    form = {"csrf_token": token, "base_version": "2", "action": "add", "kind": "object",
            "accession": "2002.0031"}
    assert client.post("/curator/exhibitions/ba-tiger", data=form).status_code == 303
    form = {"csrf_token": token, "base_version": "3", "action": "up", "block": "5"}
    assert client.post("/curator/exhibitions/ba-tiger", data=form).status_code == 303
    with app.app_context():
        blocks = exhibitions.version(db.session, exhibitions.get(db.session, story)).document["blocks"]
    assert [b["kind"] for b in blocks] == ["text", "object", "map", "object", "timeline"]
    assert "Bird-shaped zun" in client.get("/curator/exhibitions/ba-tiger/preview").get_data(as_text=True)
    # an unknown place, said in Chinese for a curator working in Chinese
    bad = {"csrf_token": token, "base_version": "4", "action": "add", "kind": "map", "places": "Atlantis"}
    answer = client.post("/curator/exhibitions/ba-tiger?lang=zh", data=bad)
    assert answer.status_code == 400
    # the new block (6), its field and the problem, in Chinese
    assert "第 6 块 · 出土地点（每行一个）：“Atlantis”不在列表中" in answer.get_data(as_text=True)
    publish = {"csrf_token": token, "base_version": "4", "action": "publish"}
    assert client.post("/curator/exhibitions/ba-tiger", data=publish).status_code == 303
    assert client.get("/en/exhibitions/ba-tiger").status_code == 200


def atom_schema() -> etree.RelaxNG:
    # rnc2rng declares the compact syntax's `local` prefix as xmlns:local="", which XML namespaces forbid;
    # the converted grammar names that namespace by ns="" wherever it is used, so the declaration goes.
    grammar = rnc2rng.dumps(rnc2rng.load(str(ATOM_RNC))).replace('xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(grammar.encode("utf-8")))


@pytest.mark.parametrize("segment", ["zh", "en", "fr"])
def test_the_feed_is_valid_atom_with_new_exhibitions_and_objects(app, client, story, segment):
    with app.app_context(), db.transaction() as session:
        exhibitions.publish(session, story)
    response = client.get(f"/{segment}/feed.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = etree.fromstring(response.data)
    schema = atom_schema()
    assert schema.validate(feed), schema.error_log
    links = [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")]
    assert any("/exhibitions/ba-tiger" in link for link in links)
    assert any("/objects/1989.0107" in link for link in links)
    assert not any("1955.0021" in link for link in links)  # unpublished records stay out
    # RFC 4287's rules the grammar cannot say: ids unique, entries' times in RFC 3339
    ids = [e.findtext(f"{ATOM}id") for e in feed.iter(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))


def test_the_schema_rejects_a_broken_feed():
    broken = etree.fromstring(b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
                              b"<updated>yesterday</updated></feed>")
    assert not atom_schema().validate(broken)


def test_a_published_exhibition_is_a_iiif_collection_and_in_the_sitemap(app, client, story):
    from iiif_prezi3 import Collection

    assert client.get("/iiif/exhibitions/ba-tiger.json").status_code == 404  # not before it is published
    assert "/exhibitions/ba-tiger" not in client.get("/sitemap.xml").get_data(as_text=True)
    with app.app_context(), db.transaction() as session:
        exhibitions.publish(session, story)
    document = client.get("/iiif/exhibitions/ba-tiger.json").get_json()
    Collection(**document)  # iiif-prezi3 validates the Presentation 3.0 model
    assert document["label"]["zh-Hans"] == ["巴人与虎"]
    assert [item["id"].rsplit("/", 1)[1] for item in document["items"]] == ["1989.0107.json"]
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/en/exhibitions/ba-tiger</loc>" in sitemap and "/zh/exhibitions</loc>" in sitemap


def test_the_feed_leaves_oai_pmh_answers_in_their_own_default_namespace(client):
    """ElementTree's namespace prefixes are global: the feed must not take OAI-PMH's default namespace (after
    a feed, OAI answers were written with ns0: prefixes)."""
    oai = client.get("/oai?verb=Identify").data
    assert b"<Identify>" in oai
    feed = client.get("/en/feed.atom").data
    assert b'<feed xmlns="http://www.w3.org/2005/Atom"' in feed
    assert client.get("/oai?verb=Identify").data == oai
    assert client.get("/en/feed.atom").data.startswith(feed[:200])
