"""Scoring's own tables (its database alone; other services learn of them by events).

Scores are never edited in place: ``reviews`` only grows, and a correction is a new row
whose ``supersedes`` names the row it corrects (at most one correction per row).
``stage_results`` holds what was published per application and stage, so a recomputation
(Art. 27) knows what changed; the candidate list is always computed from ``reviews``.
JSON columns are Text, the same on SQLite and PostgreSQL.
"""
import sqlalchemy as sa

from award_shared import tables

METADATA = sa.MetaData()

# the third-party agency of a cycle: proposed by the office (Art. 7 Office(2); appointed_at /
# appointed_by record the proposal), entrusted by the leading group (Art. 7 LG(3)); it acts
# only once ``status`` is appointed
agencies = sa.Table(
    "agencies", METADATA,
    sa.Column("cycle_id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("credit_code", sa.String(18), nullable=False),
    sa.Column("staff_subjects", sa.Text, nullable=False),  # JSON list of token subjects
    sa.Column("appointed_at", tables.Instant(), nullable=False),
    sa.Column("appointed_by", sa.String(200), nullable=False),
    sa.Column("status", sa.String(20), nullable=False, server_default="appointed"),  # proposed | appointed
    sa.Column("approved_by", sa.String(200), nullable=True),
    sa.Column("approved_at", tables.Instant(), nullable=True),
    sa.Column("decision", sa.Text, nullable=True),  # the leading group's decision (会议纪要 / 文件)
)

# experts the third party engaged for a cycle (Art. 8(2)); the subject is the expert's login
experts = sa.Table(
    "experts", METADATA,
    sa.Column("cycle_id", sa.String(64), primary_key=True),
    sa.Column("subject", sa.String(200), primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("affiliation_kind", sa.String(30), nullable=False),  # Art. 8(2)'s four kinds, or other
    sa.Column("affiliation_detail", sa.String(200), nullable=True),  # the affiliation in words (other: required)
    sa.Column("employer_name", sa.String(200), nullable=False),
    sa.Column("employer_credit_code", sa.String(18), nullable=False),
    sa.Column("former_employer_credit_codes", sa.Text, nullable=False),  # JSON list
    sa.Column("person_key", sa.String(64), nullable=True),
    sa.Column("sectors", sa.Text, nullable=False),  # JSON list: primary | secondary | tertiary
    sa.Column("declared_conflicts", sa.Text, nullable=False),  # JSON list of ties with reasons
    sa.Column("status", sa.String(20), nullable=False),  # active | disqualified
    sa.Column("registered_at", tables.Instant(), nullable=False),
    sa.Column("registered_by", sa.String(200), nullable=False),
)

# Art. 27: disqualifications heard from supervision (also of experts not registered yet)
disqualifications = sa.Table(
    "disqualifications", METADATA,
    sa.Column("cycle_id", sa.String(64), primary_key=True),
    sa.Column("subject", sa.String(200), primary_key=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("harm", sa.Text, nullable=False),
    sa.Column("finding_id", sa.String(64), nullable=True),
    sa.Column("received_at", tables.Instant(), nullable=False),
)

# Art. 7 LG(2), 11, 13: the cycle's tilt as the leading group approved it, from notice.published
cycle_tilts = sa.Table(
    "cycle_tilts", METADATA,
    sa.Column("cycle_id", sa.String(64), primary_key=True),
    sa.Column("tilt", sa.Text, nullable=False),  # JSON: applies_to, kinds, max_total_bonus, decision
    sa.Column("received_at", tables.Instant(), nullable=False),
)

# Art. 9, 15: the cycle's supervision group, from supervision.group_appointed
supervision_groups = sa.Table(
    "supervision_groups", METADATA,
    sa.Column("cycle_id", sa.String(64), primary_key=True),
    sa.Column("group_id", sa.String(64), nullable=True),
    sa.Column("members", sa.Text, nullable=False),  # JSON, as the event carries them
    sa.Column("received_at", tables.Instant(), nullable=False),
)

# the applications, as intake announced them (application.submitted / recommended / withdrawn)
applications = sa.Table(
    "applications", METADATA,
    sa.Column("application_id", sa.String(200), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(20), nullable=True),
    sa.Column("applicant_name", sa.String(200), nullable=True),
    sa.Column("credit_code", sa.String(18), nullable=True),
    sa.Column("person_key", sa.String(64), nullable=True),
    sa.Column("employer_credit_code", sa.String(18), nullable=True),
    sa.Column("district", sa.String(100), nullable=True),
    sa.Column("sector", sa.String(20), nullable=True),
    sa.Column("tilt_claims", sa.Text, nullable=False, server_default="[]"),  # JSON list
    sa.Column("tilt_district_confirmed", sa.Text, nullable=True),  # JSON list (Art. 11, 14)
    sa.Column("submitted_at", sa.String(40), nullable=True),
    sa.Column("submitted_sequence", sa.Integer, nullable=True),
    sa.Column("recommended_at", sa.String(40), nullable=True),
    sa.Column("recommendation", sa.Text, nullable=True),  # JSON: district, reviewer, opinion
    sa.Column("withdrawn_at", sa.String(40), nullable=True),
    sa.Column("withdrawal_reason", sa.Text, nullable=True),
    sa.Column("ineligible_article", sa.String(40), nullable=True),
    sa.Column("ineligible_reason", sa.Text, nullable=True),
    sa.Column("updated_at", tables.Instant(), nullable=False),
    sa.Index("ix_applications_cycle_page", "cycle_id", "application_id"),  # the list's page (migration 0014)
)

# panel seats: who reviews which application; a seat ends, it is never deleted
assignments = sa.Table(
    "assignments", METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("application_id", sa.String(200), nullable=False),
    sa.Column("cycle_id", sa.String(64), nullable=False),
    sa.Column("expert_subject", sa.String(200), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),  # active | recused | disqualified | ended
    sa.Column("mode", sa.String(20), nullable=False),  # auto | manual | reassignment
    sa.Column("assigned_at", tables.Instant(), nullable=False),
    sa.Column("assigned_by", sa.String(200), nullable=False),
    sa.Column("ended_at", tables.Instant(), nullable=True),
    sa.Column("end_reason", sa.Text, nullable=True),
    sa.Index("ix_assignments_application", "application_id", "status"),
    sa.Index("ix_assignments_expert", "cycle_id", "expert_subject", "status"),
)

# the review stages of a cycle (Art. 15), opened and closed once each
stages = sa.Table(
    "stages", METADATA,
    sa.Column("cycle_id", sa.String(64), primary_key=True),
    sa.Column("stage", sa.String(40), primary_key=True),
    sa.Column("status", sa.String(20), nullable=False),  # open | closed
    sa.Column("opened_at", tables.Instant(), nullable=False),
    sa.Column("opened_by", sa.String(200), nullable=False),
    sa.Column("closed_at", tables.Instant(), nullable=True),
    sa.Column("closed_by", sa.String(200), nullable=True),
)

# every score sheet and qualification decision ever recorded; rows are only ever added
reviews = sa.Table(
    "reviews", METADATA,
    sa.Column("review_id", sa.String(36), primary_key=True),
    sa.Column("application_id", sa.String(200), nullable=False),
    sa.Column("cycle_id", sa.String(64), nullable=False),
    sa.Column("stage", sa.String(40), nullable=False),
    sa.Column("reviewer", sa.String(200), nullable=False),
    sa.Column("reviewer_role", sa.String(20), nullable=False),  # expert | third_party
    sa.Column("outcome", sa.String(20), nullable=True),  # pass/fail stages
    sa.Column("scores", sa.Text, nullable=True),  # JSON: category -> points
    sa.Column("total", sa.Float, nullable=True),
    sa.Column("conditions", sa.Text, nullable=True),  # JSON: the qualification judgement
    sa.Column("comments", sa.Text, nullable=True),
    sa.Column("supersedes", sa.String(36), nullable=True, unique=True),
    sa.Column("correction_reason", sa.Text, nullable=True),
    sa.Column("recorded_at", tables.Instant(), nullable=False),
    # a paper sheet the panel signed, transcribed by the agency's staff (who, from which paper)
    sa.Column("transcribed_by", sa.String(200), nullable=True),
    sa.Column("paper_reference", sa.String(200), nullable=True),
    sa.Index("ix_reviews_application", "application_id", "stage"),
)

# what scoring published per application and stage (review.stage_completed)
stage_results = sa.Table(
    "stage_results", METADATA,
    sa.Column("application_id", sa.String(200), primary_key=True),
    sa.Column("stage", sa.String(40), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),  # completed | pending_hold | incomplete
    sa.Column("outcome", sa.String(20), nullable=True),  # passed | failed
    sa.Column("score", sa.Float, nullable=True),
    sa.Column("detail", sa.Text, nullable=True),  # JSON: counted, spread, flags
    sa.Column("computed_at", tables.Instant(), nullable=False),
    sa.Index("ix_stage_results_cycle", "cycle_id", "stage"),
)

# the supervision group's opinions on applications (Art. 16), from opinion.recorded
opinions = sa.Table(
    "opinions", METADATA,
    sa.Column("event_id", sa.String(36), primary_key=True),
    sa.Column("application_id", sa.String(200), nullable=False),
    sa.Column("cycle_id", sa.String(64), nullable=False),
    sa.Column("opinion", sa.Text, nullable=False),
    sa.Column("received_at", tables.Instant(), nullable=False),
    sa.Index("ix_opinions_application", "application_id"),
)

# each candidate list proposed by the office (Art. 16); a later one supersedes an earlier
candidate_lists = sa.Table(
    "candidate_lists", METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("cycle_id", sa.String(64), nullable=False),
    sa.Column("proposed_at", tables.Instant(), nullable=False),
    sa.Column("proposed_by", sa.String(200), nullable=False),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("body", sa.Text, nullable=False),  # JSON: the list as proposed
    # current | stale (results changed after it: the office must propose again) | superseded
    sa.Column("status", sa.String(20), nullable=False, server_default="current"),
    sa.Column("supersedes", sa.Integer, nullable=True),
    sa.Column("stale_reason", sa.Text, nullable=True),
    sa.Index("ix_candidate_lists_cycle", "cycle_id"),
)

# Art. 18: the city government approved the cycle's final list (award.approved, publicity)
approvals = sa.Table(
    "approvals", METADATA,
    sa.Column("cycle_id", sa.String(64), primary_key=True),
    sa.Column("document_number", sa.String(100), nullable=True),
    sa.Column("approved_at", sa.String(40), nullable=True),
    sa.Column("received_at", tables.Instant(), nullable=False),
)

# Art. 8(1): the agency's work plan for the edition (评审工作计划（或实施方案）), drawn up under the
# review scheme (its rule set's sha256); never edited: a revision is a new version naming the one
# it supersedes, with its reason
work_plans = sa.Table(
    "work_plans", METADATA,
    sa.Column("plan_id", sa.String(36), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("document_reference", sa.String(200), nullable=True),  # the filed document's number
    sa.Column("ruleset_sha256", sa.String(64), nullable=False),  # the review scheme it follows
    sa.Column("supersedes", sa.String(36), nullable=True),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("agency_name", sa.String(200), nullable=False),
    sa.Column("filed_by", sa.String(200), nullable=False),
    sa.Column("filed_at", tables.Instant(), nullable=False),
    sa.UniqueConstraint("cycle_id", "version", name="uq_work_plans_cycle_version"),
)

# Art. 15: the office's guidance to the agency (指导意见), which the review executes; the agency
# records how it executed it
guidance = sa.Table(
    "guidance", METADATA,
    sa.Column("guidance_id", sa.String(36), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False),
    sa.Column("stage", sa.String(40), nullable=True),  # the review stage it concerns, if one
    sa.Column("application_id", sa.String(200), nullable=True),  # the application it concerns, if one
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("document_reference", sa.String(200), nullable=True),
    sa.Column("issued_by", sa.String(200), nullable=False),
    sa.Column("issued_at", tables.Instant(), nullable=False),
    sa.Column("executed_by", sa.String(200), nullable=True),
    sa.Column("executed_at", tables.Instant(), nullable=True),
    sa.Column("execution_note", sa.Text, nullable=True),
    sa.Index("ix_guidance_cycle", "cycle_id"),
)

# Art. 8(3): the agency's report of the review results to the office (汇总并……报告评审结果), each
# with the results it reports (``snapshot``); a later report supersedes the one before it
result_reports = sa.Table(
    "result_reports", METADATA,
    sa.Column("report_id", sa.String(36), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("document_reference", sa.String(200), nullable=True),
    sa.Column("snapshot", sa.Text, nullable=False),  # JSON: each application's status and scores
    sa.Column("supersedes", sa.String(36), nullable=True),
    sa.Column("agency_name", sa.String(200), nullable=False),
    sa.Column("reported_by", sa.String(200), nullable=False),
    sa.Column("reported_at", tables.Instant(), nullable=False),
    sa.UniqueConstraint("cycle_id", "version", name="uq_result_reports_cycle_version"),
)

ALL = [METADATA, tables.KIT, tables.CYCLES]
