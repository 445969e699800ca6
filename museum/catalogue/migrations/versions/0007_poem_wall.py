"""poems: wall_id, the poem's number in the projection wall's stream (NULL: not sent to the wall)

The touch station writes a poem off the wall; the visitor sends it with "send to the wall". Poems written
before are on the wall already: their wall number is their id, so a wall's Last-Event-ID stays valid.

Revision ID: 0007_poem_wall
Revises: 0006_kiosk_state
Create Date: 2026-12-04 03:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0007_poem_wall'
down_revision = '0006_kiosk_state'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('poems', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wall_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_poems_wall_id'), ['wall_id'], unique=True)
    op.execute("UPDATE poems SET wall_id = id")


def downgrade() -> None:
    with op.batch_alter_table('poems', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_poems_wall_id'))
        batch_op.drop_column('wall_id')
