"""Supervision's own tables (its database alone)."""
import sqlalchemy as sa

from award_shared import tables as kit

Instant = kit.Instant
#: the kit's tables this service reads: its copy of the holds, and of the cycles
holds = kit.KIT.tables["holds"]
known_cycles = kit.known_cycles

METADATA = sa.MetaData()

# where and when each hold took effect, as every step owner reports it (hold.applied)
hold_effects = sa.Table(
    "hold_effects", METADATA,
    sa.Column("hold_id", sa.String(64), primary_key=True),
    sa.Column("owner", sa.String(40), primary_key=True),
    sa.Column("subject", sa.String(200), nullable=True),
    sa.Column("subject_step", sa.String(40), nullable=True),
    sa.Column("applied_at", Instant(), nullable=False),
)

# the supervision group of a cycle (Art. 9): proposed by the office, approved by the
# leading group, dissolved when the cycle closes
supervision_groups = sa.Table(
    "supervision_groups", METADATA,
    sa.Column("group_id", sa.String(64), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),  # proposed | appointed | dissolved | superseded | lapsed
    sa.Column("proposed_by", sa.String(200), nullable=False),
    sa.Column("proposed_at", Instant(), nullable=False),
    sa.Column("proposal_reason", sa.Text, nullable=True),
    sa.Column("previous_group_id", sa.String(64), nullable=True),
    sa.Column("approved_by", sa.String(200), nullable=True),
    sa.Column("approved_at", Instant(), nullable=True),
    sa.Column("dissolved_at", Instant(), nullable=True),
    sa.Index("ix_supervision_groups_cycle", "cycle_id", "status"),
    # one group per cycle (Art. 9): at most one appointed-or-dissolved row for a cycle
    sa.Index("uq_supervision_groups_sitting", "cycle_id", unique=True,
             sqlite_where=sa.text("status IN ('appointed', 'dissolved')"),
             postgresql_where=sa.text("status IN ('appointed', 'dissolved')")),
)

# members by stable person id (a renamed person is the same member); the name is as appointed
group_members = sa.Table(
    "group_members", METADATA,
    sa.Column("group_id", sa.String(64), sa.ForeignKey("supervision_groups.group_id"), primary_key=True),
    sa.Column("person_id", sa.String(100), primary_key=True),
    sa.Column("kind", sa.String(20), nullable=False),  # one of Art. 9's five, or other
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("kind_text", sa.String(100), nullable=True),  # other: the kind in words (等有关人员)
    sa.Index("ix_group_members_person", "person_id"),
)

# complaints and reports from anyone, followed by a tracking number (Art. 9(3), 26)
complaints = sa.Table(
    "complaints", METADATA,
    sa.Column("complaint_id", sa.String(64), primary_key=True),
    sa.Column("tracking_number", sa.String(40), nullable=False, unique=True),
    sa.Column("cycle_id", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # complaint (投诉) | report (举报)
    sa.Column("about_step", sa.String(40), nullable=True),
    sa.Column("about_subject", sa.String(200), nullable=True),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("complainant_name", sa.String(200), nullable=True),   # seen by supervisors only
    sa.Column("complainant_contact", sa.String(200), nullable=True),
    sa.Column("status", sa.String(20), nullable=False),  # received | under_review | declined | handled
    sa.Column("filed_at", Instant(), nullable=False),
    sa.Column("triaged_by", sa.String(200), nullable=True),
    sa.Column("triaged_at", Instant(), nullable=True),
    sa.Column("triage_note", sa.Text, nullable=True),
    sa.Column("handled_by", sa.String(200), nullable=True),
    sa.Column("handled_at", Instant(), nullable=True),
    sa.Column("result", sa.Text, nullable=True),
    sa.Column("finding_id", sa.String(64), nullable=True),
    sa.Index("ix_complaints_cycle", "cycle_id", "status"),
    sa.Index("ix_complaints_page", "cycle_id", "filed_at", "complaint_id"),  # the list's page (migration 0008)
)

# supervisory findings, each with kind, article, evidence and author (Art. 9, 26, 27)
findings = sa.Table(
    "findings", METADATA,
    sa.Column("finding_id", sa.String(64), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # procedural | review_staff | applicant
    sa.Column("step", sa.String(40), nullable=False),
    sa.Column("subject", sa.String(200), nullable=True),
    sa.Column("article", sa.String(40), nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("evidence", sa.Text, nullable=False),  # JSON list of items
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("recorded_at", Instant(), nullable=False),
    sa.Column("hold_id", sa.String(64), nullable=True),
    sa.Column("staff_subject", sa.String(200), nullable=True),
    sa.Column("staff_role", sa.String(20), nullable=True),
    sa.Column("misconduct", sa.String(20), nullable=True),
    sa.Column("harm", sa.Text, nullable=True),
    sa.Column("complaint_id", sa.String(64), nullable=True),
    sa.Index("ix_findings_page", "cycle_id", "recorded_at", "finding_id"),  # the list's page (migration 0008)
)

# supervision opinions per application, which scoring carries into the candidate list (Art. 16)
opinions = sa.Table(
    "opinions", METADATA,
    sa.Column("opinion_id", sa.String(64), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False),
    sa.Column("application_id", sa.String(200), nullable=False),
    sa.Column("opinion", sa.Text, nullable=False),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("recorded_at", Instant(), nullable=False),
    sa.Index("ix_opinions_cycle", "cycle_id", "application_id"),
    sa.Index("ix_opinions_page", "cycle_id", "recorded_at", "opinion_id"),  # the list's page (migration 0008)
)

# what the group reports to the leading group (Art. 9(2)(3), 26, 27)
reports = sa.Table(
    "reports", METADATA,
    sa.Column("report_id", sa.String(64), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(30), nullable=False),  # reports.KINDS
    sa.Column("ref_id", sa.String(64), nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("reported_by", sa.String(200), nullable=False),
    sa.Column("reported_at", Instant(), nullable=False),
    sa.Index("ix_reports_page", "cycle_id", "reported_at", "report_id"),  # the list's page (migration 0008)
)

# the leading group's approval for the office to release a dissolved group's holds (Art. 9)
release_approvals = sa.Table(
    "release_approvals", METADATA,
    sa.Column("approval_id", sa.String(64), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False),
    sa.Column("group_id", sa.String(64), nullable=False),
    sa.Column("approved_by", sa.String(200), nullable=False),
    sa.Column("approved_at", Instant(), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("document", sa.String(200), nullable=True),
)

# Art. 27: 提请其主管部门或所在工作单位按规定处理 — the group refers a disqualified member of the
# review staff to their authority or employer: who, to whom, when, by whom (one per finding)
referrals = sa.Table(
    "referrals", METADATA,
    sa.Column("referral_id", sa.String(64), primary_key=True),
    sa.Column("finding_id", sa.String(64), nullable=False, unique=True),
    sa.Column("cycle_id", sa.String(64), nullable=False),
    sa.Column("staff_subject", sa.String(200), nullable=False),
    sa.Column("staff_role", sa.String(20), nullable=False),
    sa.Column("referred_to", sa.String(200), nullable=False),       # the authority's or employer's name
    sa.Column("referred_to_kind", sa.String(20), nullable=False),   # authority (主管部门) | employer (所在工作单位)
    sa.Column("document", sa.String(200), nullable=True),           # the referral letter's reference
    sa.Column("note", sa.Text, nullable=True),
    sa.Column("referred_by", sa.String(200), nullable=False),
    sa.Column("referred_at", Instant(), nullable=False),
    sa.Index("ix_referrals_cycle", "cycle_id"),
)

# Art. 9(2): 向市质量强市领导小组报告监督情况 — the group's own reports on its supervision
supervision_reports = sa.Table(
    "supervision_reports", METADATA,
    sa.Column("report_id", sa.String(64), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("steps", sa.Text, nullable=False),      # JSON list: the steps of the cycle it covers
    sa.Column("document", sa.String(200), nullable=True),
    sa.Column("reported_by", sa.String(200), nullable=False),
    sa.Column("reported_at", Instant(), nullable=False),
    sa.Index("ix_supervision_reports_cycle", "cycle_id"),
)

ALL = [METADATA, kit.KIT, kit.CYCLES]
