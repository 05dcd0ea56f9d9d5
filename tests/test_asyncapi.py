"""docs/asyncapi.yaml (issue 15): valid AsyncAPI 3.0 by the official JSON Schema vendored in
the kit, complete (every declared event type, every publisher's exchange, the bureau queue),
and exactly what ``award-schemas asyncapi`` generates, so it cannot drift from the code.
"""
import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from award_shared.bus.topology import BUREAU_BINDINGS, exchange_name
from award_shared.events import envelope
from award_shared.events.jsonschema import envelope_json_schema
from award_shared.events.schemas import DATA_SCHEMAS, PUBLIC_EVENT_TYPES, PUBLISHERS
from award_tools.asyncapi import build_document, official_schema, render
from award_tools.schemas import main as award_schemas

DOC_PATH = Path(__file__).resolve().parents[1] / "docs" / "asyncapi.yaml"


@pytest.fixture(scope="module")
def document():
    return yaml.safe_load(DOC_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator():
    schema = official_schema()
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_the_vendored_schema_is_the_official_asyncapi_3_0_0_one():
    schema = official_schema()
    assert schema["$id"] == "http://asyncapi.com/definitions/3.0.0/asyncapi.json"
    assert schema["properties"]["asyncapi"]["const"] == "3.0.0"


def test_the_document_is_valid_asyncapi_3(document, validator):
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(document)]
    assert errors == []
    assert document["asyncapi"] == "3.0.0"


def test_the_validator_does_reject_a_broken_document(document, validator):
    # the schema's definitions are reached through $id references: prove they are followed
    broken = copy.deepcopy(document)
    operation = next(iter(broken["operations"].values()))
    operation["action"] = "publish"  # AsyncAPI 2's word, not 3's
    broken["channels"]["bureauQueue"]["bindings"]["amqp"]["is"] = "exchange"
    assert len(list(validator.iter_errors(broken))) == 2


def test_the_checked_in_file_is_what_the_generator_writes(tmp_path):
    target = tmp_path / "asyncapi.yaml"
    assert award_schemas(["asyncapi", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == DOC_PATH.read_text(encoding="utf-8") == render(), (
        "docs/asyncapi.yaml is stale: run scripts/derive (or `award-schemas asyncapi docs/asyncapi.yaml`)")


def test_every_declared_event_type_is_a_message_with_its_exported_schema(document):
    messages = document["components"]["messages"]
    assert set(messages) == set(DATA_SCHEMAS)
    for event_type in DATA_SCHEMAS:
        message = messages[event_type]
        exported = envelope_json_schema(event_type)
        assert message["x-dataschema"] == exported.pop("$id")
        exported.pop("$schema")
        assert message["payload"]["schemaFormat"] == "application/schema+json;version=draft-07"
        assert message["payload"]["schema"] == json.loads(json.dumps(exported)), event_type
        assert message["x-published-by"] == list(PUBLISHERS[event_type])


def test_every_publisher_sends_each_of_its_types_on_its_own_exchange(document):
    sent = set()
    for operation in document["operations"].values():
        assert operation["action"] == "send"
        channel = _resolve(document, operation["channel"]["$ref"])
        exchange = channel["bindings"]["amqp"]["exchange"]
        assert exchange["type"] == "topic" and exchange["durable"] is True
        [event_type] = channel["messages"]
        assert channel["address"] == event_type  # the routing key is the event type
        sent.add((exchange["name"], event_type))
    assert sent == {(exchange_name(s), t) for t, services in PUBLISHERS.items() for s in services}


def test_the_bureau_queue_receives_the_public_feed(document):
    queue = document["channels"]["bureauQueue"]
    assert queue["bindings"]["amqp"]["queue"]["name"] == "bureau.{bureau}"
    assert set(queue["messages"]) == {
        t for t in PUBLIC_EVENT_TYPES if set(PUBLISHERS[t]) & set(BUREAU_BINDINGS)}
    assert {"award.granted", "award.approved", "award.revoked"} <= set(queue["messages"])


def test_every_reference_resolves(document):
    refs = list(_refs(document))
    assert refs
    for ref in refs:
        assert _resolve(document, ref) is not None, ref


def test_each_example_is_a_valid_envelope_by_its_schema_and_by_the_suite_decoder(document):
    for event_type, message in document["components"]["messages"].items():
        [example] = message["examples"]
        jsonschema.Draft7Validator(message["payload"]["schema"]).validate(example["payload"])
        body = json.dumps(example["payload"], ensure_ascii=False).encode("utf-8")
        assert envelope.decode(body, DATA_SCHEMAS).type == event_type


def test_the_document_is_reproducible():
    assert build_document() == build_document()


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _resolve(document, ref):
    assert ref.startswith("#/")
    node = document
    for part in ref[2:].split("/"):
        node = node.get(part.replace("~1", "/").replace("~0", "~"))
        if node is None:
            return None
    return node
