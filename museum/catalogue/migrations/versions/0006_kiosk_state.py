"""kiosk_devices: the station type and state of the last heartbeat

Every station page (gallery, object, poems, projection, audio, instrument) loads one kiosk shell whose
heartbeat names its station type and what it is doing (attract, start, playing…); the admin's list shows both.

Revision ID: 0006_kiosk_state
Revises: 0005_vocabulary_keys
Create Date: 2026-12-03 23:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0006_kiosk_state'
down_revision = '0005_vocabulary_keys'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('kiosk_devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('station_type', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('state', sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('kiosk_devices', schema=None) as batch_op:
        batch_op.drop_column('state')
        batch_op.drop_column('station_type')
