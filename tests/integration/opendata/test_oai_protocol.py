"""OAI-PMH answers checked as XML: the error conditions of the protocol, dates, sets and tokens."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from museum.catalogue.models import Record
from museum.extensions import db

NS = {"o": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/"}
ID = "oai:three-gorges-museum.example:"


def oai(client, query: str, method: str = "get"):
    form = None if method == "get" else dict(p.split("=", 1) for p in query.split("&"))
    response = getattr(client, method)("/oai?" + query if method == "get" else "/oai", data=form)
    assert response.status_code == 200 and response.mimetype == "text/xml"
    return ElementTree.fromstring(response.data)


def error_code(root) -> str | None:
    error = root.find("o:error", NS)
    return None if error is None else error.get("code")


@pytest.mark.parametrize("query, code", [
    ("", "badVerb"),
    ("verb=Dance", "badVerb"),
    ("verb=Identify&verb=Identify", "badVerb"),
    ("verb=Identify&extra=1", "badArgument"),
    ("verb=ListRecords", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01&until=2020-01-02T00:00:00Z", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=yesterday", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2021-01-02&until=2021-01-01", "badArgument"),
    ("verb=ListRecords&resumptionToken=abc&metadataPrefix=oai_dc", "badArgument"),
    ("verb=GetRecord&identifier=" + ID + "1989.0107", "badArgument"),
    ("verb=ListRecords&metadataPrefix=mods", "cannotDisseminateFormat"),
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + ID + "0000.0000", "idDoesNotExist"),
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elsewhere.org:1989.0107", "idDoesNotExist"),
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + ID + "X2026.0001", "idDoesNotExist"),
    ("verb=ListMetadataFormats&identifier=" + ID + "nope", "idDoesNotExist"),
    ("verb=ListRecords&metadataPrefix=oai_dc&until=1990-01-01", "noRecordsMatch"),
    ("verb=ListIdentifiers&metadataPrefix=oai_dc&set=no-such-gallery", "noRecordsMatch"),
    ("verb=ListRecords&resumptionToken=garbage", "badResumptionToken"),
])
def test_protocol_errors(client, query, code):
    root = oai(client, query)
    assert error_code(root) == code
    request = root.find("o:request", NS)
    assert request.text == "http://localhost/oai"
    if code in ("badVerb", "badArgument"):
        assert request.attrib == {}, "the request element carries no attributes after badVerb/badArgument"


def test_tokens_are_signed_and_bound_to_their_verb(client):
    token = oai(client, "verb=ListIdentifiers&metadataPrefix=oai_dc").find(".//o:resumptionToken", NS).text
    assert error_code(oai(client, f"verb=ListIdentifiers&resumptionToken={token}")) is None
    assert error_code(oai(client, f"verb=ListRecords&resumptionToken={token}")) == "badResumptionToken"
    body, signature = token.rsplit(".", 1)
    forged = body[:-2] + ("AA" if body[-2:] != "AA" else "BB") + "." + signature
    assert error_code(oai(client, f"verb=ListIdentifiers&resumptionToken={forged}")) == "badResumptionToken"


def test_resumption_token_attributes_and_the_last_page(client, published):
    cursor, seen, token = 0, [], None
    while True:
        query = (f"verb=ListIdentifiers&resumptionToken={token}" if token
                 else "verb=ListIdentifiers&metadataPrefix=oai_dc")
        root = oai(client, query, method="post" if token else "get")
        seen += [h.text for h in root.findall(".//o:header/o:identifier", NS)]
        element = root.find(".//o:resumptionToken", NS)
        assert element.get("completeListSize") == str(len(published)) and element.get("cursor") == str(cursor)
        cursor += 25
        token = element.text
        if not token:
            break
    assert sorted(seen) == sorted(ID + a for a in published) and len(seen) == len(set(seen))


def test_from_until_select_by_datestamp(client, opendata_app):
    with opendata_app.app_context():
        record = db.session.query(Record).filter_by(accession_number="2002.0031").one()
        stamp = record.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    root = oai(client, f"verb=ListIdentifiers&metadataPrefix=oai_dc&from={stamp}&until={stamp}")
    assert ID + "2002.0031" in [e.text for e in root.findall(".//o:identifier", NS)]
    day = stamp[:10]
    assert error_code(oai(client,
                          f"verb=ListIdentifiers&metadataPrefix=oai_dc&from={day}&until={day}")) is None
    next_year = str(int(day[:4]) + 1) + day[4:]
    assert error_code(oai(client,
                          f"verb=ListIdentifiers&metadataPrefix=oai_dc&from={next_year}")) == "noRecordsMatch"


def test_identify_sets_and_dublin_core(client):
    identify = oai(client, "verb=Identify").find("o:Identify", NS)
    assert identify.find("o:protocolVersion", NS).text == "2.0"
    assert identify.find("o:granularity", NS).text == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.find("o:deletedRecord", NS).text == "no"
    sets = oai(client, "verb=ListSets").findall(".//o:set", NS)
    names = {s.find("o:setSpec", NS).text: s.find("o:setName", NS).text for s in sets}
    assert names["three-gorges"] == "壮丽三峡" and len(names) == 10
    record = oai(client, f"verb=GetRecord&metadataPrefix=oai_dc&identifier={ID}1989.0107").find(".//o:record",
                                                                                                NS)
    assert record.find("o:header/o:setSpec", NS).text == "ancient-ba-yu"
    titles = {t.get("{http://www.w3.org/XML/1998/namespace}lang"): t.text
              for t in record.iterfind(".//dc:title", NS)}
    assert titles["zh-Hans"] == "战国铜虎钮錞于" and titles["en"] == "Bronze chunyu with tiger knob"
    formats = [f.text for f in record.iterfind(".//dc:format", NS)]
    assert any("H 68 cm" in f and "30 kg" in f for f in formats), formats
    assert "http://localhost/api/v1/objects/1989.0107.jsonld" in [r.text
                                                                  for r in record.iterfind(".//dc:relation",
                                                                                           NS)]
