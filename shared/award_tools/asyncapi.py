"""The suite's events as an AsyncAPI 3.0 document (``docs/asyncapi.yaml``), for bureaus.

Everything here is derived from the one declaration of each event type
(:mod:`award_shared.events.schemas`: schema, version, publishers, subject field) and from
the topology (:mod:`award_shared.bus.topology`), so the document cannot drift from the code:
``award-schemas asyncapi docs/asyncapi.yaml`` rewrites it, and a test holds the checked-in
file to what this module produces.

Shape: one channel per (publishing exchange, routing key) with the AMQP binding of its
topic exchange, one ``send`` operation per publisher of an event type, one message per
event type whose payload is the whole CloudEvents envelope as ``award-schemas export``
writes it (draft-07 compatible: the exporter uses no keyword newer than draft-07), and a
queue channel ``bureau.{bureau}`` for what a subscribing bureau receives.
"""
import copy
import json
import uuid
from datetime import datetime, timezone
from pathlib import Path

import yaml

from award_shared.events import envelope
from award_shared.events.jsonschema import envelope_json_schema, schema_to_json
from award_shared.events.samples import SAMPLES
from award_shared.events.schemas import (
    DATA_SCHEMAS, PUBLIC_EVENT_TYPES, PUBLISHERS, SCHEMA_VERSION, SUBJECT_FIELD)
from award_shared.bus.topology import BUREAU_BINDINGS, exchange_name

ASYNCAPI_VERSION = "3.0.0"
#: The official JSON Schema of AsyncAPI 3.0.0 (asyncapi/spec-json-schemas, Apache-2.0).
OFFICIAL_SCHEMA = Path(__file__).with_name("asyncapi-3.0.0.schema.json")
SCHEMA_FORMAT = "application/schema+json;version=draft-07"
AMQP_BINDING = "0.3.0"
#: The version of the wire contract this document describes (docs/contract.md, Events): its
#: major number rises when a consumer that read the previous one could refuse or lose a
#: message (2: the content type became application/cloudevents+json); the payloads keep their
#: own versions, in each ``dataschema``.
WIRE_VERSION = "2.0.0"
SAMPLE_TIME = datetime(2019, 12, 20, 2, 0, tzinfo=timezone.utc)  # fixed: the file must be reproducible
HEADER = ("# Generated from the event declarations by `award-schemas asyncapi docs/asyncapi.yaml`;\n"
          "# do not edit by hand (tests/test_asyncapi.py compares this file with the generator).\n")

_DESCRIPTION = """\
Every event of the Jinan Mayor's Quality Award suite (济南市市长质量奖), as it travels on RabbitMQ.

* **Exchanges**: each service publishes to its durable topic exchange `<service>.events`; the
  routing key is the event type. Anyone may bind a durable queue to it.
* **Body**: one JSON object, a CloudEvents 1.0 envelope in structured form
  (`components.schemas.CloudEventsEnvelope`); each message's payload is the JSON Schema of the
  whole envelope of its type, as `award-schemas export DIR` writes it.
* **Content type**: the AMQP property `content_type` is `application/cloudevents+json` (the
  CloudEvents JSON format), `content_encoding` `utf-8`. Since version 2.0.0 of this document;
  1.0.0 said `application/json`. A kombu or nameko consumer registers the type in one line
  (docs/bureaus.md, "The content type").
* **Delivery**: at least once. `id` is the de-duplication key: apply each `id` once.
* **Order**: `sequence` rises per (`source`, `subject`); it is not contiguous for a subscriber
  that binds only some types. Apply an event only if its `sequence` is above the last one
  applied for its (`source`, `subject`).
* **Versions**: a field may be added within a version; removing or changing one makes the
  `dataschema` URN end in `:2`. `info.version` is the version of the wire as a whole.
* **Privacy**: no resident ID number travels; a person is a `person_key` (keyed hash).
* **Bureaus**: a subscribing bureau's queue `bureau.<name>` is bound to `award.#` on
  `publicity.events` and `revocation.events`; see docs/bureaus.md."""


class _Dumper(yaml.SafeDumper):
    """Writes shared sub-objects out in full: anchors and aliases would hide the schemas."""

    def ignore_aliases(self, data):
        return True


def _text(dumper, value):
    # the long descriptions read as Markdown in the file, not as one escaped line
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _schema(json_schema):
    return {"schemaFormat": SCHEMA_FORMAT, "schema": json_schema}


def payload_schema(event_type):
    """The exported envelope schema of ``event_type``, its format named by ``schemaFormat``."""
    schema = envelope_json_schema(event_type)
    schema.pop("$schema")
    schema.pop("$id")  # the dataschema URN: kept as the message's x-dataschema
    return schema


def _example(event_type):
    """A sample envelope; its id derives from the type so the document is reproducible."""
    data = copy.deepcopy(SAMPLES[event_type])
    return envelope.build(
        service=PUBLISHERS[event_type][0], event_type=event_type,
        subject=data[SUBJECT_FIELD[event_type]], data=data, cycle_id=data.get("cycle_id"),
        sequence=1, version=SCHEMA_VERSION[event_type],
        event_id=uuid.uuid5(uuid.NAMESPACE_URL, envelope.dataschema_of(event_type)),
        time=SAMPLE_TIME)


def _message(event_type):
    summary = (type(DATA_SCHEMAS[event_type]).__doc__ or event_type).strip().splitlines()[0]
    version = SCHEMA_VERSION[event_type]
    return {
        "name": event_type,
        "title": f"{event_type} v{version}",
        "summary": summary,
        "contentType": envelope.CONTENT_TYPE,
        "traits": [{"$ref": "#/components/messageTraits/cloudEvent"}],
        "payload": _schema(payload_schema(event_type)),
        "bindings": {"amqp": {"contentEncoding": envelope.CONTENT_ENCODING, "messageType": event_type,
                             "bindingVersion": AMQP_BINDING}},
        "examples": [{"name": "sample", "payload": _example(event_type)}],
        "x-dataschema": envelope.dataschema_of(event_type, version),
        "x-subject": SUBJECT_FIELD[event_type],
        "x-published-by": list(PUBLISHERS[event_type]),
    }


def _channel_id(service, event_type):
    return f"{service}.{event_type}"


def _routing_channel(service, event_type):
    exchange = exchange_name(service)
    return {
        "address": event_type,
        "title": f"{event_type} on {exchange}",
        "description": f"Routing key `{event_type}` on the topic exchange `{exchange}`.",
        "messages": {event_type: {"$ref": f"#/components/messages/{event_type}"}},
        "bindings": {"amqp": {
            "is": "routingKey",
            "exchange": {"name": exchange, "type": "topic", "durable": True, "autoDelete": False,
                         "vhost": "/"},
            "bindingVersion": AMQP_BINDING}},
    }


def _bureau_channel():
    bindings = ", ".join(f"`{key}` on `{exchange_name(source)}`"
                         for source, key in sorted(BUREAU_BINDINGS.items()))
    received = [t for t in PUBLIC_EVENT_TYPES
                if any(s in BUREAU_BINDINGS for s in PUBLISHERS[t])]
    return {
        "address": "bureau.{bureau}",
        "title": "A subscribing bureau's queue",
        "description": (f"The durable queue of one bureau, bound with {bindings}. The operator "
                        "declares it with `award-topology --bureau NAME` (docs/bureaus.md); "
                        "the bureau only consumes from it."),
        "parameters": {"bureau": {"description": "the bureau's name, e.g. market-regulation",
                                  "examples": ["market-regulation"]}},
        "messages": {t: {"$ref": f"#/components/messages/{t}"} for t in received},
        "bindings": {"amqp": {
            "is": "queue",
            "queue": {"name": "bureau.{bureau}", "durable": True, "exclusive": False,
                      "autoDelete": False, "vhost": "/"},
            "bindingVersion": AMQP_BINDING}},
    }


def _operation(service, event_type):
    channel = _channel_id(service, event_type)
    return {
        "action": "send",
        "title": f"{service} publishes {event_type}",
        "channel": {"$ref": f"#/channels/{channel}"},
        "messages": [{"$ref": f"#/channels/{channel}/messages/{event_type}"}],
        "tags": [{"name": service}],
        # persistent messages, published with confirms from the transactional outbox
        "bindings": {"amqp": {"deliveryMode": 2, "bindingVersion": AMQP_BINDING}},
    }


def _envelope_schema():
    schema = schema_to_json(envelope.EnvelopeSchema)
    schema["title"] = "CloudEvents 1.0 envelope (structured JSON)"
    schema["description"] = (
        "The envelope every event travels in: `id` is the de-duplication key, `sequence` "
        "rises per (`source`, `subject`), `data` follows the schema named by `dataschema`.")
    return schema


def build_document():
    """The AsyncAPI document as plain data, in the order a reader wants it."""
    pairs = [(service, t) for t in DATA_SCHEMAS for service in PUBLISHERS[t]]
    channels = {_channel_id(s, t): _routing_channel(s, t) for s, t in pairs}
    channels["bureauQueue"] = _bureau_channel()
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": "Jinan Mayor's Quality Award: events",
            "version": WIRE_VERSION,
            "description": _DESCRIPTION,
            "externalDocs": {"description": "CloudEvents 1.0",
                             "url": "https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md"},
        },
        "servers": {"rabbitmq": {
            "host": "localhost:5672", "protocol": "amqp", "protocolVersion": "0.9.1",
            "description": "The operator's RabbitMQ; a bureau gets its address, virtual host and "
                           "credentials from the operator (docs/bureaus.md)."}},
        "defaultContentType": envelope.CONTENT_TYPE,
        "channels": channels,
        "operations": {f"{s}.publishes.{t}": _operation(s, t) for s, t in pairs},
        "components": {
            "schemas": {"CloudEventsEnvelope": _schema(_envelope_schema())},
            "messages": {t: _message(t) for t in DATA_SCHEMAS},
            "messageTraits": {"cloudEvent": {
                "description": "A CloudEvents 1.0 structured-mode event; AMQP properties: "
                               f"content_type {envelope.CONTENT_TYPE}, content_encoding "
                               f"{envelope.CONTENT_ENCODING}, delivery_mode 2 (persistent).",
                "contentType": envelope.CONTENT_TYPE}},
        },
    }


def render(document=None):
    """The document as the YAML text of ``docs/asyncapi.yaml``."""
    document = build_document() if document is None else document
    # a round trip through JSON turns tuples and other Python types into plain JSON values
    plain = json.loads(json.dumps(document, ensure_ascii=False))
    return HEADER + yaml.dump(plain, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                              width=100, default_flow_style=False)


def official_schema():
    return json.loads(OFFICIAL_SCHEMA.read_text(encoding="utf-8"))
