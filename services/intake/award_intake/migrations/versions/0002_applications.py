"""applications, notices, documents, district reviews, panels, past winners (issue 3)

Instants are stored in UTC (the kit's tables.Instant); on the database they are
plain DateTime(timezone=True) columns.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('panels',
    sa.Column('application_id', sa.String(length=64), nullable=False),
    sa.Column('expert_subjects', sa.Text(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('application_id')
    )
    op.create_table('past_winners',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('award_id', sa.String(length=200), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('person_key', sa.String(length=64), nullable=True),
    sa.Column('category', sa.String(length=40), nullable=True),
    sa.Column('cycle_id', sa.String(length=64), nullable=True),
    sa.Column('edition', sa.Integer(), nullable=True),
    sa.Column('certificate_number', sa.String(length=200), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_on', sa.Date(), nullable=True),
    sa.Column('revocation_grounds', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('award_id')
    )
    op.create_index('ix_past_winners_credit_code', 'past_winners', ['credit_code'], unique=False)
    op.create_index('ix_past_winners_person_key', 'past_winners', ['person_key'], unique=False)

    op.create_table('applications',
    sa.Column('application_id', sa.String(length=64), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('applicant_sub', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('resident_id', sa.String(length=18), nullable=True),
    sa.Column('person_key', sa.String(length=64), nullable=True),
    sa.Column('employer_name', sa.String(length=200), nullable=True),
    sa.Column('employer_credit_code', sa.String(length=18), nullable=True),
    sa.Column('district', sa.String(length=100), nullable=False),
    sa.Column('sector', sa.String(length=20), nullable=False),
    sa.Column('main_business_since', sa.Date(), nullable=True),
    sa.Column('quality_work_since', sa.Date(), nullable=True),
    sa.Column('sme', sa.Boolean(), nullable=True),
    sa.Column('tilt_claims', sa.Text(), nullable=False),
    sa.Column('incidents', sa.Text(), nullable=False),
    sa.Column('declarations', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawal_reason', sa.Text(), nullable=True),
    sa.Column('ineligible_article', sa.String(length=40), nullable=True),
    sa.Column('ineligible_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.cycle_id'], ),
    sa.PrimaryKeyConstraint('application_id')
    )
    op.create_index('ix_applications_applicant', 'applications', ['applicant_sub'], unique=False)
    op.create_index('ix_applications_credit_code', 'applications', ['credit_code'], unique=False)
    op.create_index('ix_applications_cycle_status', 'applications', ['cycle_id', 'status'], unique=False)
    op.create_index('ix_applications_person_key', 'applications', ['person_key'], unique=False)

    op.create_table('notices',
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recommendation_deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.cycle_id'], ),
    sa.PrimaryKeyConstraint('cycle_id')
    )
    op.create_table('district_reviews',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('application_id', sa.String(length=64), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('district', sa.String(length=100), nullable=False),
    sa.Column('reviewer_sub', sa.String(length=200), nullable=False),
    sa.Column('signatory', sa.String(length=200), nullable=True),
    sa.Column('opinion', sa.Text(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.application_id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_district_reviews_application', 'district_reviews', ['application_id'], unique=False)

    op.create_table('documents',
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('application_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('media_type', sa.String(length=200), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('relates_to', sa.String(length=64), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.application_id'], ),
    sa.PrimaryKeyConstraint('document_id')
    )
    op.create_index('ix_documents_application', 'documents', ['application_id'], unique=False)


def downgrade():
    op.drop_index('ix_documents_application', table_name='documents')
    op.drop_table('documents')
    op.drop_index('ix_district_reviews_application', table_name='district_reviews')
    op.drop_table('district_reviews')
    op.drop_table('notices')
    op.drop_index('ix_applications_person_key', table_name='applications')
    op.drop_index('ix_applications_cycle_status', table_name='applications')
    op.drop_index('ix_applications_credit_code', table_name='applications')
    op.drop_index('ix_applications_applicant', table_name='applications')
    op.drop_table('applications')
    op.drop_index('ix_past_winners_person_key', table_name='past_winners')
    op.drop_index('ix_past_winners_credit_code', table_name='past_winners')
    op.drop_table('past_winners')
    op.drop_table('panels')
