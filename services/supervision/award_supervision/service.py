"""The supervision service: a table of entrypoints; the rules live in plain modules beside it
(rotation.py, acting.py, halting.py) and the records in group.py, complaints.py,
findings.py, halts.py and reports.py."""
from award_shared.consumer import consume
from award_shared.cycles import CycleReplica
from award_shared.http import api
from award_shared.service import KitService
from award_shared.timers import every

from . import access, complaints, effects, findings, group, halts, reports
from .schemas import (ApproveGroupSchema, ComplaintResultSchema, ComplaintSchema, FindingSchema, OpinionSchema,
                      ProposeGroupSchema, ReleaseApprovalSchema, ReleaseSchema, TriageSchema)

READERS = ("supervisor", "office", "leading_group", "operator")


class SupervisionService(CycleReplica, KitService):
    name = "supervision"

    # -- the group (Art. 9) ------------------------------------------------------------------
    def cycle_closed(self, tx, event):
        """The cycle closed: its supervision group is dissolved (Art. 9)."""
        super().cycle_closed(tx, event)
        group.dissolve(tx, event.data["cycle_id"])

    @api("POST", "/v1/cycles/<cycle_id>/group", roles=("office",), body=ProposeGroupSchema(), status=201)
    def propose_group(self, call, cycle_id):
        """The office proposes the cycle's supervision group: five kinds, ⌈1/3⌉ rotated (Art. 9)."""
        with self.uow as tx:
            return group.propose(tx, cycle_id, call.body, call.actor)

    @api("POST", "/v1/cycles/<cycle_id>/group/approve", roles=("leading_group",), body=ApproveGroupSchema())
    def approve_group(self, call, cycle_id):
        """The leading group approves the proposal; publishes ``supervision.group_appointed`` (Art. 9)."""
        with self.uow as tx:
            return group.approve(tx, cycle_id, call.body, call.actor)

    @api("GET", "/v1/cycles/<cycle_id>/group", roles=READERS)
    def get_group(self, call, cycle_id):
        """The cycle's group, sitting or proposed, with its rotation against the previous one (Art. 9)."""
        with self.uow as tx:
            access.check_visible(tx.session, call.principal, cycle_id)
            return group.current_view(tx.session, cycle_id)

    # -- complaints and reports (Art. 9(3), 26) ------------------------------------------------
    @api("POST", "/public/v1/complaints", public=True, body=ComplaintSchema(), status=201)
    def file_complaint(self, call):
        """Anyone files a complaint or report and gets a tracking number (Art. 9(3))."""
        with self.uow as tx:
            return complaints.file(tx, call.body)

    @api("GET", "/public/v1/complaints/<tracking_number>", public=True)
    def complaint_status(self, call, tracking_number):
        """The status of a complaint, by its tracking number; nothing else."""
        with self.uow as tx:
            return complaints.public_status(tx.session, tracking_number)

    @api("GET", "/v1/complaints", roles=("supervisor", "leading_group", "operator"))
    def list_complaints(self, call):
        """Complaints of the caller's cycles; the complainant is shown to the group alone."""
        with self.uow as tx:
            cycles = access.visible_cycles(tx.session, call.principal)
            rows = complaints.list_complaints(tx.session, cycles, call.query.get("cycle_id"))
            return {"complaints": [complaints.view(r, access.sees_complainant(
                tx.session, call.principal, r["cycle_id"])) for r in rows]}

    @api("GET", "/v1/complaints/<complaint_id>", roles=("supervisor", "leading_group", "operator"))
    def get_complaint(self, call, complaint_id):
        """One complaint; the complainant is shown to the group alone, and each look is audited."""
        with self.uow as tx:
            row = complaints.get(tx.session, complaint_id)
            access.check_visible(tx.session, call.principal, row["cycle_id"])
            identity = access.sees_complainant(tx.session, call.principal, row["cycle_id"])
            if identity:
                tx.audit("complaint.read_complainant", target=complaint_id)
            return complaints.view(row, identity)

    @api("POST", "/v1/complaints/<complaint_id>/triage", roles=("supervisor",), body=TriageSchema())
    def triage_complaint(self, call, complaint_id):
        """A member of the group takes the complaint up or declines it, with the reason (Art. 9(3))."""
        with self.uow as tx:
            access.require_supervisor(tx.session, call.principal, complaints.cycle_of(tx.session, complaint_id))
            return complaints.triage(tx, complaint_id, call.body, call.actor)

    @api("POST", "/v1/complaints/<complaint_id>/result", roles=("supervisor",), body=ComplaintResultSchema())
    def complaint_result(self, call, complaint_id):
        """The handling result, reported to the leading group (Art. 9(3))."""
        with self.uow as tx:
            access.require_supervisor(tx.session, call.principal, complaints.cycle_of(tx.session, complaint_id))
            finding = call.body.get("finding_id")
            return complaints.record_result(tx, complaint_id, call.body, call.actor,
                                            findings.cycle_of(tx.session, finding) if finding else None)

    @api("GET", "/v1/reports", roles=("leading_group", "supervisor", "operator"))
    def list_reports(self, call):
        """What the group reported to the leading group (Art. 9(2)(3), 26, 27)."""
        with self.uow as tx:
            cycles = access.visible_cycles(tx.session, call.principal)
            return {"reports": reports.list_reports(tx.session, cycles, call.query.get("cycle_id"))}

    # -- findings and opinions (Art. 9, 16, 26, 27) ----------------------------------------------
    @api("POST", "/v1/findings", roles=("supervisor",), body=FindingSchema(), status=201)
    def record_finding(self, call):
        """A member of the group records a finding; it may halt a step (Art. 9, 26, 27)."""
        with self.uow as tx:
            access.require_supervisor(tx.session, call.principal, call.body["cycle_id"])
            return findings.record(tx, call.body, call.actor)

    @api("GET", "/v1/findings", roles=READERS)
    def list_findings(self, call):
        """Findings of the caller's cycles."""
        with self.uow as tx:
            cycles = access.visible_cycles(tx.session, call.principal)
            return {"findings": findings.list_findings(tx.session, cycles, call.query.get("cycle_id"))}

    @api("GET", "/v1/findings/<finding_id>", roles=READERS)
    def get_finding(self, call, finding_id):
        """One finding, with the hold it placed and where that hold took effect."""
        with self.uow as tx:
            access.check_visible(tx.session, call.principal, findings.cycle_of(tx.session, finding_id))
            return findings.view(tx.session, finding_id)

    @api("POST", "/v1/opinions", roles=("supervisor",), body=OpinionSchema(), status=201)
    def record_opinion(self, call):
        """A supervision opinion on an application; publishes ``opinion.recorded`` (Art. 16)."""
        with self.uow as tx:
            access.require_supervisor(tx.session, call.principal, call.body["cycle_id"])
            return findings.record_opinion(tx, call.body, call.actor)

    @api("GET", "/v1/opinions", roles=READERS)
    def list_opinions(self, call):
        """Opinions of the caller's cycles (Art. 16)."""
        with self.uow as tx:
            cycles = access.visible_cycles(tx.session, call.principal)
            return {"opinions": findings.list_opinions(tx.session, cycles, call.query.get("cycle_id"))}

    # -- holds (domain.md, "Halting a step") ---------------------------------------------------
    @api("POST", "/v1/holds/<hold_id>/release", roles=("supervisor", "office"), body=ReleaseSchema())
    def release_hold(self, call, hold_id):
        """Lift a hold, finally: by the group; by the office once the group is dissolved,
        with the leading group's approval recorded (Art. 9)."""
        with self.uow as tx:
            return halts.release(tx, hold_id, call.principal, call.body["reason"])

    @api("POST", "/v1/cycles/<cycle_id>/group/release-approval", roles=("leading_group",),
         body=ReleaseApprovalSchema(), status=201)
    def approve_release(self, call, cycle_id):
        """The leading group approves releasing the dissolved group's holds (Art. 9)."""
        with self.uow as tx:
            return halts.approve_release(tx, cycle_id, call.body, call.actor)

    @api("POST", "/v1/cycles/<cycle_id>/holds/release", roles=("office",), body=ReleaseSchema())
    def release_remaining_holds(self, call, cycle_id):
        """The office releases every hold the dissolved group left, under the approval (Art. 9)."""
        with self.uow as tx:
            return halts.release_remaining(tx, cycle_id, call.principal, call.body["reason"])

    @api("GET", "/v1/holds", roles=READERS)
    def list_supervision_holds(self, call):
        """Holds of the caller's cycles, each with where and when it took effect."""
        with self.uow as tx:
            cycles = access.visible_cycles(tx.session, call.principal)
            return {"holds": halts.list_holds(tx.session, cycles, call.query.get("cycle_id"),
                                              call.query.get("status"))}

    @api("GET", "/v1/holds/<hold_id>", roles=READERS)
    def get_hold(self, call, hold_id):
        """One hold: who placed it, why, under which article, and where it took effect."""
        with self.uow as tx:
            access.check_visible(tx.session, call.principal, halts.cycle_of(tx.session, hold_id))
            return halts.hold_view(tx.session, hold_id)

    @api("GET", "/v1/holds/<hold_id>/effects", roles=READERS)
    def hold_effects(self, call, hold_id):
        """Where and when a hold took effect, per step owner."""
        with self.uow as tx:
            access.check_visible(tx.session, call.principal, halts.cycle_of(tx.session, hold_id))
            return {"hold_id": hold_id, "effects": effects.effects_of(tx, hold_id)}

    @api("GET", "/admin/v1/holds", roles=READERS, summary="holds known to this service")
    def list_holds(self, call):
        """The kit's holds listing, narrowed to a supervisor's own cycles."""
        with self.uow as tx:
            cycles = access.visible_cycles(tx.session, call.principal)
            return {"holds": halts.list_holds(tx.session, cycles)}

    @every("PERSONAL_DATA_TIMER_SECONDS", default=3600)
    def erase_personal_data(self):
        """Complainants' identities are erased once the retention after their cycle ends (Art. 9)."""
        with self.uow as tx:
            complaints.erase_personal_data(tx, float(self.uow.config.get("COMPLAINANT_DATA_RETENTION_DAYS", 365)))

    @consume("hold.applied")
    def on_hold_applied(self, event):
        """A step owner enforced a hold: record where and when (domain.md, "Halting a step")."""
        return self.uow.apply(event, effects.record_applied)
