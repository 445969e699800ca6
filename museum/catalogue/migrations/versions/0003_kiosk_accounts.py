"""kiosk accounts removed: a kiosk is a registered device (``museum kiosk add``), not an account

Accounts with the role ``kiosk`` (``museum user add NAME --role kiosk``) are deleted. Their ``mt_`` tokens
passed no role check and never opened a station (``/kiosk/<token>`` takes a registered device's
``kiosk_`` token only), so nothing that worked stops working. Each deletion is appended to the audit log
(actor ``migration:0003_kiosk_accounts``), and the names are logged with the command that registers the
screen instead. The schema itself does not change.

Revision ID: 0003_kiosk_accounts
Revises: 0002_signin_throttle
Create Date: 2026-12-10 10:00:00.000000
"""

import logging

import sqlalchemy as sa
from alembic import op

from museum.catalogue import audit

revision = '0003_kiosk_accounts'
down_revision = '0002_signin_throttle'
branch_labels = None
depends_on = None

ACTOR = "migration:0003_kiosk_accounts"
# the users table as this migration knows it (0001), not as the models may describe it later
USERS = sa.table('users', sa.column('id', sa.Integer), sa.column('username', sa.String),
                 sa.column('role', sa.String), sa.column('password_hash', sa.String),
                 sa.column('token_hash', sa.String), sa.column('active', sa.Boolean),
                 sa.column('session_nonce', sa.String), sa.column('last_login_at', sa.DateTime))
log = logging.getLogger(__name__)


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(USERS).where(USERS.c.role == 'kiosk').order_by(USERS.c.id)).mappings().all()
    if not rows:
        return
    entries = [("delete", "users", row["username"], _snapshot(row), None) for row in rows]
    with audit.acting_as(ACTOR):
        audit.append(connection, entries)
    connection.execute(sa.delete(USERS).where(USERS.c.role == 'kiosk'))
    names = ", ".join(row["username"] for row in rows)
    log.warning("removed kiosk accounts (kiosks are registered devices now): %s; register each screen with "
                "`museum kiosk add NAME --station poems|audio:ID|instrument:ACCESSION|gallery:SLUG` and "
                "open /kiosk/<token> on it", names)


def _snapshot(row) -> dict:
    """What the audit log records of a deleted row: every column, secrets redacted."""
    return {key: audit.REDACTED if key in audit.REDACTED_COLUMNS and value is not None else value
            for key, value in row.items()}


def downgrade() -> None:
    """The deleted accounts are not restored: they could not do anything."""
