"""shows: a show's version remembers the version it restored

Revision ID: 0016_shows
Revises: 0015_track_source
Create Date: 2026-12-05 01:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0016_shows'
down_revision = '0015_track_source'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('show_versions') as batch:
        batch.add_column(sa.Column('restored_from', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('show_versions') as batch:
        batch.drop_column('restored_from')
