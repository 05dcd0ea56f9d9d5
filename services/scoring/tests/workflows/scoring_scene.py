"""The fast rung of scoring (helpers): its workflow modules run on the kit's own unit of work over SQLite
in memory, with a fixed clock and no broker (``award_testing.workflows``). A :class:`Scene` sets
a cycle up the way intake, the office, the leading group and supervision would — through the same
workflows and consumers the service runs — so each test starts where its workflow begins."""
import json
from dataclasses import dataclass
from datetime import datetime

from award_rules.identifiers import credit_code_check_char, organisation_code_check_char
from award_rules.ruleset import canonical_sha256
from award_scoring import agency, assignment, queries, replicas, reviews, stage_flow, tables
from award_shared import events
from award_shared import tables as kit_tables
from award_testing.workflows import received, unit_of_work

CYCLE = "cycle-2019"
AGENCY_STAFF = "agency-zhang"
EXPERTS = ("exp-01", "exp-02", "exp-03", "exp-04")
SCORED = ("material_review", "onsite_review", "defense")


def credit_code(n, prefix="913701"):
    """A valid unified social credit code (GB 32100: both check characters right)."""
    body = f"{n % 10**8:08d}"
    first17 = prefix[:2] + "370100" + body + organisation_code_check_char(body)
    return first17 + credit_code_check_char(first17)


AGENCY_CODE = credit_code(77_000_001)


@dataclass(frozen=True)
class Principal:
    """Who calls, as the HTTP layer would hand it to a workflow."""
    sub: str
    roles: frozenset

    def has(self, *roles):
        return bool(self.roles & set(roles))


OFFICE = Principal("office-li", frozenset({"office"}))
THIRD_PARTY = Principal(AGENCY_STAFF, frozenset({"third_party"}))


def expert(subject):
    return Principal(subject, frozenset({"expert"}))


class Scene:
    """One cycle of scoring, set up step by step; every step is its own transaction."""

    def __init__(self, ruleset):
        self.ruleset = ruleset
        self.tx = unit_of_work("scoring", tables.ALL, now="2019-06-03T09:00:00+08:00")
        self.sequences = {}

    def run(self, workflow, *args, **kw):
        with self.tx:
            return workflow(self.tx, *args, **kw)

    def consume(self, handler, event, **kw):
        """``event`` as scoring receives it from its publisher, applied by ``handler``."""
        subject = event.subject
        self.sequences[subject] = self.sequences.get(subject, 0) + 1
        with self.tx:
            return handler(self.tx, received(event, sequence=self.sequences[subject], **kw))

    # -- the scene --------------------------------------------------------------------------
    def cycle(self):
        """The cycle as the kit's copy holds it once ``cycle.opened`` is consumed (the rule set with it)."""
        with self.tx:
            self.tx.insert_if_absent(
                kit_tables.known_cycles, cycle_id=CYCLE, edition=2019, ruleset_id=self.ruleset["id"],
                ruleset_sha256=canonical_sha256(self.ruleset), ruleset=json.dumps(self.ruleset, ensure_ascii=False),
                schedule=json.dumps({"application": "2019-05-31T17:00:00+08:00"}), status="open",
                opened_at=datetime.fromisoformat("2019-03-01T09:00:00+08:00"), learned_at=self.tx.now())
        return self

    def agency(self):
        self.run(agency.appoint, CYCLE, {"name": "山东示例质量评价中心", "credit_code": AGENCY_CODE,
                                         "staff_subjects": [AGENCY_STAFF]}, OFFICE.sub)
        self.run(agency.approve, CYCLE, {"decision": "领导小组审定委托"}, "leading-group-wang")
        return self

    def group(self):
        self.consume(replicas.record_group, events.GroupAppointed(
            cycle_id=CYCLE, group_id=f"group-{CYCLE}", members={
                "npc_deputy": ["王代表"], "cppcc_member": ["李委员"], "government": ["赵科长"],
                "media": ["钱记者"], "lawyer": ["孙律师"]}))
        return self

    def experts(self, subjects=EXPERTS):
        for n, subject in enumerate(subjects):
            self.run(agency.register_expert, CYCLE, {
                "subject": subject, "name": f"专家{subject}", "affiliation_kind": "university",
                "employer_name": "山东大学", "employer_credit_code": credit_code(900_000 + n, "12"),
                "former_employer_credit_codes": [], "sectors": ["secondary"], "declared_conflicts": []},
                THIRD_PARTY)
        return self

    def submitted(self, application_id, **extra):
        return events.ApplicationSubmitted(**{
            "application_id": application_id, "cycle_id": CYCLE, "kind": "unit",
            "applicant_name": f"申报{application_id}", "credit_code": credit_code(sum(map(ord, application_id))),
            "district": "历下区", "sector": "secondary", "tilt_claims": [],
            "submitted_at": "2019-05-20T10:00:00+08:00", **extra})

    def application(self, application_id):
        """Intake's submission and the district's recommendation (Art. 14)."""
        self.consume(replicas.record_event, self.submitted(application_id))
        self.consume(replicas.record_event, events.ApplicationRecommended(
            application_id=application_id, cycle_id=CYCLE, district="历下区", reviewer="lixia-coordinator",
            opinion="经初审，同意推荐。", tilt_confirmed=[]))
        return self

    def panel(self, application_id):
        return self.run(assignment.assign, application_id, {"mode": "auto"}, THIRD_PARTY)["panel"]

    def stage(self, step, action):
        workflow = stage_flow.open_stage if action == "open" else stage_flow.close_stage
        return self.run(workflow, CYCLE, step, {}, THIRD_PARTY)

    def conditions(self, failed=None):
        """The qualification judgement: every condition of Art. 10 met, but ``failed`` (item, reason)."""
        out = []
        for condition in self.ruleset["eligibility"]["unit"]["conditions"]:
            met = failed is None or condition["item"] != failed[0]
            out.append({"item": condition["item"], "met": met, "reason": "经核查符合" if met else failed[1]})
        return {"conditions": out, "tilts": []}

    def qualify(self, application_id, failed=None):
        return self.run(reviews.record, application_id, "qualification_review", self.conditions(failed), THIRD_PARTY)

    def sheet(self, subject, application_id, step, fraction):
        caps = self.ruleset["review"]["gbt19580"]
        body = {"scores": {k: round(cap * fraction, 2) for k, cap in caps.items()}, "comments": "材料翔实，过程规范。"}
        return self.run(reviews.record, application_id, step, body, expert(subject))

    def scored(self, step, plan):
        """Open ``step``, every panel member scores each application of ``plan`` (id -> fraction), close it."""
        self.stage(step, "open")
        for application_id, fraction in plan.items():
            for subject in self.run(queries.panel, application_id):
                self.sheet(subject, application_id, step, fraction)
        return self.stage(step, "close")

