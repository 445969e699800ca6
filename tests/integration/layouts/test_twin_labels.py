"""The twin page's labels (curator/layouts.py twin_labels): each case's id above it and each object's
title in the page's language just above the object, at hall metres."""

from __future__ import annotations

import json
import re

import pytest

from museum.catalogue import layouts as store
from museum.extensions import db
from tests.integration.layouts.test_api import SAMPLE, signed_in


@pytest.mark.parametrize(("lang", "title"), [("en", "Daxi culture painted pottery bottle"),
                                             ("zh", "大溪文化彩陶瓶")])
def test_the_twin_names_cases_and_objects_in_the_page_language(app, users, lang, title):
    with app.app_context(), db.transaction() as session:
        store.save_version(session, SAMPLE, author="test")
    client, _ = signed_in(app, users, "viewer")
    page = client.get(f"/curator/layouts/{SAMPLE['id']}/twin?lang={lang}").get_data(as_text=True)
    found = re.search(r'<script type="application/json" id="twin-labels">(.*?)</script>', page, re.S)
    labels = {label["id"]: label for label in json.loads(found.group(1))}
    assert len(labels) == len(SAMPLE["cases"]) + len(SAMPLE["placements"])
    assert labels["W1"] == {"kind": "case", "id": "W1", "text": "W1", "at": [7, 0.5, 2.95]}
    p04 = labels["p04"]  # 0.6 m east of W1's centre, on its deck (0.8 m) and 0.28 m tall
    assert p04["text"] == title and p04["accession"] == "SAMPLE-TG-003"
    assert p04["at"] == pytest.approx([7.6, 0.5, 0.8 + 0.28 + 0.08])
