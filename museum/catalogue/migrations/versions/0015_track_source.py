"""track source: an audio track remembers the SHA-256 of the file it was made from, as images, 3D models and
other media items do (the same file added again in the same language is kept once; a queued upload run again
after a lost worker finds its track)

Revision ID: 0015_track_source
Revises: 0014_show_editor
Create Date: 2026-12-05 01:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0015_track_source'
down_revision = '0014_show_editor'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audio_tracks') as batch:
        batch.add_column(sa.Column('source_sha256', sa.String(length=64), nullable=True))
        batch.create_index(batch.f('ix_audio_tracks_source_sha256'), ['source_sha256'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audio_tracks') as batch:
        batch.drop_index(batch.f('ix_audio_tracks_source_sha256'))
        batch.drop_column('source_sha256')
