"""exhibitions and exhibition_versions (online exhibitions: documents of blocks, drafts, versions, publishing)

Revision ID: 0010_exhibitions
Revises: 0009_shows
Create Date: 2026-12-04 15:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0010_exhibitions'
down_revision = '0009_shows'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'exhibitions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=80), nullable=False),
        sa.Column('title', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('current_version', sa.Integer(), nullable=False),
        sa.Column('published_version', sa.Integer(), nullable=True),
        sa.Column('document', sa.JSON(), nullable=True),
        sa.Column('first_published_at', sa.DateTime(), nullable=True),
        sa.Column('published_at', sa.DateTime(), nullable=True),
        sa.Column('is_sample', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('exhibitions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exhibitions_slug'), ['slug'], unique=True)
        batch_op.create_index(batch_op.f('ix_exhibitions_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_exhibitions_first_published_at'), ['first_published_at'],
                              unique=False)
    op.create_table(
        'exhibition_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('exhibition_id', sa.Integer(), nullable=False),
        sa.Column('exhibition_slug', sa.String(length=80), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('document', sa.JSON(), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('author', sa.String(length=160), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('published_by', sa.String(length=160), nullable=True),
        sa.Column('published_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['exhibition_id'], ['exhibitions.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('exhibition_id', 'number'),
    )
    with op.batch_alter_table('exhibition_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exhibition_versions_exhibition_id'), ['exhibition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exhibition_versions_exhibition_slug'), ['exhibition_slug'],
                              unique=False)


def downgrade() -> None:
    op.drop_table('exhibition_versions')
    op.drop_table('exhibitions')
