"""``python -m tests.integration.cluster.seed INSTANCE ACCESSION...``: published records written through the
catalogue (as an import would), in the cluster's database (the node's MUSEUM_* settings)."""

from __future__ import annotations

import sys

from museum import create_app
from museum.catalogue.models import Record
from museum.extensions import db

if __name__ == "__main__":
    instance, *accessions = sys.argv[1:]
    with create_app({"INSTANCE_PATH": instance}).app_context(), db.transaction() as session:
        session.add_all([Record(accession_number=accession, title={"zh": f"铜尊 {accession}",
                                                                   "en": f"Zun {accession}"}, published=True)
                         for accession in accessions])
