"""instrument zones: a playable instrument's strike zones as a curator placed them on its picture

Revision ID: 0017_zones
Revises: 0016_shows
Create Date: 2026-12-05 01:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0017_zones'
down_revision = '0016_shows'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'instrument_zones',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('accession_number', sa.String(length=64), nullable=False),
        sa.Column('image', sa.String(length=300), nullable=False),
        sa.Column('zones', sa.JSON(), nullable=False),
        sa.Column('saved_by', sa.String(length=120), nullable=True),
        sa.Column('saved_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_instrument_zones_accession_number'), 'instrument_zones', ['accession_number'],
                    unique=True)


def downgrade() -> None:
    op.drop_index(op.f('ix_instrument_zones_accession_number'), table_name='instrument_zones')
    op.drop_table('instrument_zones')
