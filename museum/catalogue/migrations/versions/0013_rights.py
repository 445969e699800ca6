"""rights: 3D models' rights statements; requests for what is not downloadable (access_requests.py)

Revision ID: 0013_rights
Revises: 0012_guided_sessions
Create Date: 2026-12-04 16:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0013_rights'
down_revision = '0012_guided_sessions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'access_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('accession_number', sa.String(length=64), nullable=False),
        sa.Column('item', sa.String(length=120), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=200), nullable=False),
        sa.Column('purpose', sa.Text(), nullable=False),
        sa.Column('language', sa.String(length=16), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_access_requests_accession_number', 'access_requests', ['accession_number'],
                    unique=False)
    with op.batch_alter_table('object_models') as batch:
        batch.add_column(sa.Column('rights', sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('object_models') as batch:
        batch.drop_column('rights')
    op.drop_index('ix_access_requests_accession_number', table_name='access_requests')
    op.drop_table('access_requests')
