"""Frozen schema steps of the kit's tables (outbox, inbox, dead letters, audit log, event
sequences, holds) and of the cycle replica, for every service's migrations to call.

Each function is a schema *version*: never edit one that has shipped; add a new step.
"""
import sqlalchemy as sa


def kit_v1_upgrade(op):
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('roles', sa.String(length=200), server_default='', nullable=False),
    sa.Column('action', sa.String(length=200), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('dead_letters',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=True),
    sa.Column('type', sa.String(length=64), nullable=True),
    sa.Column('exchange', sa.String(length=100), nullable=True),
    sa.Column('routing_key', sa.String(length=100), nullable=True),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), server_default='pending', nullable=False),
    sa.Column('replay_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_replay_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('event_sequences',
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('subject')
    )
    op.create_table('holds',
    sa.Column('hold_id', sa.String(length=64), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=True),
    sa.Column('step', sa.String(length=40), nullable=True),
    sa.Column('subject', sa.String(length=200), nullable=True),
    sa.Column('placed_by', sa.String(length=200), nullable=True),
    sa.Column('placed_by_service', sa.String(length=40), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('article', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('placed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('released_by', sa.String(length=200), nullable=True),
    sa.Column('release_reason', sa.Text(), nullable=True),
    sa.Column('applied_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('applied_step', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('hold_id')
    )
    with op.batch_alter_table('holds', schema=None) as batch_op:
        batch_op.create_index('ix_holds_cycle_step', ['cycle_id', 'step', 'status'], unique=False)

    op.create_table('inbox',
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('type', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('type', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_unsent', ['id'], unique=False, sqlite_where=sa.text('sent_at IS NULL'), postgresql_where=sa.text('sent_at IS NULL'))



def kit_v1_downgrade(op):
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_unsent', sqlite_where=sa.text('sent_at IS NULL'), postgresql_where=sa.text('sent_at IS NULL'))

    op.drop_table('outbox')
    op.drop_table('inbox')
    with op.batch_alter_table('holds', schema=None) as batch_op:
        batch_op.drop_index('ix_holds_cycle_step')

    op.drop_table('holds')
    op.drop_table('event_sequences')
    op.drop_table('dead_letters')
    op.drop_table('audit_log')


def kit_v2_upgrade(op):
    """The audit log by action: a fixed or simulated clock's last move is found at start
    without reading the whole log."""
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_action', ['action', 'id'], unique=False)


def kit_v2_downgrade(op):
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_action')


def kit_v3_upgrade(op):
    """Who is appointed to which cycle (award_shared.web.cycle_access): the agency's staff, the
    supervision group's members and those disqualified, per cycle."""
    op.create_table('cycle_rosters',
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('subjects', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('cycle_id', 'role')
    )


def kit_v3_downgrade(op):
    op.drop_table('cycle_rosters')


def kit_v4_upgrade(op):
    """The audit log says who by name: the display name of the person a provider's token
    names (award_shared.web.oidc), beside the stable subject in ``actor``."""
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor_name', sa.String(length=200), nullable=True))


def kit_v4_downgrade(op):
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('actor_name')


def kit_v5_upgrade(op):
    """The operations lists a page at a time (award_shared.paging): the dead letters of a
    status by id, and the holds of a cycle by id — each page an index seek from ``after``
    (the audit log pages by its primary key)."""
    with op.batch_alter_table('dead_letters', schema=None) as batch_op:
        batch_op.create_index('ix_dead_letters_page', ['status', 'id'], unique=False)
    with op.batch_alter_table('holds', schema=None) as batch_op:
        batch_op.create_index('ix_holds_page', ['cycle_id', 'hold_id'], unique=False)


def kit_v5_downgrade(op):
    with op.batch_alter_table('holds', schema=None) as batch_op:
        batch_op.drop_index('ix_holds_page')
    with op.batch_alter_table('dead_letters', schema=None) as batch_op:
        batch_op.drop_index('ix_dead_letters_page')


def roster_rows(op, rows):
    """Data step of a service's kit-v3 migration: what it already knew of the cycles' staff,
    as (cycle_id, role, subjects, status) rows, into ``cycle_rosters`` (sequence 0: any event
    after the migration wins)."""
    import json
    table = sa.table('cycle_rosters', sa.column('cycle_id'), sa.column('role'), sa.column('subjects'),
                     sa.column('status'), sa.column('sequence'))
    values = [{'cycle_id': cycle_id, 'role': role, 'subjects': json.dumps(sorted(set(subjects)), ensure_ascii=False),
               'status': status, 'sequence': 0} for cycle_id, role, subjects, status in rows]
    if values:
        op.bulk_insert(table, values)


def known_cycles_v1_upgrade(op):
    op.create_table('known_cycles',
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('edition', sa.Integer(), nullable=False),
    sa.Column('ruleset_id', sa.String(length=64), nullable=False),
    sa.Column('ruleset_sha256', sa.String(length=64), nullable=False),
    sa.Column('ruleset', sa.Text(), nullable=False),
    sa.Column('schedule', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('learned_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('cycle_id')
    )


def known_cycles_v1_downgrade(op):
    op.drop_table('known_cycles')
