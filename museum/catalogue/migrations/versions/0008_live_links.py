"""live_links (the video link to a remote site: stream, captions, fallback playlist, guided sessions) and
kiosk_devices.stream_health (a live link station's last reported stream health)

Revision ID: 0008_live_links
Revises: 0007_poem_wall
Create Date: 2026-12-04 08:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0008_live_links'
down_revision = '0007_poem_wall'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'live_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=60), nullable=False),
        sa.Column('name', sa.JSON(), nullable=False),
        sa.Column('caption', sa.JSON(), nullable=False),
        sa.Column('stream_url', sa.String(length=500), nullable=False),
        sa.Column('playlist', sa.JSON(), nullable=False),
        sa.Column('sessions', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('slug'),
    )
    with op.batch_alter_table('kiosk_devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stream_health', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('kiosk_devices', schema=None) as batch_op:
        batch_op.drop_column('stream_health')
    op.drop_table('live_links')
