"""Publicity's own tables (its database alone; other services learn of them by events).

JSON columns are Text, the same on SQLite and PostgreSQL; money is Numeric(14, 2), never a
float. Personal data of objectors lives in its own columns so it can be erased after the
retention period while the objection itself stays on record.
"""
import sqlalchemy as sa

from award_shared import tables as kit

METADATA = sa.MetaData()

# who applied, as intake announced it (application.submitted): the award's recipient identity
applicants = sa.Table(
    "applicants", METADATA,
    sa.Column("application_id", sa.String(200), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False, index=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("applicant_name", sa.String(200), nullable=False),
    sa.Column("credit_code", sa.String(18), nullable=True),
    sa.Column("person_key", sa.String(64), nullable=True),
    sa.Column("district", sa.String(100), nullable=True),
    sa.Column("learned_at", kit.Instant(), nullable=False),
)

# the office's candidate lists (candidates.proposed, Art. 16); a later one supersedes
candidate_lists = sa.Table(
    "candidate_lists", METADATA,
    sa.Column("list_id", sa.String(64), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False, index=True),
    sa.Column("supersedes", sa.String(64), nullable=True),
    sa.Column("status", sa.String(20), nullable=False),  # current | returned | superseded
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("received_at", kit.Instant(), nullable=False),
)

# each candidate of the cycle and where it stands in steps 9-13 (domain.candidates.STATUSES)
candidates = sa.Table(
    "candidates", METADATA,
    sa.Column("cycle_id", sa.String(64), primary_key=True),
    sa.Column("application_id", sa.String(200), primary_key=True),
    sa.Column("list_id", sa.String(64), nullable=False),
    sa.Column("category", sa.String(40), nullable=False),
    sa.Column("rank", sa.Integer, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("applicant_name", sa.String(200), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("notice_id", sa.String(64), nullable=True),
    sa.Column("updated_at", kit.Instant(), nullable=False),
)

# the supervision group's opinions (opinion.recorded, Art. 16) and the office's answer to each
# (domain.opinions.STATES); keyed by the event's id, as supervision publishes no other
supervision_opinions = sa.Table(
    "supervision_opinions", METADATA,
    sa.Column("opinion_id", sa.String(64), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False, index=True),
    sa.Column("application_id", sa.String(200), nullable=False),
    sa.Column("opinion", sa.Text, nullable=False),
    sa.Column("received_at", kit.Instant(), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),  # received | accepted | not_accepted
    sa.Column("change", sa.Text, nullable=True),  # accepted: the change the office made
    sa.Column("reason", sa.Text, nullable=True),  # not accepted: why
    sa.Column("list_id", sa.String(64), nullable=True),  # the candidate list that carries the change
    sa.Column("answered_by", sa.String(200), nullable=True),
    sa.Column("answered_at", kit.Instant(), nullable=True),
    sa.Index("ix_supervision_opinions_page", "cycle_id", "received_at", "opinion_id"),  # the list's page (0011)
)

# the leading group's meetings on a list (Art. 7 LG(5), 16)
deliberations = sa.Table(
    "deliberations", METADATA,
    sa.Column("deliberation_id", sa.String(64), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False, index=True),
    sa.Column("list_id", sa.String(64), nullable=False),
    sa.Column("meeting_date", sa.Date, nullable=False),
    sa.Column("members_present", sa.Text, nullable=False),  # JSON list
    sa.Column("minute", sa.Text, nullable=True),
    sa.Column("returned", sa.Boolean, nullable=False),
    sa.Column("decisions", sa.Text, nullable=False),  # JSON list
    sa.Column("decided_by", sa.String(200), nullable=False),
    sa.Column("decided_at", kit.Instant(), nullable=False),
)

# the leading group's decisions on seats nobody else could decide (Art. 7 LG(1), Art. 2, 16): a tie
# at the last seat, or a seat emptied by a strike or an upheld objection refilled by the next in rank
seat_decisions = sa.Table(
    "seat_decisions", METADATA,
    sa.Column("decision_id", sa.String(64), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False, index=True),
    sa.Column("list_id", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),  # tie | refill
    sa.Column("category", sa.String(40), nullable=False),
    sa.Column("application_ids", sa.Text, nullable=False),  # JSON list: who takes the seats
    sa.Column("from_categories", sa.Text, nullable=False),  # JSON {application_id: category left}
    sa.Column("meeting_date", sa.Date, nullable=False),
    sa.Column("members_present", sa.Text, nullable=False),  # JSON list: who decided
    sa.Column("reason", sa.Text, nullable=False),  # why
    sa.Column("decided_by", sa.String(200), nullable=False),
    sa.Column("decided_at", kit.Instant(), nullable=False),
)

# the official working-day calendar, one row per announced year (Art. 17; workdays.py)
calendar_years = sa.Table(
    "calendar_years", METADATA,
    sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("document", sa.Text, nullable=False),  # JSON: holidays, adjusted workdays, notice
    sa.Column("source", sa.String(200), nullable=False),
    sa.Column("loaded_at", kit.Instant(), nullable=False),
    sa.Column("loaded_by", sa.String(200), nullable=False),
)

# public notices (公示, Art. 17): the main one and supplementary ones
public_notices = sa.Table(
    "public_notices", METADATA,
    sa.Column("notice_id", sa.String(64), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False, index=True),
    sa.Column("kind", sa.String(20), nullable=False),  # main | supplementary
    sa.Column("published_at", kit.Instant(), nullable=False),
    sa.Column("window_start", kit.Instant(), nullable=False),
    sa.Column("window_end", kit.Instant(), nullable=False),
    sa.Column("working_days", sa.Integer, nullable=False),
    sa.Column("provisional", sa.Boolean, nullable=False),
    sa.Column("missing_years", sa.Text, nullable=False),  # JSON list
    sa.Column("media", sa.Text, nullable=False),  # JSON list of {name, date, link, page}
    sa.Column("application_ids", sa.Text, nullable=False),  # JSON list
    sa.Column("status", sa.String(20), nullable=False),  # open | closed
    sa.Column("closed_at", kit.Instant(), nullable=True),
    sa.Column("published_by", sa.String(200), nullable=False),
)

# objections raised during a notice (Art. 17); objector_* and duplicate_key are personal data,
# erased later
objections = sa.Table(
    "objections", METADATA,
    sa.Column("objection_id", sa.String(64), primary_key=True),
    sa.Column("tracking_number", sa.String(40), nullable=False, unique=True),
    sa.Column("cycle_id", sa.String(64), nullable=False, index=True),
    sa.Column("application_id", sa.String(200), nullable=False),
    sa.Column("notice_id", sa.String(64), nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("objector_name", sa.String(200), nullable=True),
    sa.Column("objector_contact", sa.String(200), nullable=True),
    sa.Column("personal_data_erased_at", kit.Instant(), nullable=True),
    sa.Column("received_at", kit.Instant(), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),  # domain.objections.STATES
    sa.Column("hold_id", sa.String(64), nullable=False),
    sa.Column("investigation", sa.Text, nullable=True),  # JSON: who, what was checked, conclusion
    sa.Column("proposed_outcome", sa.String(20), nullable=True),
    sa.Column("handling_opinion", sa.Text, nullable=True),
    sa.Column("proposed_by", sa.String(200), nullable=True),
    sa.Column("outcome", sa.String(20), nullable=True),
    sa.Column("approved_by", sa.String(200), nullable=True),
    sa.Column("resolved_at", kit.Instant(), nullable=True),
    # sha256 of the signed objector and the content (domain.objections.duplicate_key): an
    # identical objection is answered with the first one's tracking number; None if unsigned
    # or erased (it derives from personal data)
    sa.Column("duplicate_key", sa.String(64), nullable=True),
    # the handling opinion's action (domain.objections.ACTIONS) and what it changes (JSON: the
    # award moved to, or the record corrected); None before actions were recorded (upheld: remove)
    sa.Column("proposed_action", sa.String(30), nullable=True),
    sa.Column("action_detail", sa.Text, nullable=True),
    sa.Index("ix_objections_duplicate_key", "duplicate_key"),
    sa.Index("ix_objections_candidate", "cycle_id", "application_id"),  # the hold they share
    sa.Index("ix_objections_page", "cycle_id", "received_at", "objection_id"),  # the list's page (migration 0011)
)

# the leading group's submissions (提报, Art. 7 LG(5)) of the list that passed the notice to the
# city government, and the government's decision on each (审定, Art. 18; domain.approval.STATES)
submissions = sa.Table(
    "submissions", METADATA,
    sa.Column("submission_id", sa.String(64), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False, index=True),
    sa.Column("status", sa.String(20), nullable=False),  # submitted | approved | returned | superseded
    sa.Column("submitted_on", sa.Date, nullable=False),
    sa.Column("document_number", sa.String(100), nullable=True),  # the leading group's letter, if any
    sa.Column("candidate_list", sa.Text, nullable=False),  # JSON list, as submitted
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("submitted_by", sa.String(200), nullable=False),
    sa.Column("submitted_at", kit.Instant(), nullable=False),
    sa.Column("decided_by", sa.String(200), nullable=True),
    sa.Column("decided_at", kit.Instant(), nullable=True),
    sa.Column("decision_reason", sa.Text, nullable=True),  # why returned (or superseded)
)

# the city government's approval of the final list (Art. 18)
approvals = sa.Table(
    "approvals", METADATA,
    sa.Column("cycle_id", sa.String(64), primary_key=True),
    sa.Column("document_number", sa.String(100), nullable=False),
    sa.Column("approved_on", sa.Date, nullable=False),
    sa.Column("approved_at", kit.Instant(), nullable=False),
    sa.Column("approved_by", sa.String(200), nullable=False),
    sa.Column("final_list", sa.Text, nullable=False),  # JSON list
    # the submission approved, and the names it left out with their reasons (JSON list)
    sa.Column("submission_id", sa.String(64), nullable=True),
    sa.Column("excluded", sa.Text, nullable=True),
)

# the prize money set for each category of a cycle under city policy (Art. 20, 21)
prize_amounts = sa.Table(
    "prize_amounts", METADATA,
    sa.Column("cycle_id", sa.String(64), primary_key=True),
    sa.Column("category", sa.String(40), primary_key=True),
    sa.Column("amount", sa.Numeric(14, 2), nullable=False),
    sa.Column("policy", sa.String(200), nullable=False),
    sa.Column("set_at", kit.Instant(), nullable=False),
    sa.Column("set_by", sa.String(200), nullable=False),
)

# awards conferred (Art. 19) or imported from before the suite; verification reads these
awards = sa.Table(
    "awards", METADATA,
    sa.Column("award_id", sa.String(64), primary_key=True),
    sa.Column("certificate_number", sa.String(100), nullable=False, unique=True),
    sa.Column("cycle_id", sa.String(64), nullable=False, index=True),
    sa.Column("edition", sa.Integer, nullable=True),
    sa.Column("application_id", sa.String(200), nullable=False),
    sa.Column("category", sa.String(40), nullable=False),
    sa.Column("rank", sa.Integer, nullable=True),
    sa.Column("recipient_name", sa.String(200), nullable=False),
    sa.Column("credit_code", sa.String(18), nullable=True),
    sa.Column("person_key", sa.String(64), nullable=True),
    sa.Column("items", sa.Text, nullable=False),  # JSON list
    sa.Column("prize_amount", sa.Numeric(14, 2), nullable=False),
    sa.Column("granted_on", sa.Date, nullable=False),
    sa.Column("granted_at", kit.Instant(), nullable=False),
    sa.Column("imported", sa.Boolean, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),  # in_force | revoked
    sa.Column("revoked_on", sa.Date, nullable=True),
    sa.Column("revocation_grounds", sa.Text, nullable=True),  # JSON list
)

ALL = [kit.KIT, kit.CYCLES, METADATA]
