"""Intake's own tables (its database alone; other services learn of them by events)."""
import sqlalchemy as sa

from award_shared import tables

METADATA = sa.MetaData()

cycles = sa.Table(
    "cycles", METADATA,
    sa.Column("cycle_id", sa.String(64), primary_key=True),
    sa.Column("edition", sa.Integer, nullable=False, unique=True),
    sa.Column("ruleset_id", sa.String(64), nullable=False),
    sa.Column("ruleset_sha256", sa.String(64), nullable=False),
    sa.Column("ruleset", sa.Text, nullable=False),
    sa.Column("schedule", sa.Text, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),  # open | closed
    sa.Column("opened_at", tables.Instant(), nullable=False),
    sa.Column("opened_by", sa.String(200), nullable=False),
    sa.Column("closed_at", tables.Instant(), nullable=True),
    # the leading group's decision that the edition gives no award: its own act (Art. 7 LG(1))
    sa.Column("no_award_decision", sa.Text, nullable=True),
    sa.Column("no_award_decided_by", sa.String(200), nullable=True),
    sa.Column("no_award_decided_at", tables.Instant(), nullable=True),
)

# Art. 13: the application notice of a cycle (one per cycle).
notices = sa.Table(
    "notices", METADATA,
    sa.Column("cycle_id", sa.String(64), sa.ForeignKey("cycles.cycle_id"), primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("deadline", tables.Instant, nullable=False),
    sa.Column("recommendation_deadline", tables.Instant, nullable=True),
    sa.Column("published_at", tables.Instant, nullable=False),
    sa.Column("published_by", sa.String(200), nullable=False),
    # Art. 3, 14: the districts of this edition (JSON list of names), the rule set's unless amended
    sa.Column("districts", sa.Text, nullable=True),
)

# Art. 7 LG(2), 11: the cycle's tilt as the leading group approved it; frozen by the notice.
cycle_tilts = sa.Table(
    "cycle_tilts", METADATA,
    sa.Column("cycle_id", sa.String(64), sa.ForeignKey("cycles.cycle_id"), primary_key=True),
    sa.Column("tilt", sa.Text, nullable=False),       # JSON: applies_to, kinds, max_total_bonus
    sa.Column("decision", sa.Text, nullable=False),   # the leading group's decision (会议纪要 / 文件)
    sa.Column("approved_by", sa.String(200), nullable=False),
    sa.Column("approved_at", tables.Instant, nullable=False),
)

# Art. 7 LG(2): the review scheme of an edition, one row per proposal (the latest stands):
# proposed by the office, approved (by its sha256) or rejected by the leading group.
review_schemes = sa.Table(
    "review_schemes", METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("cycle_id", sa.String(64), sa.ForeignKey("cycles.cycle_id"), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),      # domain/scheme.py: proposed | approved | rejected
    sa.Column("scheme", sa.Text, nullable=False),            # JSON: ruleset_id, ruleset_sha256, review, tilt
    sa.Column("scheme_sha256", sa.String(64), nullable=False),
    sa.Column("text", sa.Text, nullable=True),               # the office's proposal in words
    sa.Column("proposed_by", sa.String(200), nullable=False),
    sa.Column("proposed_at", tables.Instant, nullable=False),
    sa.Column("decided_by", sa.String(200), nullable=True),
    sa.Column("decided_at", tables.Instant, nullable=True),
    sa.Column("decision", sa.Text, nullable=True),           # the leading group's minutes or document
    sa.Column("reason", sa.Text, nullable=True),             # why it was rejected
    sa.Index("ix_review_schemes_cycle", "cycle_id", "id"),
)

# Art. 3, 10-14: applications of units and individuals. The form's lists (tilt claims,
# incidents, declarations) are JSON text; the resident ID number is stored here only.
applications = sa.Table(
    "applications", METADATA,
    sa.Column("application_id", sa.String(64), primary_key=True),
    sa.Column("cycle_id", sa.String(64), sa.ForeignKey("cycles.cycle_id"), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),            # unit | individual
    sa.Column("applicant_sub", sa.String(200), nullable=False),  # the applicant's token subject
    sa.Column("status", sa.String(20), nullable=False),          # lifecycle.STATUSES
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("credit_code", sa.String(18), nullable=True),
    sa.Column("resident_id", sa.String(18), nullable=True),
    sa.Column("person_key", sa.String(64), nullable=True),
    sa.Column("employer_name", sa.String(200), nullable=True),
    sa.Column("employer_credit_code", sa.String(18), nullable=True),
    sa.Column("district", sa.String(100), nullable=False),
    sa.Column("sector", sa.String(20), nullable=False),
    sa.Column("main_business_since", sa.Date, nullable=True),
    sa.Column("quality_work_since", sa.Date, nullable=True),
    sa.Column("sme", sa.Boolean, nullable=True),
    sa.Column("tilt_claims", sa.Text, nullable=False),
    sa.Column("incidents", sa.Text, nullable=False),
    sa.Column("declarations", sa.Text, nullable=False),
    sa.Column("created_at", tables.Instant, nullable=False),
    sa.Column("updated_at", tables.Instant, nullable=False),
    sa.Column("submitted_at", tables.Instant, nullable=True),
    sa.Column("withdrawn_at", tables.Instant, nullable=True),
    sa.Column("withdrawal_reason", sa.Text, nullable=True),
    sa.Column("ineligible_article", sa.String(40), nullable=True),
    sa.Column("ineligible_reason", sa.Text, nullable=True),
    sa.Index("ix_applications_cycle_status", "cycle_id", "status"),
    # a cycle's list, a page at a time from where the last one ended (GET .../applications?after=)
    sa.Index("ix_applications_cycle_created", "cycle_id", "created_at", "application_id"),
    sa.Index("ix_applications_applicant", "applicant_sub"),
    # one applicant, one live application a cycle (Art. 6): the check at every submission reads
    # these, not every submitted application of the cycle (ix_applications_cycle_status)
    sa.Index("ix_applications_cycle_credit_code", "cycle_id", "credit_code"),
    sa.Index("ix_applications_cycle_person_key", "cycle_id", "person_key"),
)

# Art. 14: each preliminary review by the district (recommend with a signed opinion, or return).
district_reviews = sa.Table(
    "district_reviews", METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("application_id", sa.String(64), sa.ForeignKey("applications.application_id"), nullable=False),
    sa.Column("decision", sa.String(20), nullable=False),  # recommend | return
    sa.Column("district", sa.String(100), nullable=False),
    sa.Column("reviewer_sub", sa.String(200), nullable=False),
    sa.Column("signatory", sa.String(200), nullable=True),
    sa.Column("opinion", sa.Text, nullable=False),
    sa.Column("reviewed_at", tables.Instant, nullable=False),
    sa.Column("tilt_confirmations", sa.Text, nullable=True),  # JSON: [{kind, confirmed, opinion}] (Art. 11)
    sa.Column("member_units", sa.Text, nullable=True),  # JSON list: 成员单位 that took part (Art. 14)
    sa.Column("workplace_confirmed", sa.Boolean, nullable=True),  # an individual's workplace (Art. 3)
    sa.Index("ix_district_reviews_application", "application_id"),
)

# Art. 14, 25: documents; the content lies on disk under DOCUMENT_DIR, named by its sha256.
documents = sa.Table(
    "documents", METADATA,
    sa.Column("document_id", sa.String(64), primary_key=True),
    sa.Column("application_id", sa.String(64), sa.ForeignKey("applications.application_id"), nullable=False),
    sa.Column("kind", sa.String(30), nullable=False),  # application_form | self_evaluation | evidence
    sa.Column("filename", sa.String(200), nullable=False),
    sa.Column("media_type", sa.String(200), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("relates_to", sa.String(64), nullable=True),
    sa.Column("uploaded_at", tables.Instant, nullable=False),
    sa.Column("uploaded_by", sa.String(200), nullable=False),
    sa.Index("ix_documents_application", "application_id"),
)

# Art. 25: the experts panel.assigned names for an application (the latest event wins).
panels = sa.Table(
    "panels", METADATA,
    sa.Column("application_id", sa.String(64), primary_key=True),
    sa.Column("expert_subjects", sa.Text, nullable=False),  # JSON list
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("assigned_at", tables.Instant, nullable=False),
)

# Art. 6: every award granted (award.granted, or imported from earlier cycles) and its
# revocation (award.revoked), keyed by credit code or person_key. No resident ID here.
past_winners = sa.Table(
    "past_winners", METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("award_id", sa.String(200), nullable=True, unique=True),
    sa.Column("kind", sa.String(20), nullable=True),
    sa.Column("name", sa.String(200), nullable=True),
    sa.Column("credit_code", sa.String(18), nullable=True),
    sa.Column("person_key", sa.String(64), nullable=True),
    sa.Column("category", sa.String(40), nullable=True),
    sa.Column("cycle_id", sa.String(64), nullable=True),
    sa.Column("edition", sa.Integer, nullable=True),
    sa.Column("certificate_number", sa.String(200), nullable=True),
    sa.Column("source", sa.String(20), nullable=False),  # granted | import | revoked (revocation first)
    sa.Column("recorded_at", tables.Instant, nullable=False),
    sa.Column("revoked_on", sa.Date, nullable=True),
    sa.Column("revocation_grounds", sa.Text, nullable=True),  # JSON list of "Art. 29(n)"
    sa.Index("ix_past_winners_credit_code", "credit_code"),
    sa.Index("ix_past_winners_person_key", "person_key"),
)

# the city government's approval of a cycle's list (award.approved, Art. 18): the cycle may close
approvals = sa.Table(
    "approvals", METADATA,
    sa.Column("cycle_id", sa.String(64), primary_key=True),
    sa.Column("document_number", sa.String(100), nullable=True),
    sa.Column("approved_at", tables.Instant(), nullable=True),
    sa.Column("awards", sa.Integer, nullable=False),
    sa.Column("learned_at", tables.Instant(), nullable=False),
)

ALL = [METADATA, tables.KIT]
