"""baseline: every table as of December 2026

Revision ID: 0001
Revises: (none)
Create Date: 2026-12-01 07:35:08.854186
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('audit_log',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=160), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('entity', sa.String(length=60), nullable=False),
    sa.Column('entity_key', sa.String(length=200), nullable=False),
    sa.Column('before_json', sa.Text(), nullable=True),
    sa.Column('after_json', sa.Text(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_entity_key', ['entity', 'entity_key'], unique=False)

    op.create_table('galleries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.JSON(), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('galleries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_galleries_slug'), ['slug'], unique=True)

    op.create_table('instrument_modes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('accession_number', sa.String(length=64), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('instrument_modes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_instrument_modes_accession_number'), ['accession_number'], unique=True)

    op.create_table('kiosk_devices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('station', sa.String(length=120), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.String(length=40), nullable=True),
    sa.Column('screen', sa.String(length=200), nullable=True),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.Column('heartbeats', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('kiosk_devices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kiosk_devices_token_hash'), ['token_hash'], unique=True)

    op.create_table('layouts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('gallery_slug', sa.String(length=80), nullable=True),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('current_version', sa.Integer(), nullable=False),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('layouts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_layouts_gallery_slug'), ['gallery_slug'], unique=False)
        batch_op.create_index(batch_op.f('ix_layouts_slug'), ['slug'], unique=True)

    op.create_table('poems',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('request', sa.JSON(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('fingerprint', sa.String(length=24), nullable=False),
    sa.Column('kiosk', sa.String(length=64), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('poems', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_poems_code'), ['code'], unique=True)
        batch_op.create_index(batch_op.f('ix_poems_created'), ['created'], unique=False)
        batch_op.create_index(batch_op.f('ix_poems_fingerprint'), ['fingerprint'], unique=False)
        batch_op.create_index(batch_op.f('ix_poems_kiosk'), ['kiosk'], unique=False)

    op.create_table('search_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('accession_number', sa.String(length=64), nullable=False),
    sa.Column('operation', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_outbox_accession_number'), ['accession_number'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_nonce', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_token_hash'), ['token_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_users_username'), ['username'], unique=True)

    op.create_table('layout_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('layout_id', sa.Integer(), nullable=False),
    sa.Column('layout_slug', sa.String(length=80), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('author', sa.String(length=120), nullable=True),
    sa.Column('problem_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['layout_id'], ['layouts.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('layout_id', 'number')
    )
    with op.batch_alter_table('layout_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_layout_versions_layout_id'), ['layout_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_layout_versions_layout_slug'), ['layout_slug'], unique=False)

    op.create_table('login_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('remote_addr', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_failures_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failures_remote_addr'), ['remote_addr'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failures_username'), ['username'], unique=False)

    op.create_table('records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('accession_number', sa.String(length=64), nullable=False),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=True),
    sa.Column('period', sa.String(length=40), nullable=True),
    sa.Column('start_year', sa.Integer(), nullable=True),
    sa.Column('end_year', sa.Integer(), nullable=True),
    sa.Column('material', sa.String(length=200), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('height_cm', sa.Float(), nullable=True),
    sa.Column('width_cm', sa.Float(), nullable=True),
    sa.Column('depth_cm', sa.Float(), nullable=True),
    sa.Column('diameter_cm', sa.Float(), nullable=True),
    sa.Column('dimensions_text', sa.String(length=300), nullable=True),
    sa.Column('weight_g', sa.Float(), nullable=True),
    sa.Column('find_site', sa.String(length=300), nullable=True),
    sa.Column('acquisition_method', sa.String(length=100), nullable=True),
    sa.Column('acquisition_date', sa.String(length=10), nullable=True),
    sa.Column('grade', sa.String(length=10), nullable=True),
    sa.Column('completeness', sa.String(length=100), nullable=True),
    sa.Column('conservation_state', sa.String(length=100), nullable=True),
    sa.Column('gallery_id', sa.Integer(), nullable=True),
    sa.Column('rights', sa.Text(), nullable=True),
    sa.Column('licence', sa.String(length=200), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['gallery_id'], ['galleries.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_records_accession_number'), ['accession_number'], unique=True)
        batch_op.create_index(batch_op.f('ix_records_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_records_end_year'), ['end_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_records_gallery_id'), ['gallery_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_records_period'), ['period'], unique=False)
        batch_op.create_index(batch_op.f('ix_records_published'), ['published'], unique=False)
        batch_op.create_index('ix_records_published_accession', ['published', 'accession_number'], unique=False)
        batch_op.create_index('ix_records_published_category_period', ['published', 'category', 'period', 'accession_number'], unique=False)
        batch_op.create_index('ix_records_published_gallery', ['published', 'gallery_id', 'accession_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_records_start_year'), ['start_year'], unique=False)

    op.create_table('audio_tracks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('gallery_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=True),
    sa.Column('folder', sa.String(length=200), nullable=False),
    sa.Column('duration', sa.Float(), nullable=False),
    sa.Column('sample_rate', sa.Integer(), nullable=False),
    sa.Column('channels', sa.Integer(), nullable=False),
    sa.Column('layout', sa.String(length=20), nullable=True),
    sa.Column('loudness_lufs', sa.Float(), nullable=True),
    sa.Column('true_peak_dbtp', sa.Float(), nullable=True),
    sa.Column('manifest', sa.JSON(), nullable=False),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['gallery_id'], ['galleries.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('folder')
    )
    with op.batch_alter_table('audio_tracks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audio_tracks_gallery_id'), ['gallery_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audio_tracks_language'), ['language'], unique=False)
        batch_op.create_index(batch_op.f('ix_audio_tracks_record_id'), ['record_id'], unique=False)

    op.create_table('object_images',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('identifier', sa.String(length=120), nullable=False),
    sa.Column('caption', sa.JSON(), nullable=False),
    sa.Column('rights', sa.String(length=300), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('source_path', sa.String(length=500), nullable=False),
    sa.Column('source_sha256', sa.String(length=64), nullable=False),
    sa.Column('source_format', sa.String(length=10), nullable=False),
    sa.Column('source_page', sa.Integer(), nullable=False),
    sa.Column('pyramid_path', sa.String(length=500), nullable=False),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('record_id', 'position', name='uq_object_images_record_position')
    )
    with op.batch_alter_table('object_images', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_object_images_identifier'), ['identifier'], unique=True)
        batch_op.create_index(batch_op.f('ix_object_images_record_id'), ['record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_object_images_source_sha256'), ['source_sha256'], unique=False)

    op.create_table('object_models',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('source_name', sa.String(length=300), nullable=False),
    sa.Column('source_format', sa.String(length=20), nullable=False),
    sa.Column('source_sha256', sa.String(length=64), nullable=False),
    sa.Column('units', sa.String(length=4), nullable=False),
    sa.Column('up', sa.String(length=1), nullable=False),
    sa.Column('stats', sa.JSON(), nullable=False),
    sa.Column('crosscheck', sa.JSON(), nullable=False),
    sa.Column('dimension_mismatch', sa.Boolean(), nullable=False),
    sa.Column('hotspots', sa.JSON(), nullable=False),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('object_models', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_object_models_dimension_mismatch'), ['dimension_mismatch'], unique=False)
        batch_op.create_index(batch_op.f('ix_object_models_record_id'), ['record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_object_models_source_sha256'), ['source_sha256'], unique=False)

    op.create_table('record_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('accession_number', sa.String(length=64), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('based_on', sa.Integer(), nullable=True),
    sa.Column('author', sa.String(length=160), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('published_by', sa.String(length=160), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('record_id', 'number')
    )
    with op.batch_alter_table('record_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_revisions_accession_number'), ['accession_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_revisions_record_id'), ['record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_revisions_state'), ['state'], unique=False)

    op.create_table('object_model_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('model_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('media_type', sa.String(length=60), nullable=False),
    sa.Column('bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('triangles', sa.Integer(), nullable=True),
    sa.Column('vertices', sa.Integer(), nullable=True),
    sa.Column('texture_px', sa.Integer(), nullable=True),
    sa.Column('validator', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['model_id'], ['object_models.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('object_model_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_object_model_files_model_id'), ['model_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_object_model_files_name'), ['name'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('object_model_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_object_model_files_name'))
        batch_op.drop_index(batch_op.f('ix_object_model_files_model_id'))

    op.drop_table('object_model_files')
    with op.batch_alter_table('record_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_revisions_state'))
        batch_op.drop_index(batch_op.f('ix_record_revisions_record_id'))
        batch_op.drop_index(batch_op.f('ix_record_revisions_accession_number'))

    op.drop_table('record_revisions')
    with op.batch_alter_table('object_models', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_object_models_source_sha256'))
        batch_op.drop_index(batch_op.f('ix_object_models_record_id'))
        batch_op.drop_index(batch_op.f('ix_object_models_dimension_mismatch'))

    op.drop_table('object_models')
    with op.batch_alter_table('object_images', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_object_images_source_sha256'))
        batch_op.drop_index(batch_op.f('ix_object_images_record_id'))
        batch_op.drop_index(batch_op.f('ix_object_images_identifier'))

    op.drop_table('object_images')
    with op.batch_alter_table('audio_tracks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audio_tracks_record_id'))
        batch_op.drop_index(batch_op.f('ix_audio_tracks_language'))
        batch_op.drop_index(batch_op.f('ix_audio_tracks_gallery_id'))

    op.drop_table('audio_tracks')
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_records_start_year'))
        batch_op.drop_index('ix_records_published_gallery')
        batch_op.drop_index('ix_records_published_category_period')
        batch_op.drop_index('ix_records_published_accession')
        batch_op.drop_index(batch_op.f('ix_records_published'))
        batch_op.drop_index(batch_op.f('ix_records_period'))
        batch_op.drop_index(batch_op.f('ix_records_gallery_id'))
        batch_op.drop_index(batch_op.f('ix_records_end_year'))
        batch_op.drop_index(batch_op.f('ix_records_category'))
        batch_op.drop_index(batch_op.f('ix_records_accession_number'))

    op.drop_table('records')
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failures_username'))
        batch_op.drop_index(batch_op.f('ix_login_failures_remote_addr'))
        batch_op.drop_index(batch_op.f('ix_login_failures_at'))

    op.drop_table('login_failures')
    with op.batch_alter_table('layout_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_layout_versions_layout_slug'))
        batch_op.drop_index(batch_op.f('ix_layout_versions_layout_id'))

    op.drop_table('layout_versions')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_username'))
        batch_op.drop_index(batch_op.f('ix_users_token_hash'))

    op.drop_table('users')
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_outbox_accession_number'))

    op.drop_table('search_outbox')
    with op.batch_alter_table('poems', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_poems_kiosk'))
        batch_op.drop_index(batch_op.f('ix_poems_fingerprint'))
        batch_op.drop_index(batch_op.f('ix_poems_created'))
        batch_op.drop_index(batch_op.f('ix_poems_code'))

    op.drop_table('poems')
    with op.batch_alter_table('layouts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_layouts_slug'))
        batch_op.drop_index(batch_op.f('ix_layouts_gallery_slug'))

    op.drop_table('layouts')
    with op.batch_alter_table('kiosk_devices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kiosk_devices_token_hash'))

    op.drop_table('kiosk_devices')
    with op.batch_alter_table('instrument_modes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_instrument_modes_accession_number'))

    op.drop_table('instrument_modes')
    with op.batch_alter_table('galleries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_galleries_slug'))

    op.drop_table('galleries')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_entity_key')

    op.drop_table('audit_log')
    op.drop_table('audit_head')

