"""Search finds records by the names of their vocabulary fields in every language (a French reader typing
"bois de rose" finds a record whose material is stored as the key ``rosewood``)."""

from __future__ import annotations

import pytest

from museum.catalogue.models import Record
from museum.catalogue.search_service import processor
from museum.extensions import db
from tests.integration.search.test_api import get


@pytest.fixture
def client(app):
    with app.app_context():
        with db.transaction() as session:
            session.add(Record(accession_number="V1", title={"zh": "案几"}, description={},
                               category="furniture", period="qing", material="rosewood",
                               find_site="chongqing-huguang", acquisition_method="donation", published=True))
            session.add(Record(accession_number="V2", title={"zh": "碗"}, description={},
                               category="porcelain", period="qing", material="porcelain", published=True))
        processor(app).process()
    return app.test_client()


@pytest.mark.parametrize(("lang", "query"), [("fr", "bois de rose"), ("en", "rosewood"), ("ko", "자단"),
                                             ("zh", "红木"), ("zh-Hant", "紅木"),
                                             ("en", "Huguang Guild Hall"), ("fr", "maison de la guilde"),
                                             ("ja", "湖広会館")])
def test_vocabulary_names_in_every_language_find_the_record(client, lang, query):
    body = get(client, f"/api/v1/search?q={query}&lang={lang}")
    assert [hit["accession_number"] for hit in body["hits"]] == ["V1"]
