"""The pyoai client harvests the OAI-PMH endpoint of a live server completely, through resumption tokens."""

from __future__ import annotations

import pytest
from oaipmh import error as oai_error
from oaipmh.client import Client
from oaipmh.metadata import MetadataRegistry, oai_dc_reader

from tests.integration.opendata.pyoai_compat import lxml_compatible

REPOSITORY = "oai:three-gorges-museum.example:"


@pytest.fixture(scope="module")
def harvester(live_opendata):
    registry = MetadataRegistry()
    registry.registerReader("oai_dc", oai_dc_reader)
    with lxml_compatible():
        yield Client(live_opendata + "/oai", registry)


def test_list_records_harvests_every_published_record_and_nothing_else(harvester, published, unpublished):
    harvested = {}
    for header, metadata, _about in harvester.listRecords(metadataPrefix="oai_dc"):
        harvested[header.identifier().removeprefix(REPOSITORY)] = metadata
    assert len(published) > 25 * 4  # several pages of OAI_PAGE_SIZE = 25
    assert set(harvested) == published
    assert not set(harvested) & unpublished
    chunyu = harvested["1989.0107"]
    titles = chunyu.getField("title")
    assert "战国铜虎钮錞于" in titles and "Bronze chunyu with tiger knob" in titles
    assert "1989.0107" in chunyu.getField("identifier")


def test_list_identifiers_matches_list_records_and_sets_partition_them(harvester, published):
    identifiers = [h.identifier().removeprefix(REPOSITORY)
                   for h in harvester.listIdentifiers(metadataPrefix="oai_dc")]
    assert len(identifiers) == len(set(identifiers)) and set(identifiers) == published
    by_set = set()
    sets = list(harvester.listSets())
    assert {spec for spec, _name, _description in sets} >= {"three-gorges", "coins", "porcelain"}
    for spec, _name, _description in sets:
        try:
            members = {h.identifier().removeprefix(REPOSITORY)
                       for h in harvester.listIdentifiers(metadataPrefix="oai_dc", set=spec)}
        except oai_error.NoRecordsMatchError:
            members = set()
        assert not members & by_set, f"{spec} shares records with another gallery"
        by_set |= members
    assert by_set == published


def test_identify_get_record_and_protocol_errors_through_the_client(harvester, unpublished):
    identify = harvester.identify()
    assert identify.protocolVersion() == "2.0" and identify.baseURL().endswith("/oai")
    assert [f[0] for f in harvester.listMetadataFormats()] == ["oai_dc"]
    header, metadata, _ = harvester.getRecord(identifier=REPOSITORY + "1955.0021", metadataPrefix="oai_dc")
    assert header.identifier() == REPOSITORY + "1955.0021" and "东汉偏将军金印" in metadata.getField("title")
    with pytest.raises(oai_error.IdDoesNotExistError):
        harvester.getRecord(identifier=REPOSITORY + sorted(unpublished)[0], metadataPrefix="oai_dc")
    with pytest.raises(oai_error.CannotDisseminateFormatError):
        harvester.getRecord(identifier=REPOSITORY + "1955.0021", metadataPrefix="marc21")
