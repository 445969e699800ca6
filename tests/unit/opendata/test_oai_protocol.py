"""OAI-PMH argument checking and resumption tokens, without a server."""

from __future__ import annotations

from datetime import datetime

import pytest

from museum.oai.protocol import OAIError, make_token, parse, time_range
from museum.open_data import iso_year

SECRET = "unit"


def args(query: str) -> dict:
    values: dict = {}
    for pair in filter(None, query.split("&")):
        name, _, value = pair.partition("=")
        values.setdefault(name, []).append(value)
    return values


def code(query: str) -> str:
    with pytest.raises(OAIError) as caught:
        parse(args(query), SECRET)
    return caught.value.code


def test_verbs_and_arguments():
    assert code("") == code("verb=identify") == code("verb=Identify&verb=ListSets") == "badVerb"
    assert code("verb=Identify&set=x") == "badArgument"
    assert code("verb=GetRecord&identifier=x") == "badArgument"
    assert code("verb=ListSets&resumptionToken=x&from=2020-01-01") == "badArgument"
    request = parse(args("verb=ListRecords&metadataPrefix=oai_dc&set=coins&from=2020-01-01"), SECRET)
    assert (request.verb, request.args, request.after) == ("ListRecords",
                                                           {"metadataPrefix": "oai_dc", "set": "coins",
                                                            "from": "2020-01-01"}, None)


def test_datestamps_and_granularity():
    assert code("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01T00:00:00") == "badArgument"
    assert code("verb=ListRecords&metadataPrefix=oai_dc&from=2020-13-01") == "badArgument"
    mixed_granularity = "verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01&until=2020-01-01T10:00:00Z"
    assert code(mixed_granularity) == "badArgument"
    start, end = time_range({"from": "2020-01-01", "until": "2020-01-31"})
    assert start == datetime(2020, 1, 1) and end == datetime(2020, 1, 31, 23, 59, 59, 999999)
    start, end = time_range({"until": "2020-01-31T10:11:12Z"})
    assert start is None and end == datetime(2020, 1, 31, 10, 11, 12, 999999)


def test_tokens_round_trip_and_reject_tampering():
    token = make_token("ListRecords", {"metadataPrefix": "oai_dc", "set": "三峡"}, "1989.0107", 50, SECRET)
    request = parse({"verb": ["ListRecords"], "resumptionToken": [token]}, SECRET)
    assert (request.args["set"], request.after, request.cursor) == ("三峡", "1989.0107", 50)
    assert code(f"verb=ListIdentifiers&resumptionToken={token}") == "badResumptionToken"
    with pytest.raises(OAIError) as caught:
        parse({"verb": ["ListRecords"], "resumptionToken": [token]}, "another secret")
    assert caught.value.code == "badResumptionToken"
    for broken in ("", ".", "x.y", token.replace(".", "")):
        assert code(f"verb=ListRecords&resumptionToken={broken}") == "badResumptionToken"


def test_iso_years_use_astronomical_numbering():
    assert [iso_year(y) for y in (-475, -1, 1, 220, 1949)] == ["-0474", "0000", "0001", "0220", "1949"]
