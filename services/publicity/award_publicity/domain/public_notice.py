"""The public notice (公示, Art. 17) as a state machine: published ``open``, ``closed`` by the
business clock once its window has ended — never while the window is provisional.

The office publishes the adopted names (``publish``); while the notice is open, loading the
official calendar of a year its window reaches recomputes the end (``recompute``: it stays
open, no longer provisional once every year is known); the timer closes it when the business
clock passes the end (``close``). An objection is taken only while the notice is open and
``start <= now < end``. The README draws this table; a test keeps the drawing honest.
"""
from dataclasses import dataclass

from award_shared import errors

OPEN, CLOSED = "open", "closed"
STATES = (OPEN, CLOSED)
#: the state a notice is published in (the drawing's ``[*] --> open``)
INITIAL = OPEN
FINAL_STATES = frozenset({CLOSED})


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple   # the states it may start from
    target: str      # the state it leads to
    by: str          # who takes it: a role, or the business clock's timer
    label: str       # as the office would say it


TRANSITIONS = (
    Transition("recompute", (OPEN,), OPEN, "operator", "载入法定节假日安排，重算公示期"),
    Transition("close", (OPEN,), CLOSED, "clock", "公示期满，公示结束"),
)
BY_NAME = {t.name: t for t in TRANSITIONS}


def advance(state, name):
    """The notice's state after ``name``; ``errors.RuleViolation`` (409, Art. 17) if the
    notice's state does not allow it (a closed notice is never reopened nor recomputed)."""
    transition = BY_NAME[name]
    if state not in transition.sources:
        need = " or ".join(transition.sources)
        raise errors.RuleViolation(
            f"公示已结束（{state}），不能再“{transition.label}”（第十七条）",
            f"the public notice is {state}; {name} needs it {need} (Art. 17)",
            article="Art. 17", code="out_of_order", fields={"status": state, "needs": list(transition.sources)})
    return transition.target


def window_open(now, window_start, window_end):
    """Art. 17: an objection is taken while the notice is open, ``start <= now < end``."""
    return window_start <= now < window_end


def takes_objections(notice, now):
    """Is ``notice`` (a mapping with status, window_start, window_end) open to objections now?"""
    return notice["status"] == OPEN and window_open(now, notice["window_start"], notice["window_end"])


def refuse_late_objection(notice, complaint_route):
    """An objection after the window: 409 ``notice_closed`` (Art. 17), pointing to the
    supervision group's complaint route."""
    end = notice["window_end"].isoformat()
    raise errors.RuleViolation(
        f"公示期已于 {end} 结束，不再受理异议（第十七条）；"
        f"如需反映问题，请向评审监督小组投诉：{complaint_route}",
        f"the public notice closed at {end}; objections are no longer taken "
        f"(Art. 17). Complaints go to the supervision group: {complaint_route}",
        article="Art. 17", code="notice_closed", fields={"complaint_route": complaint_route})


def is_due(notice, now):
    """The timer closes an open notice whose window has ended — never a provisional one, whose
    end waits for the year's official calendar."""
    return notice["status"] == OPEN and not notice["provisional"] and notice["window_end"] <= now
