"""show editor: every save of a show from the curator's timeline editor is a numbered version

Revision ID: 0014_show_editor
Revises: 0013_rights
Create Date: 2026-12-04 19:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0014_show_editor'
down_revision = '0013_rights'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'show_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('show_slug', sa.String(length=60), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('document', sa.JSON(), nullable=False),
        sa.Column('author', sa.String(length=120), nullable=True),
        sa.Column('problem_count', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('show_slug', 'number'),
    )
    op.create_index(op.f('ix_show_versions_show_slug'), 'show_versions', ['show_slug'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_show_versions_show_slug'), table_name='show_versions')
    op.drop_table('show_versions')
