"""The four review stages of Art. 15 — qualification review (资格审查), material review
(材料评审), on-site review (现场评审), presentation and defense (陈述答辩) — run in that
order, each opened and closed once per cycle by the third party.

Stages are named on the bus and in URLs by their step names (``qualification_review``,
``material_review``, ``onsite_review``, ``defense``); the rule set keys them
``qualification`` / ``material`` / ``onsite`` / ``defense`` and says which are pass/fail
and which are scored.
"""
from award_shared import errors
from award_rules.vocabulary import REVIEW_STAGES

RULESET_KEY = {"qualification_review": "qualification", "material_review": "material",
               "onsite_review": "onsite", "defense": "defense"}
STEP_OF_KEY = {key: step for step, key in RULESET_KEY.items()}
CHINESE = {"qualification_review": "资格审查", "material_review": "材料评审",
           "onsite_review": "现场评审", "defense": "陈述答辩"}
OPEN, CLOSED = "open", "closed"


def stages_of(ruleset):
    """The rule set's stages in order: ``[{"step", "key", "name", "mode"}]`` (Art. 15)."""
    out = []
    for stage in ruleset["review"]["stages"]:
        out.append({"step": STEP_OF_KEY[stage["key"]], "key": stage["key"],
                    "name": stage["name"], "mode": stage["mode"]})
    return out


def stage_of(ruleset, step):
    """One stage of the rule set, or 404 naming the stages it has."""
    for stage in stages_of(ruleset):
        if stage["step"] == step:
            return stage
    known = ", ".join(s["step"] for s in stages_of(ruleset))
    raise errors.NotFound(f"本届评审没有“{step}”环节（第十五条），现有：{known}",
                          f"no review stage {step!r} in this cycle's rule set (Art. 15); it has {known}")


def scored_steps(ruleset):
    return [s["step"] for s in stages_of(ruleset) if s["mode"] == "scored"]


def previous_step(ruleset, step):
    steps = [s["step"] for s in stages_of(ruleset)]
    index = steps.index(step)
    return steps[index - 1] if index else None


def check_can_open(ruleset, step, statuses, *, supervised):
    """Refuse opening ``step`` unless it has never opened and the stage before it closed,
    and — for the first stage — the cycle's supervision group has been appointed
    (``supervised``): 评审过程接受评审监督小组的监督 (Art. 15).

    ``statuses`` maps a step to ``"open"`` / ``"closed"`` (absent: never opened).
    """
    stage_of(ruleset, step)
    name = CHINESE.get(step, step)
    if previous_step(ruleset, step) is None and not supervised:
        raise errors.RuleViolation(
            f"本届评审监督小组尚未聘任，{name}不能开始：评审过程接受评审监督小组的监督（第十五条）",
            f"{step} cannot open before the cycle's supervision group is appointed: the review runs "
            f"under its supervision (Art. 15)", article="Art. 15", code="no_supervision_group")
    if statuses.get(step) is not None:
        raise errors.RuleViolation(
            f"{name}环节已{'开始' if statuses[step] == OPEN else '结束'}，每届只进行一次（第十五条）",
            f"the {step} stage has already {'opened' if statuses[step] == OPEN else 'closed'} "
            f"this cycle (Art. 15)", article="Art. 15", code="stage_state")
    before = previous_step(ruleset, step)
    if before is not None and statuses.get(before) != CLOSED:
        raise errors.RuleViolation(
            f"{CHINESE.get(before, before)}尚未结束，{name}不能开始：评审按资格审查、材料评审、"
            f"现场评审、陈述答辩的顺序进行（第十五条）",
            f"{step} cannot open before {before} has closed: the stages of Art. 15 run in order",
            article="Art. 15", code="stage_order")


def check_can_close(step, statuses):
    if statuses.get(step) != OPEN:
        state = "已结束" if statuses.get(step) == CLOSED else "尚未开始"
        raise errors.RuleViolation(
            f"{CHINESE.get(step, step)}环节{state}，不能结束（第十五条）",
            f"the {step} stage is {'already closed' if statuses.get(step) == CLOSED else 'not open'} "
            f"(Art. 15)", article="Art. 15", code="stage_state")


def check_review_window(step, status):
    """A review or decision is recorded only while its stage is open (Art. 15)."""
    if status == OPEN:
        return
    if status == CLOSED:
        raise errors.RuleViolation(
            f"{CHINESE.get(step, step)}环节已结束，不再接受评审记录（第十五条）",
            f"the {step} stage is closed: no review can be recorded after it (Art. 15)",
            article="Art. 15", code="stage_closed")
    raise errors.RuleViolation(
        f"{CHINESE.get(step, step)}环节尚未开始（第十五条）",
        f"the {step} stage has not opened yet (Art. 15)", article="Art. 15", code="stage_not_open")


def check_all_closed(ruleset, statuses):
    """The office proposes the candidate list from the results of every stage (Art. 16):
    refuse while any stage of the rule set is still open or has not been held."""
    for stage in stages_of(ruleset):
        status = statuses.get(stage["step"])
        if status != CLOSED:
            state = "仍在进行" if status == OPEN else "尚未进行"
            raise errors.RuleViolation(
                f"{CHINESE.get(stage['step'], stage['step'])}环节{state}，评审结束后方可提出候选名单（第十六条）",
                f"the {stage['step']} stage is {'still open' if status == OPEN else 'not held yet'}: "
                f"the candidate list follows the review (Art. 16)",
                article="Art. 16", code="stage_open", fields={"stage": stage["step"]})


def is_review_stage(step):
    return step in REVIEW_STAGES
