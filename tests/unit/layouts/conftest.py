"""Layouts shared by the layout tests: the sample hall and the deliberately faulty hall."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from exhibits.layouts.model import parse_layout

DATA = Path(__file__).parent / "data"
SAMPLE = Path(__file__).resolve().parents[3] / "exhibits" / "layouts" / "samples" / "three-gorges.json"


@pytest.fixture(scope="session")
def sample_document() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def faulty_document() -> dict:
    return json.loads((DATA / "faulty-layout.json").read_text(encoding="utf-8"))


@pytest.fixture
def sample(sample_document):
    return parse_layout(copy.deepcopy(sample_document))


@pytest.fixture
def faulty(faulty_document):
    return parse_layout(copy.deepcopy(faulty_document))
