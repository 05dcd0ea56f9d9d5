"""publicity's own tables: applicants, candidate lists and candidates, deliberations, calendar years, public notices, objections, group members, approvals, prize amounts, awards (Art. 16-21, 28)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('applicants',
    sa.Column('application_id', sa.String(length=200), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('applicant_name', sa.String(length=200), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('person_key', sa.String(length=64), nullable=True),
    sa.Column('district', sa.String(length=100), nullable=True),
    sa.Column('learned_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('application_id')
    )
    with op.batch_alter_table('applicants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applicants_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('approvals',
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('document_number', sa.String(length=100), nullable=False),
    sa.Column('approved_on', sa.Date(), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('approved_by', sa.String(length=200), nullable=False),
    sa.Column('final_list', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('cycle_id')
    )
    op.create_table('awards',
    sa.Column('award_id', sa.String(length=64), nullable=False),
    sa.Column('certificate_number', sa.String(length=100), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('edition', sa.Integer(), nullable=True),
    sa.Column('application_id', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('recipient_name', sa.String(length=200), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('person_key', sa.String(length=64), nullable=True),
    sa.Column('items', sa.Text(), nullable=False),
    sa.Column('prize_amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('granted_on', sa.Date(), nullable=False),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('imported', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('revoked_on', sa.Date(), nullable=True),
    sa.Column('revocation_grounds', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('award_id'),
    sa.UniqueConstraint('certificate_number')
    )
    with op.batch_alter_table('awards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_awards_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('calendar_years',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('loaded_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('year')
    )
    op.create_table('candidate_lists',
    sa.Column('list_id', sa.String(length=64), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('supersedes', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('list_id')
    )
    with op.batch_alter_table('candidate_lists', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidate_lists_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('candidates',
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('application_id', sa.String(length=200), nullable=False),
    sa.Column('list_id', sa.String(length=64), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('applicant_name', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('notice_id', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('cycle_id', 'application_id')
    )
    op.create_table('deliberations',
    sa.Column('deliberation_id', sa.String(length=64), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('list_id', sa.String(length=64), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('members_present', sa.Text(), nullable=False),
    sa.Column('minute', sa.Text(), nullable=True),
    sa.Column('returned', sa.Boolean(), nullable=False),
    sa.Column('decisions', sa.Text(), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('deliberation_id')
    )
    with op.batch_alter_table('deliberations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deliberations_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('group_members',
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('cycle_id', 'subject')
    )
    op.create_table('objections',
    sa.Column('objection_id', sa.String(length=64), nullable=False),
    sa.Column('tracking_number', sa.String(length=40), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('application_id', sa.String(length=200), nullable=False),
    sa.Column('notice_id', sa.String(length=64), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('objector_name', sa.String(length=200), nullable=True),
    sa.Column('objector_contact', sa.String(length=200), nullable=True),
    sa.Column('personal_data_erased_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('hold_id', sa.String(length=64), nullable=False),
    sa.Column('investigation', sa.Text(), nullable=True),
    sa.Column('proposed_outcome', sa.String(length=20), nullable=True),
    sa.Column('handling_opinion', sa.Text(), nullable=True),
    sa.Column('proposed_by', sa.String(length=200), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('approved_by', sa.String(length=200), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('objection_id'),
    sa.UniqueConstraint('tracking_number')
    )
    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objections_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('prize_amounts',
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('policy', sa.String(length=200), nullable=False),
    sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('set_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('cycle_id', 'category')
    )
    op.create_table('public_notices',
    sa.Column('notice_id', sa.String(length=64), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('window_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('window_end', sa.DateTime(timezone=True), nullable=False),
    sa.Column('working_days', sa.Integer(), nullable=False),
    sa.Column('provisional', sa.Boolean(), nullable=False),
    sa.Column('missing_years', sa.Text(), nullable=False),
    sa.Column('media', sa.Text(), nullable=False),
    sa.Column('application_ids', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('notice_id')
    )
    with op.batch_alter_table('public_notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_public_notices_cycle_id'), ['cycle_id'], unique=False)



def downgrade():
    with op.batch_alter_table('public_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_public_notices_cycle_id'))

    op.drop_table('public_notices')
    op.drop_table('prize_amounts')
    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objections_cycle_id'))

    op.drop_table('objections')
    op.drop_table('group_members')
    with op.batch_alter_table('deliberations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliberations_cycle_id'))

    op.drop_table('deliberations')
    op.drop_table('candidates')
    with op.batch_alter_table('candidate_lists', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidate_lists_cycle_id'))

    op.drop_table('candidate_lists')
    op.drop_table('calendar_years')
    with op.batch_alter_table('awards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_awards_cycle_id'))

    op.drop_table('awards')
    op.drop_table('approvals')
    with op.batch_alter_table('applicants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applicants_cycle_id'))

    op.drop_table('applicants')
