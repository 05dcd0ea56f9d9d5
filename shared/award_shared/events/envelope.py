"""The CloudEvents 1.0 structured envelope of contract.md, built and checked in one place.

Every event on the bus is one JSON object in this shape; ``id`` is the consumer's
de-duplication key and ``sequence`` rises per (``source``, ``subject``).
"""
import json
import os
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from award_shared.events import fastload
from award_shared.limits import LimitError, Limits, load_json

SPECVERSION = "1.0"
SOURCE_PREFIX = "/jinan-quality-award/"
DATASCHEMA_PREFIX = "urn:jinan-quality-award:"
TYPE_PATTERN = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*$")
SOURCE_PATTERN = re.compile(r"^/jinan-quality-award/[a-z]+$")
DATASCHEMA_PATTERN = re.compile(r"^urn:jinan-quality-award:[a-z_.]+:\d+$")
#: The AMQP properties of every message that carries an envelope, whoever sends it (the relay,
#: a replay, a dead letter put back; docs/contract.md, Events). CloudEvents' structured content
#: mode: ``content_type`` is the media type of the event format, the JSON format's
#: ``application/cloudevents+json`` (JSON format 1.0, section 3). No ``charset`` parameter:
#: AMQP 0-9-1 carries the charset in its own ``content_encoding``, and kombu matches a content
#: type as a whole string, so ``...; charset=utf-8`` would escape the one-line registration a
#: kombu or nameko bureau makes (docs/bureaus.md, "The content type").
CONTENT_TYPE = "application/cloudevents+json"
CONTENT_ENCODING = "utf-8"


def source_of(service):
    return SOURCE_PREFIX + service


def dataschema_of(event_type, version=1):
    return f"{DATASCHEMA_PREFIX}{event_type}:{version}"


class EnvelopeSchema(Schema):
    """The envelope itself; ``data`` is checked separately against its type's schema."""

    class Meta:
        unknown = EXCLUDE  # other CloudEvents extensions are tolerated, not trusted

    specversion = fields.String(required=True, validate=validate.Equal(SPECVERSION))
    id = fields.UUID(required=True)
    source = fields.String(required=True, validate=validate.Regexp(SOURCE_PATTERN))
    type = fields.String(required=True, validate=validate.Regexp(TYPE_PATTERN))
    time = fields.AwareDateTime(required=True)
    subject = fields.String(required=True, validate=validate.Length(min=1, max=200))
    dataschema = fields.String(required=True, validate=validate.Regexp(DATASCHEMA_PATTERN))
    datacontenttype = fields.String(required=True, validate=validate.Equal("application/json"))
    cycleid = fields.String(required=True, allow_none=True)
    sequence = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    data = fields.Dict(required=True)


_ENVELOPE = EnvelopeSchema()  # building a schema costs more than loading with it


@dataclass(frozen=True)
class Event:
    """A decoded, validated event as handlers see it."""
    id: str
    type: str
    source: str
    subject: str
    time: datetime
    cycle_id: str | None
    sequence: int
    data: dict
    dataschema: str = ""
    raw: dict = field(default=None, repr=False, compare=False)

    @property
    def source_service(self):
        return self.source[len(SOURCE_PREFIX):]


def uuid7(now_ns=None):
    """A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits.

    Event ids that rise with time make every consumer's inbox index grow at one end: with
    random (version 4) ids each consumed event dirtied its own index page, and a batch's
    commit wrote a page per event.
    """
    ms = (time.time_ns() if now_ns is None else now_ns) // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = ((ms & 0xFFFF_FFFF_FFFF) << 80) | (0x7 << 76) | (((rand >> 62) & 0xFFF) << 64) \
        | (0b10 << 62) | (rand & 0x3FFF_FFFF_FFFF_FFFF)
    return uuid.UUID(int=value)


def build(*, service, event_type, subject, data, cycle_id, sequence, version=1, event_id=None, time=None):
    """A new envelope as a plain dict, ready to be stored in the outbox and sent as JSON."""
    time = time or datetime.now(timezone.utc)
    return {
        "specversion": SPECVERSION,
        "id": str(event_id or uuid7()),
        "source": source_of(service),
        "type": event_type,
        "time": time.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"),
        "subject": str(subject),
        "dataschema": dataschema_of(event_type, version),
        "datacontenttype": "application/json",
        "cycleid": cycle_id,
        "sequence": sequence,
        "data": data,
    }


_DEFAULT_LIMITS = Limits.for_messages()


class DecodeError(Exception):
    """The body is not an event this suite can read; ``stage`` says where it failed."""

    def __init__(self, stage, detail):
        super().__init__(f"{stage}: {detail}")
        self.stage = stage
        self.detail = detail


_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _plainly_valid(raw):
    """The envelope as :data:`_ENVELOPE` would load it, or None when it is not in the exact
    shape this suite publishes (then the marshmallow schema judges it and words the error).

    Every event passes through here, and the schema costs half of decoding; this accepts
    only what the schema accepts (the tests hold the two to that), nothing more.
    """
    get = raw.get
    ident, source, etype, time, subject = get("id"), get("source"), get("type"), get("time"), get("subject")
    dataschema, cycleid, sequence = get("dataschema"), get("cycleid", 0), get("sequence")
    if not (get("specversion") == SPECVERSION and get("datacontenttype") == "application/json"
            and type(ident) is str and _UUID.fullmatch(ident)
            and type(source) is str and SOURCE_PATTERN.fullmatch(source)
            and type(etype) is str and TYPE_PATTERN.fullmatch(etype)
            and type(subject) is str and 0 < len(subject) <= 200
            and type(dataschema) is str and DATASCHEMA_PATTERN.fullmatch(dataschema)
            and (cycleid is None or type(cycleid) is str)
            and type(sequence) is int and sequence >= 1
            and type(get("data")) is dict and type(time) is str):
        return None
    try:
        when = datetime.fromisoformat(time)
    except ValueError:
        return None
    if when.tzinfo is None or when.utcoffset() is None:
        return None
    return {"id": ident, "source": source, "type": etype, "time": when, "subject": subject,
            "dataschema": dataschema, "cycleid": cycleid, "sequence": sequence, "data": get("data")}


def decode(body, data_schemas, limits=None):
    """Bytes from the bus → a validated :class:`Event`, or :class:`DecodeError`.

    ``data_schemas`` maps an event type to the marshmallow schema of its ``data``;
    ``limits`` bounds the body's size and nesting (:mod:`award_shared.limits`): a body over
    them fails at stage ``limits``, text no database can store at stage ``data``.
    """
    if isinstance(body, str):
        body = body.encode("utf-8", errors="surrogatepass")
    try:
        raw = load_json(body, limits or _DEFAULT_LIMITS)
    except LimitError as exc:
        raise DecodeError("data" if exc.kind == "text" else "limits", exc.detail) from None
    except ValueError as exc:  # UnicodeDecodeError, JSONDecodeError
        raise DecodeError("json", str(exc)) from None
    if not isinstance(raw, dict):
        raise DecodeError("json", "the body is not a JSON object")
    env = _plainly_valid(raw)
    if env is None:  # not in the common shape: the schema decides, and names what is wrong
        try:
            env = _ENVELOPE.load(raw)
        except ValidationError as exc:
            raise DecodeError("envelope", json.dumps(exc.messages, ensure_ascii=False)) from None
    schema = data_schemas.get(env["type"])
    if schema is None:
        raise DecodeError("type", f"no schema for event type {env['type']!r}")
    try:
        fastload.load(schema, env["data"])  # handlers get the JSON as sent, once its schema accepts it
    except ValidationError as exc:
        raise DecodeError("data", json.dumps(exc.messages, ensure_ascii=False)) from None
    return Event(
        id=str(env["id"]), type=env["type"], source=env["source"], subject=env["subject"],
        time=env["time"], cycle_id=env["cycleid"], sequence=env["sequence"],
        data=raw["data"],
        dataschema=env["dataschema"], raw=raw)

