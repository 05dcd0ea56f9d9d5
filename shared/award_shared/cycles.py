"""Each service's own copy of the cycles (届) it has heard of, fed by ``cycle.opened`` and
``cycle.closed``. The copy carries the full rule set the cycle is bound to, so no service
but intake ever needs the rule-set file (contract.md).

Through the front door (``from award_shared import cycles``) a service also reaches who sits on
which cycle (``cycles.sits``) and records the rosters it publishes itself (``cycles.record_agency``
…; :mod:`award_shared.web.cycle_access` holds the rule); a hot route that folds Art. 27's write
refusal into a read of its own reads ``cycles.cycle_rosters`` (role ``cycles.DISQUALIFIED``) and
asks ``call.refuse_disqualified_writer(rows)`` (``cycles.refuse_disqualified`` outside a call)."""
import json

import sqlalchemy as sa
from marshmallow import Schema, fields

from award_shared import events
from award_shared.bus.consumer import consume
from award_shared.store.db import Instant
from award_shared.store.driver import insert_if_absent
from award_shared.store.prepared import Prepared
from award_shared.store.rows import one_or_404, session_of
from award_shared.web import cycle_access
from award_shared.store.db import cycle_rosters  # noqa: F401 - read in a service's own statement (DISQUALIFIED)
from award_shared.web.cycle_access import (  # noqa: F401 - a service's own roster, through the front door
    DISQUALIFIED, record_agency, record_closed, record_disqualified, record_group, record_group_dissolved,
    refuse_disqualified, sits)
from award_shared.web.http import api

CYCLES = sa.MetaData()

known_cycles = sa.Table(
    "known_cycles", CYCLES,
    sa.Column("cycle_id", sa.String(64), primary_key=True),
    sa.Column("edition", sa.Integer, nullable=False),
    sa.Column("ruleset_id", sa.String(64), nullable=False),
    sa.Column("ruleset_sha256", sa.String(64), nullable=False),
    sa.Column("ruleset", sa.Text, nullable=False),
    sa.Column("schedule", sa.Text, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),  # open | closed
    sa.Column("opened_at", Instant(), nullable=True),
    sa.Column("closed_at", Instant(), nullable=True),
    sa.Column("learned_at", Instant(), nullable=False),
)


def record_opened(tx, event):
    data = event.data
    insert_if_absent(
        tx.session, known_cycles, cycle_id=data["cycle_id"], edition=data["edition"], ruleset_id=data["ruleset_id"],
        ruleset_sha256=data["ruleset_sha256"], ruleset=json.dumps(data["ruleset"], ensure_ascii=False),
        schedule=json.dumps(data.get("schedule") or {}, ensure_ascii=False), status="open",
        opened_at=event.time, learned_at=tx.now())


def _learn_closed(tx, event):
    tx.session.execute(known_cycles.update().where(known_cycles.c.cycle_id == event.data["cycle_id"])
                       .values(status="closed", closed_at=event.time))


def cycle_view(row, with_ruleset=False):
    out = {"cycle_id": row["cycle_id"], "edition": row["edition"], "ruleset_id": row["ruleset_id"],
           "ruleset_sha256": row["ruleset_sha256"], "status": row["status"],
           "schedule": json.loads(row["schedule"]), "opened_at": row["opened_at"],
           "closed_at": row["closed_at"]}
    if with_ruleset:
        out["ruleset"] = json.loads(row["ruleset"])
    return out


_CYCLE = Prepared(sa.select(known_cycles).where(known_cycles.c.cycle_id == sa.bindparam("cycle_id")))


def load_cycle(session, cycle_id):
    """The cycle's row, its rule set as JSON text (``session``: a ``tx`` or its session), or 404."""
    return one_or_404(session_of(session), _CYCLE, f"未知的评审届次：{cycle_id}", f"unknown cycle {cycle_id}",
                      params={"cycle_id": cycle_id})


class Cycle(Schema):
    """A cycle of the award as this service knows it (its rule set's id and digest, its schedule)."""
    cycle_id = fields.String(required=True)
    edition = fields.Integer(required=True)
    ruleset_id = fields.String(required=True)
    ruleset_sha256 = fields.String(required=True)
    status = fields.String(required=True)
    schedule = fields.Dict(required=True)
    opened_at = fields.AwareDateTime(required=True, allow_none=True)
    closed_at = fields.AwareDateTime(required=True, allow_none=True)


class CycleWithRules(Cycle):
    """A cycle with its whole rule set (Art. 31)."""
    ruleset = fields.Dict(required=True)


class CyclesAnswer(Schema):
    """The cycles this service knows, by edition."""
    cycles = fields.List(fields.Nested(Cycle), required=True)
    example = {"cycles": []}


class CycleReplica:
    """Mixin for the services that follow intake's cycles."""

    @consume(events.CycleOpened, sources=("intake",))
    def on_cycle_opened(self, tx, event):
        """Learn a new cycle and its rule set (Art. 2, 31)."""
        record_opened(tx, event)

    @consume(events.CycleClosed, sources=("intake",))
    def on_cycle_closed(self, tx, event):
        """The office closed the cycle after publication."""
        self.cycle_closed(tx, event)

    def cycle_closed(self, tx, event):
        _learn_closed(tx, event)
        record_closed(tx, event.data["cycle_id"])  # the roster: the agency's staff read the cycle no more

    @api("GET", "/v1/cycles", answer=CyclesAnswer(), summary="The cycles this service knows, by edition, one every two years (Art. 2).")
    def list_cycles(self, tx, call):
        rows = tx.session.execute(sa.select(known_cycles).order_by(known_cycles.c.edition)).mappings().all()
        return {"cycles": [cycle_view(r) for r in rows]}

    @api("GET", "/v1/cycles/<cycle_id>", answer=CycleWithRules(),
         summary="One cycle, with its rule set (Art. 31).")
    def get_cycle(self, tx, call, cycle_id):
        return cycle_view(load_cycle(tx.session, cycle_id), with_ruleset=True)


# -- who is appointed to which cycle (award_shared.web.cycle_access) -----------------------------

def recorded_by_the_publisher(self, tx, event):
    """Not an entrypoint: the service that publishes this event records its own roster in the
    publishing transaction (``record_agency`` … beside ``tx.publish``), so it neither waits for
    nor binds its own echo — and a restore of it asks no replay of itself."""
    raise AssertionError("a service does not consume its own roster events")


class CycleRosters:
    """Mixin (in KitService): every service learns who is appointed to which cycle. A service
    that must do more with one of these events overrides the hook (``agency_appointed``, …);
    the publisher of one assigns :func:`recorded_by_the_publisher` to its consumer's name."""

    @consume(events.AgencyAppointed, sources=("scoring",))
    def on_agency_appointed(self, tx, event):
        """The entrusted agency's staff read this cycle as third party (Art. 7 LG(3), 25)."""
        cycle_access.record_agency(tx, event.data, event.sequence)
        self.agency_appointed(tx, event)

    @consume(events.GroupAppointed, sources=("supervision",))
    def on_group_appointed(self, tx, event):
        """The cycle's supervision group: its members read this cycle as supervisors (Art. 9)."""
        cycle_access.record_group(tx, event.data, event.sequence)
        self.group_appointed(tx, event)

    @consume(events.GroupDissolved, sources=("supervision",))
    def on_group_dissolved(self, tx, event):
        """The group is dissolved with its cycle: its members read it no more (Art. 9)."""
        cycle_access.record_group_dissolved(tx, event.data, event.sequence)
        self.group_dissolved(tx, event)

    @consume(events.StaffDisqualified, sources=("supervision",))
    def on_staff_disqualified(self, tx, event):
        """A member of the review staff is disqualified: they read nothing of the cycle (Art. 27)."""
        cycle_access.record_disqualified(tx, event.data)

    def agency_appointed(self, tx, event):
        """Hook: what else this service does when the agency is appointed."""

    def group_appointed(self, tx, event):
        """Hook: what else this service does when the group is appointed."""

    def group_dissolved(self, tx, event):
        """Hook: what else this service does when the group is dissolved."""
