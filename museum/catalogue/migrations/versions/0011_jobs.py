"""jobs: the embedded job queue (museum/jobs/database_queue.py)

Revision ID: 0011_jobs
Revises: 0010_exhibitions
Create Date: 2026-12-04 15:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0011_jobs'
down_revision = '0010_exhibitions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'jobs',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('kind', sa.String(length=60), nullable=False),
        sa.Column('key', sa.String(length=300), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('max_attempts', sa.Integer(), nullable=False),
        sa.Column('progress', sa.Float(), nullable=False),
        sa.Column('message', sa.String(length=300), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('result', sa.JSON(), nullable=True),
        sa.Column('worker', sa.String(length=120), nullable=True),
        sa.Column('token', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.Float(), nullable=False),
        sa.Column('updated_at', sa.Float(), nullable=False),
        sa.Column('run_after', sa.Float(), nullable=False),
        sa.Column('lease_until', sa.Float(), nullable=False),
        sa.Column('history', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_jobs_key', 'jobs', ['key'], unique=False)
    op.create_index('ix_jobs_status_run_after', 'jobs', ['status', 'run_after'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_jobs_status_run_after', table_name='jobs')
    op.drop_index('ix_jobs_key', table_name='jobs')
    op.drop_table('jobs')
