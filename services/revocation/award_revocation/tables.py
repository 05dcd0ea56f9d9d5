"""Revocation's own tables (its database alone)."""
import sqlalchemy as sa

from award_shared import tables

METADATA = sa.MetaData()

# Its own copy of every award conferred (from ``award.granted``): what it may revoke.
awards = sa.Table(
    "awards", METADATA,
    sa.Column("award_id", sa.String(64), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False),
    sa.Column("application_id", sa.String(64), nullable=False),
    sa.Column("certificate_number", sa.String(64), nullable=False),
    sa.Column("recipient_name", sa.String(200), nullable=False),
    sa.Column("credit_code", sa.String(18), nullable=True, index=True),
    sa.Column("person_key", sa.String(64), nullable=True),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("items", sa.Text, nullable=False),                 # JSON list
    sa.Column("prize_fen", sa.BigInteger, nullable=False),       # yuan × 100, exact
    sa.Column("granted_on", sa.Date, nullable=False),            # Beijing date
    sa.Column("imported", sa.Boolean, nullable=False),
    sa.Column("edition", sa.Integer, nullable=True),             # the award's own edition (届)
    sa.Column("status", sa.String(16), nullable=False),          # in_force | revoked
    sa.Column("learned_at", tables.Instant(), nullable=False),
    # an edition's awards a page at a time, by award id (GET /v1/cycles/{cycle}/awards?after=)
    sa.Index("ix_awards_cycle_award", "cycle_id", "award_id"),
)

# Who owns each application a district recommended (``application.recommended``'s
# ``applicant_sub``; only those can win, Art. 14): the account that, once the application wins,
# reports the use of its prize money (Art. 21).
# Personal data: no public answer of this service reads it. An award imported from before the
# suite names an application no event ever announced, so it has no owner here.
application_owners = sa.Table(
    "application_owners", METADATA,
    sa.Column("application_id", sa.String(64), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=False),
    sa.Column("applicant_sub", sa.String(200), nullable=False),
    sa.Column("learned_at", tables.Instant(), nullable=False),
)

# The rule set of an edition no cycle of the suite carries (an award imported from before the
# suite, e.g. under the 2011 Measures): its grounds and items govern revoking that award (Art. 31).
edition_rulesets = sa.Table(
    "edition_rulesets", METADATA,
    sa.Column("cycle_id", sa.String(64), primary_key=True),
    sa.Column("edition", sa.Integer, nullable=True),
    sa.Column("ruleset_id", sa.String(64), nullable=False),
    sa.Column("ruleset", sa.Text, nullable=False),               # JSON
    sa.Column("learned_at", tables.Instant(), nullable=False),
)

cases = sa.Table(
    "cases", METADATA,
    sa.Column("case_id", sa.String(64), primary_key=True),
    sa.Column("award_id", sa.String(64), nullable=False, index=True),
    # the award while the case is open, NULL once closed: one open case per award, by the database
    sa.Column("open_award_id", sa.String(64), nullable=True, unique=True),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("opened_by", sa.String(100), nullable=False),
    sa.Column("opened_at", tables.Instant(), nullable=False),
    sa.Column("findings", sa.Text, nullable=True),
    sa.Column("reasons", sa.Text, nullable=True),
    sa.Column("decision_number", sa.String(100), nullable=True),
    sa.Column("decision_date", sa.Date, nullable=True),
    sa.Column("updated_at", tables.Instant(), nullable=False),
    sa.Column("closed_at", tables.Instant(), nullable=True),
    # the cases a page at a time, oldest first, of one state or of all (GET /v1/cases?state=&after=)
    sa.Index("ix_cases_state_opened", "state", "opened_at", "case_id"),
    sa.Index("ix_cases_opened", "opened_at", "case_id"),
)

# The grounds a case names, each with the fact it cites and that fact's date.
case_grounds = sa.Table(
    "case_grounds", METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_id", sa.String(64), nullable=False, index=True),
    sa.Column("item", sa.String(16), nullable=False),
    sa.Column("fact", sa.Text, nullable=False),
    sa.Column("fact_date", sa.Date, nullable=False),
    sa.Column("added_at", tables.Instant(), nullable=False),
    sa.Column("added_by", sa.String(100), nullable=False),
)

# Evidence: an uploaded document (content by sha256 in the document store) or a spot-check report.
evidence = sa.Table(
    "evidence", METADATA,
    sa.Column("evidence_id", sa.String(64), primary_key=True),
    sa.Column("case_id", sa.String(64), nullable=False, index=True),
    sa.Column("filename", sa.String(200), nullable=True),
    sa.Column("media_type", sa.String(200), nullable=True),
    sa.Column("size", sa.Integer, nullable=True),
    sa.Column("sha256", sa.String(64), nullable=True),
    sa.Column("report_number", sa.String(100), nullable=True),
    sa.Column("added_at", tables.Instant(), nullable=False),
    sa.Column("added_by", sa.String(100), nullable=False),
)

# What came back after a revocation: one item, or an amount of the prize money.
returns = sa.Table(
    "returns", METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_id", sa.String(64), nullable=False, index=True),
    sa.Column("item", sa.String(16), nullable=True),
    sa.Column("amount_fen", sa.BigInteger, nullable=True),
    sa.Column("returned_on", sa.Date, nullable=False),
    sa.Column("receipt_number", sa.String(100), nullable=False),
    sa.Column("received_by", sa.String(100), nullable=False),
    sa.Column("recorded_at", tables.Instant(), nullable=False),
    # the prize-money payment an amount returned reverses (prize_payments; None before payments were kept)
    sa.Column("payment_id", sa.String(64), nullable=True),
)

# The prize money paid to a winner (Art. 19, 20): date, amount, voucher, the year's budget line.
prize_payments = sa.Table(
    "prize_payments", METADATA,
    sa.Column("payment_id", sa.String(64), primary_key=True),
    sa.Column("award_id", sa.String(64), nullable=False, index=True),
    sa.Column("paid_on", sa.Date, nullable=False),
    sa.Column("amount_fen", sa.BigInteger, nullable=False),
    sa.Column("reference", sa.String(100), nullable=False),       # voucher or transfer reference
    sa.Column("budget_year", sa.Integer, nullable=False),         # 当年度市财政预算 (Art. 20)
    sa.Column("budget_line", sa.String(200), nullable=False),
    sa.Column("recorded_by", sa.String(100), nullable=False),
    sa.Column("recorded_at", tables.Instant(), nullable=False),
)

# The winner's reports of how the prize money was used (Art. 21), and the office's answer.
fund_use_reports = sa.Table(
    "fund_use_reports", METADATA,
    sa.Column("report_id", sa.String(64), primary_key=True),
    sa.Column("award_id", sa.String(64), nullable=False, index=True),
    sa.Column("reported_on", sa.Date, nullable=False),
    sa.Column("period", sa.String(100), nullable=True),
    sa.Column("uses", sa.Text, nullable=False),                   # JSON list of {purpose, amount, description}
    sa.Column("status", sa.String(16), nullable=False),           # received | accepted | queried
    sa.Column("review_note", sa.Text, nullable=True),
    sa.Column("reviewed_by", sa.String(100), nullable=True),
    sa.Column("reviewed_at", tables.Instant(), nullable=True),
    sa.Column("recorded_by", sa.String(100), nullable=False),
    sa.Column("recorded_at", tables.Instant(), nullable=False),
    # winner: filed by the winner's own account; office: a paper report the office recorded for it
    sa.Column("filed_by", sa.String(16), nullable=False, server_default="office"),
)

# What a winner shared of its experience, and when (Art. 24; evidence for Art. 29(7), 30(8)).
experience_shares = sa.Table(
    "experience_shares", METADATA,
    sa.Column("share_id", sa.String(64), primary_key=True),
    sa.Column("award_id", sa.String(64), nullable=False, index=True),
    sa.Column("shared_on", sa.Date, nullable=False),
    sa.Column("form", sa.String(32), nullable=False),
    sa.Column("what", sa.Text, nullable=False),
    sa.Column("audience", sa.String(200), nullable=True),
    sa.Column("recorded_by", sa.String(100), nullable=False),
    sa.Column("recorded_at", tables.Instant(), nullable=False),
)

# Quality spot checks of winners' products (Art. 29(4)), de-duplicated by report number.
spot_checks = sa.Table(
    "spot_checks", METADATA,
    sa.Column("report_number", sa.String(100), primary_key=True),
    sa.Column("credit_code", sa.String(18), nullable=False, index=True),
    sa.Column("product", sa.String(200), nullable=False),
    sa.Column("checked_on", sa.Date, nullable=False),
    sa.Column("level", sa.String(16), nullable=False),
    sa.Column("result", sa.String(8), nullable=False),
    sa.Column("recorded_at", tables.Instant(), nullable=False),
    sa.Column("recorded_by", sa.String(100), nullable=False),
)

# Pairs of failed checks already acted on, per award, so each pair opens a case once.
spot_check_triggers = sa.Table(
    "spot_check_triggers", METADATA,
    sa.Column("award_id", sa.String(64), primary_key=True),
    sa.Column("second_report", sa.String(100), primary_key=True),
    sa.Column("first_report", sa.String(100), nullable=False),
    sa.Column("case_id", sa.String(64), nullable=True),
    sa.Column("at", tables.Instant(), nullable=False),
)

# Reports from the public after the cycle (Art. 22, 24, 28, 29(5)): misuse of the title, a
# forged certificate or item, a winner's misconduct. Unlike supervision's complaints they never
# end with a cycle. The reporter's identity is confidential: read by the office alone.
public_reports = sa.Table(
    "public_reports", METADATA,
    sa.Column("report_id", sa.String(64), primary_key=True),
    sa.Column("tracking_number", sa.String(32), nullable=False, unique=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("award_id", sa.String(64), nullable=True),
    sa.Column("certificate_number", sa.String(100), nullable=True),
    sa.Column("about", sa.String(200), nullable=True),            # who or what is reported
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("reporter_name", sa.String(100), nullable=True),
    sa.Column("reporter_contact", sa.String(200), nullable=True),
    sa.Column("status", sa.String(16), nullable=False),           # received | case_opened | closed
    sa.Column("filed_at", tables.Instant(), nullable=False),
    sa.Column("triaged_by", sa.String(100), nullable=True),
    sa.Column("triaged_at", tables.Instant(), nullable=True),
    sa.Column("case_id", sa.String(64), nullable=True),
    sa.Column("close_reason", sa.Text, nullable=True),
    # the office's list, a page at a time from where the last one ended (GET /v1/reports?after=)
    sa.Index("ix_public_reports_filed", "filed_at", "report_id"),
)

ALL = [tables.KIT, tables.CYCLES, METADATA]
