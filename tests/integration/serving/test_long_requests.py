"""Long OAI-PMH requests get OAI-PMH answers from the real server, not the server's HTML 414 (issue 13,
11)."""

from __future__ import annotations

import urllib.request

import pytest

from tests.servers import museum_serve

pytestmark = pytest.mark.slow


def test_a_20_kb_identifier_is_an_oai_bad_argument(instance):
    identifier = "oai:museum:" + "9" * 20_000
    with museum_serve(instance) as (base, _):
        url = f"{base}/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier={identifier}"
        with urllib.request.urlopen(url, timeout=30) as answer:
            assert answer.status == 200
            assert answer.headers["Content-Type"].startswith("text/xml")
            body = answer.read().decode()
    assert '<error code="badArgument">' in body and "20,011 characters" in body
    assert identifier not in body  # a bad argument is not echoed back
