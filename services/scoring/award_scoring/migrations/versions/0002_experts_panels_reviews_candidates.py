"""scoring's own tables: the third party and its experts, the application replica, panels,
the review stages, score sheets (append-only), stage results, opinions, candidate lists (Art. 8, 15, 16, 25, 27)

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
    op.create_table('agencies',
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('staff_subjects', sa.Text(), nullable=False),
    sa.Column('appointed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('appointed_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('cycle_id')
    )
    op.create_table('applications',
    sa.Column('application_id', sa.String(length=200), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=True),
    sa.Column('applicant_name', sa.String(length=200), nullable=True),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('person_key', sa.String(length=64), nullable=True),
    sa.Column('employer_credit_code', sa.String(length=18), nullable=True),
    sa.Column('district', sa.String(length=100), nullable=True),
    sa.Column('sector', sa.String(length=20), nullable=True),
    sa.Column('tilt_claims', sa.Text(), server_default='[]', nullable=False),
    sa.Column('submitted_at', sa.String(length=40), nullable=True),
    sa.Column('submitted_sequence', sa.Integer(), nullable=True),
    sa.Column('recommended_at', sa.String(length=40), nullable=True),
    sa.Column('recommendation', sa.Text(), nullable=True),
    sa.Column('withdrawn_at', sa.String(length=40), nullable=True),
    sa.Column('withdrawal_reason', sa.Text(), nullable=True),
    sa.Column('ineligible_article', sa.String(length=40), nullable=True),
    sa.Column('ineligible_reason', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('application_id')
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index('ix_applications_cycle', ['cycle_id'], unique=False)

    op.create_table('assignments',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('application_id', sa.String(length=200), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('expert_subject', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('assigned_by', sa.String(length=200), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index('ix_assignments_application', ['application_id', 'status'], unique=False)
        batch_op.create_index('ix_assignments_expert', ['cycle_id', 'expert_subject', 'status'], unique=False)

    op.create_table('candidate_lists',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('proposed_by', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('candidate_lists', schema=None) as batch_op:
        batch_op.create_index('ix_candidate_lists_cycle', ['cycle_id'], unique=False)

    op.create_table('disqualifications',
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('harm', sa.Text(), nullable=False),
    sa.Column('finding_id', sa.String(length=64), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('cycle_id', 'subject')
    )
    op.create_table('experts',
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('affiliation_kind', sa.String(length=30), nullable=False),
    sa.Column('employer_name', sa.String(length=200), nullable=False),
    sa.Column('employer_credit_code', sa.String(length=18), nullable=False),
    sa.Column('former_employer_credit_codes', sa.Text(), nullable=False),
    sa.Column('person_key', sa.String(length=64), nullable=True),
    sa.Column('sectors', sa.Text(), nullable=False),
    sa.Column('declared_conflicts', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('registered_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('cycle_id', 'subject')
    )
    op.create_table('opinions',
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('application_id', sa.String(length=200), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('opinion', sa.Text(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )
    with op.batch_alter_table('opinions', schema=None) as batch_op:
        batch_op.create_index('ix_opinions_application', ['application_id'], unique=False)

    op.create_table('reviews',
    sa.Column('review_id', sa.String(length=36), nullable=False),
    sa.Column('application_id', sa.String(length=200), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('stage', sa.String(length=40), nullable=False),
    sa.Column('reviewer', sa.String(length=200), nullable=False),
    sa.Column('reviewer_role', sa.String(length=20), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('scores', sa.Text(), nullable=True),
    sa.Column('total', sa.Float(), nullable=True),
    sa.Column('conditions', sa.Text(), nullable=True),
    sa.Column('comments', sa.Text(), nullable=True),
    sa.Column('supersedes', sa.String(length=36), nullable=True),
    sa.Column('correction_reason', sa.Text(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('review_id'),
    sa.UniqueConstraint('supersedes')
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index('ix_reviews_application', ['application_id', 'stage'], unique=False)

    op.create_table('stage_results',
    sa.Column('application_id', sa.String(length=200), nullable=False),
    sa.Column('stage', sa.String(length=40), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('application_id', 'stage')
    )
    with op.batch_alter_table('stage_results', schema=None) as batch_op:
        batch_op.create_index('ix_stage_results_cycle', ['cycle_id', 'stage'], unique=False)

    op.create_table('stages',
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('stage', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('opened_by', sa.String(length=200), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('cycle_id', 'stage')
    )


def downgrade():
    op.drop_table('stages')
    with op.batch_alter_table('stage_results', schema=None) as batch_op:
        batch_op.drop_index('ix_stage_results_cycle')

    op.drop_table('stage_results')
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index('ix_reviews_application')

    op.drop_table('reviews')
    with op.batch_alter_table('opinions', schema=None) as batch_op:
        batch_op.drop_index('ix_opinions_application')

    op.drop_table('opinions')
    op.drop_table('experts')
    op.drop_table('disqualifications')
    with op.batch_alter_table('candidate_lists', schema=None) as batch_op:
        batch_op.drop_index('ix_candidate_lists_cycle')

    op.drop_table('candidate_lists')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_assignments_expert')
        batch_op.drop_index('ix_assignments_application')

    op.drop_table('assignments')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_cycle')

    op.drop_table('applications')
    op.drop_table('agencies')
