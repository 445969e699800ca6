"""shows (immersive shows: timelines of cues for a room's outputs) and show_rooms (a room's outputs and
programme)

Revision ID: 0009_shows
Revises: 0008_live_links
Create Date: 2026-12-04 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0009_shows'
down_revision = '0008_live_links'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'shows',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=60), nullable=False),
        sa.Column('title', sa.JSON(), nullable=False),
        sa.Column('duration', sa.Float(), nullable=False),
        sa.Column('cues', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('slug'),
    )
    op.create_table(
        'show_rooms',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=60), nullable=False),
        sa.Column('name', sa.JSON(), nullable=False),
        sa.Column('outputs', sa.JSON(), nullable=False),
        sa.Column('programme', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('slug'),
    )


def downgrade() -> None:
    op.drop_table('show_rooms')
    op.drop_table('shows')
