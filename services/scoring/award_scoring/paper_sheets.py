"""The agency records the paper score sheets a panel signed, all at once (Art. 8, 15, 25).

One request holds one application's sheets at one stage, one per expert of its panel; one
transaction records them all or none. Each is recorded as the expert's own sheet would be
(``reviewer`` the expert, counted and aggregated alike, no event of its own, as the expert's own
route publishes none), and says it was transcribed: by whom (the agency's staff account) and
from which paper (``paper_reference``); the audit records each. A sheet already on record is
never overwritten. The rules: :mod:`award_scoring.domain.paper_sheets`.
"""
from award_shared import errors

from . import queries, reviews
from .domain import confidentiality
from .domain import paper_sheets as rules
from .domain import stages as stage_rules


def transcribe(tx, application_id, step, body, principal):
    """Record a panel's paper sheets of ``step`` for one application, all or nothing."""
    app = queries.application(tx, application_id, lock=True)
    state = queries.sheet_state(tx, app, step)  # read once the application is locked, as the expert's sheet
    ruleset = state["ruleset"]
    confidentiality.check_agency_staff(principal.roles, principal.sub, queries.agency(tx, app["cycle_id"]))
    stage = stage_rules.stage_of(ruleset, step)
    if stage["mode"] != "scored":
        raise errors.Conflict(f"{stage_rules.CHINESE.get(step, step)}没有评分表，结论由第三方机构作出（第十五条）",
                              f"{step} takes no score sheets: the third party decides it (Art. 15)",
                              article="Art. 15", code="not_scored")
    rules.check_allowed(ruleset, step)
    reviews.check_stage(app, ruleset, step, state)
    sheets = body["sheets"]
    rules.check_distinct(sheets)
    totals = []
    for index, sheet in enumerate(sheets):
        with rules.naming(index, sheet["expert"]):
            reviews.check_seat(app, state, sheet["expert"])
            totals.append(reviews.check_sheet(app, ruleset, sheet))
            current = reviews.current_sheet(state, sheet["expert"])
            if current is not None:
                raise rules.already_recorded(sheet["expert"], current)
    recorded = []
    for sheet, total in zip(sheets, totals):
        review_id = reviews.insert_transcribed(tx, app, step, sheet, total, principal.sub)
        tx.audit("review.transcribe", target=application_id, reason=body.get("reason"),
                 detail={"stage": step, "review_id": review_id, "expert": sheet["expert"], "total": total,
                         "paper_reference": sheet["paper_reference"]})
        recorded.append({"review_id": review_id, "reviewer": sheet["expert"], "total": total,
                         "paper_reference": sheet["paper_reference"]})
    return {"application_id": application_id, "stage": step, "transcribed_by": principal.sub,
            "recorded_at": tx.now(), "sheets": recorded}
