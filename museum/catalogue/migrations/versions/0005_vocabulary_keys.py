"""records: material, find_site and acquisition_method stored by vocabulary key

Values that are a term's Chinese name (or several materials joined by 、) become the key (青铜 → bronze,
铁、织物 → iron,textile, 万县甘宁乡 → wanxian-ganning, 考古发掘 → excavation). Only values whose key
turns back into exactly the same text are converted, so the change is lossless both ways; any other value
(an alias, a place not yet in the vocabulary) is kept verbatim as free Chinese text, which pages show
marked as untranslated, and is listed in the log. Columns are unchanged; changed records are queued in
the search outbox, so the index learns every language's names.

Revision ID: 0005_vocabulary_keys
Revises: 0004_media_items
Create Date: 2026-12-03 23:00:00
"""

import logging
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from museum.catalogue import vocabulary

revision = '0005_vocabulary_keys'
down_revision = '0004_media_items'
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)
FIELDS = {"material": "material", "find_site": "place", "acquisition_method": "acquisition"}
outbox = sa.table("search_outbox", sa.column("accession_number", sa.String), sa.column("operation", sa.String),
                  sa.column("created_at", sa.DateTime))
records = sa.table("records", sa.column("id", sa.Integer), sa.column("accession_number", sa.String),
                   sa.column("material", sa.String),
                   sa.column("find_site", sa.String), sa.column("acquisition_method", sa.String))


def to_key(kind: str, value: str) -> str | None:
    """The key(s) of a stored Chinese value, or None when the conversion would not round-trip."""
    try:
        key = vocabulary.lookup_value(kind, value)
    except vocabulary.UnknownTerm:
        return None
    text, is_key = vocabulary.label(kind, key, "zh")
    return key if is_key and text == value else None


def _convert(convert) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(records)).mappings().all()
    changed = []
    for row in rows:
        changes = {}
        for field, kind in FIELDS.items():
            value = row[field]
            if value:
                new = convert(kind, value)
                if new is None:
                    log.warning("record %s: %s %r kept as free text (not in the vocabulary)", row["id"], field, value)
                elif new != value:
                    changes[field] = new
        if changes:
            connection.execute(records.update().where(records.c.id == row["id"]).values(**changes))
            changed.append(row["accession_number"])
    if changed:
        now = datetime.now(UTC).replace(tzinfo=None)
        connection.execute(outbox.insert(), [{"accession_number": number, "operation": "upsert", "created_at": now}
                                             for number in changed])


def upgrade() -> None:
    _convert(lambda kind, value: value if vocabulary.terms_of(kind, value) else to_key(kind, value))


def downgrade() -> None:
    def back(kind, value):
        text, is_key = vocabulary.label(kind, value, "zh")
        return text if is_key else value
    _convert(back)
