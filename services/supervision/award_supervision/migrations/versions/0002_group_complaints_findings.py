"""the supervision group and its members, complaints, findings, opinions, reports to the
leading group, and the leading group's approvals to release a dissolved group's holds (Art. 9, 26, 27)

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
    op.create_table('complaints',
    sa.Column('complaint_id', sa.String(length=64), nullable=False),
    sa.Column('tracking_number', sa.String(length=40), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('about_step', sa.String(length=40), nullable=True),
    sa.Column('about_subject', sa.String(length=200), nullable=True),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('complainant_name', sa.String(length=200), nullable=True),
    sa.Column('complainant_contact', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('filed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('triaged_by', sa.String(length=200), nullable=True),
    sa.Column('triaged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('triage_note', sa.Text(), nullable=True),
    sa.Column('handled_by', sa.String(length=200), nullable=True),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('result', sa.Text(), nullable=True),
    sa.Column('finding_id', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('complaint_id'),
    sa.UniqueConstraint('tracking_number')
    )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index('ix_complaints_cycle', ['cycle_id', 'status'], unique=False)

    op.create_table('findings',
    sa.Column('finding_id', sa.String(length=64), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('step', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=True),
    sa.Column('article', sa.String(length=40), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('hold_id', sa.String(length=64), nullable=True),
    sa.Column('staff_subject', sa.String(length=200), nullable=True),
    sa.Column('staff_role', sa.String(length=20), nullable=True),
    sa.Column('misconduct', sa.String(length=20), nullable=True),
    sa.Column('harm', sa.Text(), nullable=True),
    sa.Column('complaint_id', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('finding_id')
    )
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index('ix_findings_cycle', ['cycle_id'], unique=False)

    op.create_table('opinions',
    sa.Column('opinion_id', sa.String(length=64), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('application_id', sa.String(length=200), nullable=False),
    sa.Column('opinion', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('opinion_id')
    )
    with op.batch_alter_table('opinions', schema=None) as batch_op:
        batch_op.create_index('ix_opinions_cycle', ['cycle_id', 'application_id'], unique=False)

    op.create_table('release_approvals',
    sa.Column('approval_id', sa.String(length=64), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('group_id', sa.String(length=64), nullable=False),
    sa.Column('approved_by', sa.String(length=200), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('document', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('approval_id')
    )
    op.create_table('reports',
    sa.Column('report_id', sa.String(length=64), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('ref_id', sa.String(length=64), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('reported_by', sa.String(length=200), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('report_id')
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index('ix_reports_cycle', ['cycle_id'], unique=False)

    op.create_table('supervision_groups',
    sa.Column('group_id', sa.String(length=64), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('proposed_by', sa.String(length=200), nullable=False),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('proposal_reason', sa.Text(), nullable=True),
    sa.Column('previous_group_id', sa.String(length=64), nullable=True),
    sa.Column('approved_by', sa.String(length=200), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('dissolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('group_id')
    )
    with op.batch_alter_table('supervision_groups', schema=None) as batch_op:
        batch_op.create_index('ix_supervision_groups_cycle', ['cycle_id', 'status'], unique=False)
        batch_op.create_index('uq_supervision_groups_sitting', ['cycle_id'], unique=True,
                              sqlite_where=sa.text("status IN ('appointed', 'dissolved')"),
                              postgresql_where=sa.text("status IN ('appointed', 'dissolved')"))

    op.create_table('group_members',
    sa.Column('group_id', sa.String(length=64), nullable=False),
    sa.Column('person_id', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['supervision_groups.group_id'], ),
    sa.PrimaryKeyConstraint('group_id', 'person_id')
    )
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.create_index('ix_group_members_person', ['person_id'], unique=False)



def downgrade():
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.drop_index('ix_group_members_person')

    op.drop_table('group_members')
    with op.batch_alter_table('supervision_groups', schema=None) as batch_op:
        batch_op.drop_index('uq_supervision_groups_sitting')
        batch_op.drop_index('ix_supervision_groups_cycle')

    op.drop_table('supervision_groups')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index('ix_reports_cycle')

    op.drop_table('reports')
    op.drop_table('release_approvals')
    with op.batch_alter_table('opinions', schema=None) as batch_op:
        batch_op.drop_index('ix_opinions_cycle')

    op.drop_table('opinions')
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index('ix_findings_cycle')

    op.drop_table('findings')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index('ix_complaints_cycle')

    op.drop_table('complaints')
