"""Unit tests of the event payload schemas and their JSON Schema twins (contract.md, Events).

Every check runs against both sides, marshmallow (``envelope.decode``) and JSON Schema (what
subscribers without Python use), so the two never drift apart.
"""
import copy
import json
import os
import re

import pytest
from jsonschema import Draft202012Validator
from marshmallow import Schema, ValidationError, fields, validate

from award_shared.events import envelope
from award_shared.events.jsonschema import envelope_json_schema, export_all, schema_to_json
from award_shared.events.samples import INVALID, SAMPLES
from award_tools.schemas import main as schemas_cli
from award_shared.events.schemas import (
    DATA_SCHEMAS, FORBIDDEN_FIELD_NAMES, PUBLIC_EVENT_TYPES, PUBLISHERS, SCHEMA_VERSION, STEP_OWNER,
    STEPS, SUBJECT_FIELD)

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# the project's public contract: it changes with the code, under the versioning rules it states
CONTRACT = os.path.join(REPO, "docs", "contract.md")


def _contract_types():
    """The event types of contract.md's events table."""
    with open(CONTRACT, encoding="utf-8") as f:
        text = f.read()
    table = text.split("| type | published by |", 1)[1].split("\n\n", 1)[0]
    return tuple(t for line in table.splitlines() if line.startswith("| `")
                 for t in re.findall(r"`([a-z_]+\.[a-z_]+)`", line.split("|")[1]))


CONTRACT_TYPES = _contract_types()


def test_the_contract_in_the_repository_has_its_events_table():
    with open(CONTRACT, encoding="utf-8") as f:
        assert "| type | published by |" in f.read()
# One broken field per type, from its declaration: (field, value). Each must fail on both sides.
BAD = INVALID


def sample(event_type, **changes):
    data = copy.deepcopy(SAMPLES[event_type])
    data.update(changes)
    return data


def wrap(event_type, data):
    return envelope.build(
        service=PUBLISHERS[event_type][0], event_type=event_type,
        subject=SAMPLES[event_type][SUBJECT_FIELD[event_type]], data=data,
        cycle_id=SAMPLES[event_type]["cycle_id"], sequence=1,
        version=SCHEMA_VERSION[event_type])


def json_errors(event_type, body):
    validator = Draft202012Validator(envelope_json_schema(event_type),
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    return list(validator.iter_errors(body))


def assert_both_reject(event_type, data):
    body = wrap(event_type, data)
    with pytest.raises(envelope.DecodeError) as caught:
        envelope.decode(json.dumps(body).encode(), DATA_SCHEMAS)
    assert caught.value.stage == "data"
    assert json_errors(event_type, body), f"JSON Schema accepted {data!r}"
    return caught.value


def assert_both_accept(event_type, data):
    body = wrap(event_type, data)
    event = envelope.decode(json.dumps(body, ensure_ascii=False).encode(), DATA_SCHEMAS)
    assert event.type == event_type and event.data == data
    assert not json_errors(event_type, body)


def required_fields():
    for event_type, schema in DATA_SCHEMAS.items():
        for name, field in schema.load_fields.items():
            if field.required:
                yield event_type, name


# -- the registry --------------------------------------------------------------------------

def test_every_contract_type_has_a_schema_a_version_a_publisher_and_a_sample():
    assert set(DATA_SCHEMAS) == set(CONTRACT_TYPES) and len(CONTRACT_TYPES) == len(set(CONTRACT_TYPES))
    for registry in (SCHEMA_VERSION, PUBLISHERS, SUBJECT_FIELD, SAMPLES, BAD):
        assert set(registry) == set(CONTRACT_TYPES)
    assert set(SCHEMA_VERSION.values()) == {1}
    assert PUBLIC_EVENT_TYPES == ("award.approved", "award.granted", "award.revoked")


def test_steps_in_order_and_their_owners():
    assert STEPS[0] == "notice" and STEPS[-1] == "revocation" and len(STEPS) == 14
    owners = [STEP_OWNER[s] for s in STEPS]
    assert owners == ["intake"] * 3 + ["scoring"] * 5 + ["publicity"] * 5 + ["revocation"]


@pytest.mark.parametrize("event_type", CONTRACT_TYPES)
def test_every_payload_names_its_cycle_and_its_subject(event_type):
    fields_ = DATA_SCHEMAS[event_type].load_fields
    assert fields_["cycle_id"].required
    assert fields_[SUBJECT_FIELD[event_type]].required


# -- samples on both sides -------------------------------------------------------------------

@pytest.mark.parametrize("event_type", CONTRACT_TYPES)
def test_the_sample_loads(event_type):
    DATA_SCHEMAS[event_type].load(SAMPLES[event_type])


@pytest.mark.parametrize("event_type", CONTRACT_TYPES)
def test_the_sample_in_an_envelope_passes_decode_and_json_schema(event_type):
    assert_both_accept(event_type, sample(event_type))


@pytest.mark.parametrize("event_type", CONTRACT_TYPES)
def test_a_field_added_within_the_version_is_accepted(event_type):
    data = sample(event_type, added_in_v1_1={"anything": [1, "二"]})
    assert DATA_SCHEMAS[event_type].load(data)["added_in_v1_1"] == {"anything": [1, "二"]}
    assert_both_accept(event_type, data)


@pytest.mark.parametrize(("event_type", "name"), list(required_fields()))
def test_a_missing_required_field_is_named(event_type, name):
    data = sample(event_type)
    data.pop(name, None)
    with pytest.raises(ValidationError) as caught:
        DATA_SCHEMAS[event_type].load(data)
    assert name in caught.value.messages
    error = assert_both_reject(event_type, data)
    assert name in error.detail
    assert any(name in e.message for e in json_errors(event_type, wrap(event_type, data)))


@pytest.mark.parametrize("event_type", CONTRACT_TYPES)
def test_a_bad_sample_fails_both(event_type):
    name, value = BAD[event_type]
    error = assert_both_reject(event_type, sample(event_type, **{name: value}))
    assert name in error.detail


def test_envelope_schema_pins_type_and_dataschema():
    body = wrap("award.granted", sample("award.granted"))
    assert json_errors("award.revoked", body)  # not a revocation
    assert json_errors("award.granted", dict(body, specversion="0.3"))
    assert json_errors("award.granted", dict(body, id="not-a-uuid"))
    assert json_errors("award.granted", dict(body, sequence=0))


# -- rules that span fields -------------------------------------------------------------------

UNIT = sample("application.submitted")
PERSON = sample("application.submitted", kind="individual", credit_code=None,
                person_key=SAMPLES["award.granted"]["person_key"],
                employer_credit_code="91370100163051232N")


def test_a_person_applies_by_person_key_and_employer():
    assert_both_accept("application.submitted", PERSON)
    for name in ("person_key", "employer_credit_code"):
        data = dict(PERSON)
        data.pop(name)
        assert name in assert_both_reject("application.submitted", data).detail
        nulled = dict(PERSON, **{name: None})
        assert name in assert_both_reject("application.submitted", nulled).detail


def test_a_unit_applies_by_credit_code():
    data = dict(UNIT)
    data.pop("credit_code")
    assert "credit_code" in assert_both_reject("application.submitted", data).detail
    assert_both_reject("application.submitted", dict(UNIT, credit_code="9137010"))


def test_an_individual_award_names_its_person_key():
    data = sample("award.granted")
    data.pop("person_key")
    assert "person_key" in assert_both_reject("award.granted", data).detail
    assert_both_accept("award.granted", sample("award.granted", category="unit_award",
                                               person_key=None, credit_code="91370100MA3C4XYD12",
                                               items=["trophy", "plaque", "certificate"]))


@pytest.mark.parametrize("amount", ["1e5", "-5.00", "100.001", " 5", 5.0])
def test_money_is_a_plain_decimal_string(amount):
    assert_both_reject("award.granted", sample("award.granted", prize_amount=amount))


def test_a_pattern_must_match_the_whole_value():
    # Python's "$" also matches before a final newline (so does the jsonschema library, which
    # uses re.search; ECMA-262, which JSON Schema specifies, does not): the Python side refuses.
    for event_type, name, value in [("award.granted", "prize_amount", "5\n"),
                                    ("cycle.opened", "ruleset_sha256", "a" * 64 + "\n")]:
        with pytest.raises(ValidationError) as caught:
            DATA_SCHEMAS[event_type].load(sample(event_type, **{name: value}))
        assert name in caught.value.messages


def test_the_notice_window_runs_forward():
    data = sample("notice.opened", window_end="2019-10-01T17:00:00+08:00")
    with pytest.raises(ValidationError) as caught:
        DATA_SCHEMAS["notice.opened"].load(data)
    assert "window_end" in caught.value.messages


def test_a_hold_for_everyone_has_no_subject():
    data = sample("hold.placed")
    del data["subject"]
    assert DATA_SCHEMAS["hold.placed"].load(data)["subject"] is None
    assert_both_accept("hold.placed", data)
    assert_both_accept("hold.applied", sample("hold.applied", subject=None, subject_step=None))


# -- privacy: no resident ID number on the bus --------------------------------------------------

def _all_field_names(schema):
    for name, field in schema.fields.items():
        yield name
        for inner in (field, getattr(field, "inner", None), getattr(field, "value_field", None)):
            if isinstance(inner, fields.Nested):
                yield from _all_field_names(inner.schema)


@pytest.mark.parametrize("event_type", CONTRACT_TYPES)
def test_no_schema_has_a_resident_id_field(event_type):
    names = set(_all_field_names(DATA_SCHEMAS[event_type]))
    assert not names & {"id_number", "resident_id", "id_card"}
    assert not names & FORBIDDEN_FIELD_NAMES


def test_a_resident_id_is_refused_even_as_an_added_field():
    assert_both_reject("application.submitted", dict(PERSON, id_number="370102198001011234"))
    proposed = sample("candidates.proposed")
    proposed["categories"][0]["candidates"][0]["resident_id"] = "370102198001011234"
    assert_both_reject("candidates.proposed", proposed)


def test_a_resident_id_is_not_a_person_key():
    assert_both_reject("application.submitted", dict(PERSON, person_key="37010219800101123X"))


# -- the converter and the export ------------------------------------------------------------

class _Inner(Schema):
    n = fields.Integer(validate=validate.Range(min=0, max=9, max_inclusive=False))


class _Everything(Schema):
    flag = fields.Boolean(load_default=False)
    ratio = fields.Float(validate=validate.Range(min=0, min_inclusive=False))
    amount = fields.Decimal()
    ref = fields.UUID()
    day = fields.Date()
    code = fields.String(validate=validate.And(validate.Length(equal=3),
                                               validate.Regexp(r"^[A-Z]+$")))
    colour = fields.String(allow_none=True, validate=validate.OneOf(["red", "blue"]))
    inner = fields.Nested(_Inner, allow_none=True)
    inners = fields.List(fields.Nested(_Inner), validate=validate.Length(max=2))


def test_the_converter_covers_the_field_types():
    result = schema_to_json(_Everything)
    props = result["properties"]
    assert props["flag"] == {"type": "boolean", "default": False}
    assert props["ratio"] == {"type": "number", "exclusiveMinimum": 0}
    assert props["amount"] == {"type": "number"}
    assert props["ref"]["format"] == "uuid" and props["day"]["format"] == "date"
    assert props["code"] == {"type": "string", "minLength": 3, "maxLength": 3,
                             "pattern": "^[A-Z]+$"}
    assert props["colour"] == {"type": ["string", "null"], "enum": ["red", "blue", None]}
    assert props["inner"]["type"] == ["object", "null"]
    assert props["inner"]["properties"]["n"] == {"type": "integer", "minimum": 0,
                                                 "exclusiveMaximum": 9}
    assert props["inners"]["maxItems"] == 2 and props["inners"]["items"]["type"] == "object"
    assert result["additionalProperties"] is False  # marshmallow's default is RAISE
    Draft202012Validator.check_schema(result)


def test_export_all_writes_one_valid_schema_per_type(tmp_path):
    paths = export_all(tmp_path / "schemas")
    assert sorted(p.name for p in paths) == sorted(f"{t}.v1.json" for t in CONTRACT_TYPES)
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == sorted(p.name for p in paths)
    for path in paths:
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        event_type = path.name.removesuffix(".v1.json")
        assert schema["$id"] == envelope.dataschema_of(event_type, 1)
        body = wrap(event_type, SAMPLES[event_type])
        assert not list(Draft202012Validator(schema).iter_errors(body))


def test_the_command_lists_and_exports(tmp_path, capsys):
    assert schemas_cli(["list"]) == 0
    assert capsys.readouterr().out.split() == sorted(CONTRACT_TYPES)
    assert schemas_cli(["export", str(tmp_path)]) == 0
    assert len(list(tmp_path.glob("*.v1.json"))) == len(CONTRACT_TYPES)
