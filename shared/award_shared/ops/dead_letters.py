"""Dead letters: events this service could not apply, listed, replayed through the inbox or
set aside, each with the reason audited."""
from kombu import Connection, Producer
from marshmallow import Schema, fields, validate

from award_shared import errors
from award_shared.bus.tls import amqp_ssl
from award_shared.bus.topology import inbox_queue_name, replay_exchange_name
from award_shared.events import envelope
from award_shared.ops import answers
from award_shared.ops.runtime import MAX_ROW_ID, OPS, ReplaySchema, id_after
from award_shared.store import kit_records
from award_shared.web import paging
from award_shared.web.http import api


class LetterPath(Schema):
    letter_id = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ROW_ID))


class LettersQuery(Schema):
    status = fields.String(load_default="pending",
                           validate=validate.OneOf(["pending", "replayed", "discarded", "all"]))
    after = id_after("dead letter")
    limit = paging.limit_field("dead letters")


class DeadLetterRoutes:
    @api("GET", "/admin/v1/dead-letters", roles=OPS, query=LettersQuery(),
         answer=answers.DeadLettersAnswer(),
         summary="The events this service could not apply, a page at a time (运维).")
    def list_dead_letters(self, tx, call):
        query, key = kit_records.letter_list(call.query["status"])
        found = paging.page(tx, query, key, call.query["after"], call.query["limit"])
        return {"dead_letters": [_letter(r) for r in found.rows], "next": found.next}

    @api("POST", "/admin/v1/dead-letters/<letter_id>/replay", roles=OPS, body=ReplaySchema(), path=LetterPath(),
         answer=answers.LetterAnswer(),
         summary="Send a dead letter through the inbox again (运维).")
    def replay_dead_letter(self, tx, call, letter_id):
        row = _get_letter(tx, letter_id)
        if row["status"] != "pending":
            raise errors.Conflict(f"死信 {letter_id} 已处理（{row['status']}）",
                                  f"dead letter {letter_id} is already {row['status']}")
        _republish(self.runtime.config, self.name, row)
        kit_records.mark_letter(tx.session, letter_id, status="replayed", replay_count=row["replay_count"] + 1,
                                last_replay_at=tx.now())
        tx.audit("dead_letter.replay", target=str(letter_id), reason=call.body.get("reason"))
        return {"id": letter_id, "status": "replayed"}

    @api("POST", "/admin/v1/dead-letters/<letter_id>/discard", roles=OPS, body=ReplaySchema(), path=LetterPath(),
         answer=answers.LetterAnswer(),
         summary="Set a dead letter aside, with the reason (运维).")
    def discard_dead_letter(self, tx, call, letter_id):
        _get_letter(tx, letter_id)
        kit_records.mark_letter(tx.session, letter_id, status="discarded")
        tx.audit("dead_letter.discard", target=str(letter_id), reason=call.body.get("reason"))
        return {"id": letter_id, "status": "discarded"}


def _letter(row):
    out = {k: row[k] for k in row.keys() if k != "body"}
    out["body"] = bytes(row["body"]).decode("utf-8", errors="replace")
    return out


def _get_letter(tx, letter_id):
    row = kit_records.letter(tx.session, letter_id)
    if row is None:
        raise errors.NotFound(f"没有编号为 {letter_id} 的死信", f"no dead letter {letter_id}")
    return row


def _republish(config, service, row):
    """Put the stored bytes back on this service's own inbox, confirmed by the broker, through
    the service's replay exchange: its broker user may write there, not to the default
    exchange (which reaches every queue)."""
    with Connection(config["AMQP_URI"], connect_timeout=5, ssl=amqp_ssl(config),
                    transport_options={"confirm_publish": True}) as conn:
        Producer(conn.default_channel).publish(
            bytes(row["body"]), exchange=replay_exchange_name(service), routing_key=inbox_queue_name(service),
            content_type=envelope.CONTENT_TYPE, content_encoding=envelope.CONTENT_ENCODING, delivery_mode=2,
            headers={"x-award-replay-of": row["id"]})
