"""Events of the suite: one class per event type, declared once on its payload
(:mod:`award_shared.events.declare`), and the CloudEvents envelope they travel in.

``from award_shared import events`` then ``events.AwardRevoked(...)`` to publish one and
``@consume(events.AwardRevoked)`` to receive one; ``CLASSES`` maps each routing key to its class.
"""
from award_shared.events.declare import Event
from award_shared.events.payloads_holds import HoldApplied, HoldPlaced, HoldReleased
from award_shared.events.payloads_intake import (
    ApplicationRecommended, ApplicationSubmitted, ApplicationWithdrawn, CycleClosed, CycleOpened, CycleStepClosed,
    CycleStepOpened, NoticePublished)
from award_shared.events.payloads_publicity import (
    AwardApproved, AwardGranted, DeliberationDecided, NoticeClosed, NoticeOpened, ObjectionReceived,
    ObjectionResolved)
from award_shared.events.payloads_revocation import AwardRevoked, RecoveryCompleted
from award_shared.events.payloads_scoring import (
    AgencyAppointed, ApplicationIneligible, CandidatesProposed, PanelAssigned, ReviewStageCompleted)
from award_shared.events.payloads_supervision import (
    ExpertDisqualified, FindingRecorded, GroupAppointed, GroupDissolved, OpinionRecorded, StaffDisqualified)

__all__ = [
    "Event", "CLASSES",
    "AgencyAppointed", "ApplicationIneligible", "ApplicationRecommended", "ApplicationSubmitted",
    "ApplicationWithdrawn", "AwardApproved", "AwardGranted", "AwardRevoked", "CandidatesProposed", "CycleClosed",
    "CycleOpened", "CycleStepClosed", "CycleStepOpened", "DeliberationDecided", "ExpertDisqualified",
    "FindingRecorded", "GroupAppointed", "GroupDissolved", "HoldApplied", "HoldPlaced", "HoldReleased",
    "NoticeClosed", "NoticeOpened", "NoticePublished", "ObjectionReceived", "ObjectionResolved", "OpinionRecorded",
    "PanelAssigned", "RecoveryCompleted", "ReviewStageCompleted", "StaffDisqualified",
]

#: Routing key -> its event class, for every declared type.
CLASSES = {cls.type: cls for cls in (globals()[name] for name in __all__[2:])}
