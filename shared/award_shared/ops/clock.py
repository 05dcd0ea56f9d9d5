"""The business clock: read it, and move a fixed or simulated one (demonstrations, replays)."""
from marshmallow import Schema, fields, validate

from award_rules.clock import ClockError, ClockRangeError
from award_shared import errors
from award_shared.clock_provider import move_record
from award_shared.events.fields import optional, text_field
from award_shared.ops import answers
from award_shared.ops.runtime import OPS
from award_shared.web.http import api


class ClockSchema(Schema):
    example = {"at": "2019-06-01T09:00:00+08:00", "reason": "演示：拨到申报截止后"}
    at = fields.String(required=True, validate=validate.Length(min=1, max=64), metadata={
        "description": "an ISO 8601 instant with its offset, within the service's CLOCK_MIN .. CLOCK_MAX"})
    reason = optional(text_field, "why (kept in the audit log)", max_length=2000)


class ClockRoutes:
    @api("GET", "/admin/v1/clock", roles=OPS, answer=answers.ClockAnswer(),
         summary="The business clock: its mode and the time it says (运维).", transaction=False)
    def get_clock(self, call):
        return self.clock.describe()

    @api("POST", "/admin/v1/clock", roles=OPS, body=ClockSchema(),
         answer=answers.ClockAnswer(),
         summary="Move a fixed or simulated business clock, for demonstrations and replays (运维).")
    def set_clock(self, tx, call):
        try:
            self.clock.set(call.body["at"])
        except ClockRangeError as exc:
            raise errors.Invalid({"at": [str(exc)]}) from None
        except ClockError as exc:
            raise errors.Conflict(f"业务时钟不可调整：{exc}", str(exc)) from None
        tx.audit("clock.set", target=call.body["at"], reason=call.body.get("reason"),
                 detail=move_record(self.runtime.config, self.clock))
        return self.clock.describe()
