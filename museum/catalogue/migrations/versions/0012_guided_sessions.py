"""guided sessions: live_links.kiosk_media (the station's camera and microphone go to the guide) and
guided_signals (the WebRTC signalling messages between a station and a guide's page)

Revision ID: 0012_guided_sessions
Revises: 0011_jobs
Create Date: 2026-12-04 16:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0012_guided_sessions'
down_revision = '0011_jobs'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('live_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kiosk_media', sa.Boolean(), server_default='0', nullable=False))
    op.create_table(
        'guided_signals',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('link', sa.String(length=60), nullable=False),
        sa.Column('sender', sa.String(length=10), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('guided_signals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guided_signals_link'), ['link'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('guided_signals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guided_signals_link'))
    op.drop_table('guided_signals')
    with op.batch_alter_table('live_links', schema=None) as batch_op:
        batch_op.drop_column('kiosk_media')
