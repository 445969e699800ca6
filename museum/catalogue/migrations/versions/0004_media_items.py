"""media_items: the items of media kinds without a table of their own

Images, 3D models and audio tracks keep their tables; an item of any other registered media kind
(assets/kinds.py) is one row here, with what its ingest answered (source, derivatives with their storage
keys, metadata).

Revision ID: 0004_media_items
Revises: 0003_kiosk_accounts
Create Date: 2026-12-03 15:58:28.945451
"""

import sqlalchemy as sa
from alembic import op

revision = '0004_media_items'
down_revision = '0003_kiosk_accounts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('media_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('gallery_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('source_name', sa.String(length=300), nullable=False),
    sa.Column('source_format', sa.String(length=40), nullable=False),
    sa.Column('source_sha256', sa.String(length=64), nullable=False),
    sa.Column('manifest', sa.JSON(), nullable=False),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['gallery_id'], ['galleries.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('media_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_media_items_gallery_id'), ['gallery_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_media_items_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_media_items_record_id'), ['record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_media_items_source_sha256'), ['source_sha256'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('media_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_media_items_source_sha256'))
        batch_op.drop_index(batch_op.f('ix_media_items_record_id'))
        batch_op.drop_index(batch_op.f('ix_media_items_kind'))
        batch_op.drop_index(batch_op.f('ix_media_items_gallery_id'))

    op.drop_table('media_items')
