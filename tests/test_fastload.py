"""award_shared.events.fastload answers exactly what marshmallow answers, for every schema of the suite.

Every event payload schema and every HTTP body schema of the five services is loaded with
marshmallow and with the compiled loader, on its valid sample and on a few thousand
variations of it (each field absent, null, of another type, too long, not storable text,
an unknown key, a resident ID number); the compiled loader may only be unsure (and leave the
answer to marshmallow) or give marshmallow's own result. It must never accept what
marshmallow refuses — a hole there would let a bad event or body past its schema.
"""
import random

import pytest
from marshmallow import INCLUDE, Schema, ValidationError, fields, post_load, pre_load, validate, validates_schema
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR

from award_feed.service import FeedService
from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_revocation.service import RevocationService
from award_scoring.service import ScoringService
from award_shared.events import fastload
from award_shared.events.examples import PERSON_KEY, UNIT_CREDIT_CODE
from award_shared.events.samples import SAMPLES
from award_shared.events.schemas import DATA_SCHEMAS
from award_supervision.service import SupervisionService

SERVICES = (IntakeService, ScoringService, SupervisionService, PublicityService, RevocationService, FeedService)
REFUSED = object()

#: Payloads whose schema the compiled loader does not follow (a Money field): marshmallow
#: loads them. A schema added to this set is a slower path, so the set is held here.
UNCOMPILED_EVENTS = {"award.granted", "award.revoked"}

ODD_VALUES = [
    None, "", "x", "x" * 61, "x" * 201, "x" * 2001, "a\x00b", "\ud800", " ", 0, 1, -1, 2 ** 70, 1.5, -0.0,
    float("nan"), float("inf"), True, False, [], ["x"], [1], [None], [{}], {}, {"a": 1}, {"a": "x"},
    {"x": 1.5}, "2019-04-20T15:30:00+08:00", "2019-04-20T15:30:00Z", "2019-04-20T15:30:00", "2019-02-30T00:00:00Z",
    "2019-04-20", "2019-13-01", "Art. 10", "Art. 10(1)", UNIT_CREDIT_CODE, UNIT_CREDIT_CODE[:-1] + "0", PERSON_KEY,
    "unit", "individual", "passed", "failed", "manual", "auto", "secondary", "500000.00", "1",
    "0d6e4079-e2d6-4b2a-9c3e-1a7c1f0a0b51",
]

#: What a field most likely takes, tried first when a valid body is guessed.
GUESSES = ["x", "Art. 10(1)", UNIT_CREDIT_CODE, PERSON_KEY, "2019-04-20T15:30:00+08:00", "2019-04-20", 2019, 1.5,
           True, ["x"], {"x": 1.5}]


def body_schemas():
    """Every HTTP body schema of the five services, by route."""
    found = {}
    for service in SERVICES:
        for name in dir(service):
            for entrypoint in getattr(getattr(service, name), ENTRYPOINT_EXTENSIONS_ATTR, ()):
                schema = getattr(entrypoint, "body_schema", None)
                if schema is not None:
                    found[f"{service.name} {entrypoint.method} {entrypoint.url}"] = schema
    return found


BODIES = body_schemas()


def marshmallow(schema, data):
    try:
        return schema.load(data)
    except ValidationError:
        return REFUSED


def check_agrees(schema, data):
    """The compiled answer is unsure or marshmallow's own; returns whether it was sure."""
    loader = fastload.loader_of(schema)
    if loader is None:
        return False
    fast = loader(data)
    if fast is fastload.UNSURE:
        return False
    expected = marshmallow(schema, data)
    assert expected is not REFUSED, f"the compiled loader accepted what marshmallow refuses: {data!r}"
    assert fast == expected, f"{data!r}: compiled {fast!r} != marshmallow {expected!r}"
    assert fastload.load(schema, data) == expected
    return True


def guess_valid(schema):
    """A body the schema's fields each accept, where ODD_VALUES or a choice has one."""
    body = {}
    for name, field in schema.load_fields.items():
        if isinstance(field, fields.Nested):
            inner = guess_valid(field.schema)
            body[name] = [inner] if (field.many or field.schema.many) else inner
            continue
        candidates = list(_choices(field))
        if isinstance(field, fields.List) and isinstance(field.inner, fields.Nested):
            body[name] = [guess_valid(field.inner.schema)]
            continue
        if isinstance(field, fields.List) and _choices(field.inner):
            candidates.append([_choices(field.inner)[0]])
        for value in candidates + GUESSES + ODD_VALUES[1:]:
            try:
                field.deserialize(value)
            except ValidationError:
                continue
            body[name] = value
            break
    return body


def _choices(field):
    return tuple(getattr(next((v for v in field.validators if isinstance(v, validate.OneOf)), None), "choices", ()))


#: Valid bodies where a guess field by field cannot satisfy the schema's own rules.
KNOWN_VALID = {
    "/v1/cycles": {"edition": 2019, "ruleset_id": "jinan-2018", "schedule": {"application": "2019-04-30T17:00:00+08:00"}},
    "/applications": {"kind": "unit", "name": "济南示例精密机械有限公司", "credit_code": UNIT_CREDIT_CODE,
                      "district": "历下区", "sector": "secondary", "main_business_since": "2012-04-20", "sme": True,
                      "tilt_claims": [{"kind": "ten_major_industries", "evidence": "x"}], "incidents": [],
                      "declarations": [{"item": "Art. 10(1)", "affirmed": True, "statement": "x"}]},
    "/v1/applications/<application_id>": {"kind": "unit", "name": "济南示例精密机械有限公司", "credit_code": UNIT_CREDIT_CODE},
    "/deliberation": {"meeting_date": "2019-09-20", "members_present": ["x"], "minute": "x",
                      "decisions": [{"application_id": "x", "decision": "adopted", "reason": "x"}]},
    "/v1/applications/<application_id>/assignments": {"mode": "manual", "experts": ["x"]},
}


def base_of(route, schema):
    return next((body for suffix, body in KNOWN_VALID.items() if route.endswith(suffix)), None) or guess_valid(schema)


def variations(base, rng, extra=200):
    """The base; each field absent and set to each odd value; unknown and forbidden keys;
    then random combinations of those changes."""
    yield base
    changes = [(name, value) for name in base for value in ODD_VALUES] + [(name, REFUSED) for name in base]
    changes += [("not_a_field", "x"), ("id_number", "370102199001011234"), ("resident_id", "x")]
    for name, value in changes:
        yield _changed(base, [(name, value)])
    for _ in range(extra):
        yield _changed(base, rng.sample(changes, k=min(len(changes), rng.randint(2, 4))))
    for name, value in base.items():  # one level down: inside lists and nested objects
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for inner in variations(value[0], rng, extra=20):
                yield {**base, name: [inner]}
        elif isinstance(value, dict) and value:
            key = next(iter(value))
            for odd in ODD_VALUES:
                yield {**base, name: {**value, key: odd}}


def _changed(base, changes):
    data = dict(base)
    for name, value in changes:
        if value is REFUSED:
            data.pop(name, None)
        else:
            data[name] = value
    return data


@pytest.mark.parametrize("event_type", sorted(DATA_SCHEMAS))
def test_every_event_payload_agrees_with_marshmallow(event_type):
    schema = DATA_SCHEMAS[event_type]
    rng = random.Random(event_type)
    sure = sum(check_agrees(schema, data) for data in variations(SAMPLES[event_type], rng))
    if event_type in UNCOMPILED_EVENTS:
        assert fastload.loader_of(schema) is None
        return
    assert fastload.loader_of(schema) is not None, f"{event_type}'s schema is no longer compiled"
    assert check_agrees(schema, SAMPLES[event_type]), f"{event_type}'s own sample is not loaded on the quick path"
    assert sure > 1


@pytest.mark.parametrize("route", sorted(BODIES))
def test_every_http_body_agrees_with_marshmallow(route):
    schema = BODIES[route]
    rng = random.Random(route)
    base = base_of(route, schema)
    sure = sum(check_agrees(schema, data) for data in variations(base, rng))
    if fastload.loader_of(schema) is not None and marshmallow(schema, base) is not REFUSED:
        assert sure > 1, f"{route}: its valid body is not loaded on the quick path"


def test_the_hot_bodies_take_the_quick_path():
    """A score sheet, the commonest call of a cycle, is loaded without marshmallow's machinery."""
    sheet = next(s for r, s in BODIES.items() if r.endswith("/reviews/<stage>"))
    assert check_agrees(sheet, {"scores": {"leadership": 80.0, "results": 90}, "comments": "材料翔实"})
    assert not check_agrees(sheet, {"scores": {"leadership": "80"}, "comments": "x"})  # marshmallow judges


def test_schema_rules_and_defaults_are_marshmallows():
    class Inner(Schema):
        code = fields.String(required=True, validate=validate.Length(max=3))

    class Body(Schema):
        kind = fields.String(load_default="auto", validate=validate.OneOf(("auto", "manual")))
        names = fields.List(fields.String(), load_default=list)
        items = fields.List(fields.Nested(Inner), load_default=None)
        at = fields.AwareDateTime(load_default=None)

        @validates_schema
        def _manual_names_someone(self, data, **kwargs):
            if data["kind"] == "manual" and not data["names"]:
                raise ValidationError({"names": ["name someone"]})

    schema = Body()
    assert fastload.load(schema, {}) == {"kind": "auto", "names": [], "items": None, "at": None}
    assert check_agrees(schema, {"kind": "manual", "names": ["a"], "items": [{"code": "abc"}],
                                 "at": "2019-10-08T09:00:00+08:00"})
    for refused in ({"kind": "manual"}, {"items": [{"code": "abcd"}]}, {"at": "2019-10-08T09:00:00"},
                    {"names": "a"}, {"extra": 1}, []):
        assert fastload.loader_of(schema)(refused) is fastload.UNSURE
        with pytest.raises(ValidationError):
            fastload.load(schema, refused)  # marshmallow's error, naming the field


def test_load_processors_run_as_marshmallow_runs_them():
    class Open(Schema):
        class Meta:
            unknown = INCLUDE

        name = fields.String(required=True)

        @pre_load
        def _trim(self, data, **kwargs):
            if "fee" in data:
                raise ValidationError({"fee": ["no fee is accepted (Art. 20)"]})
            return {**data, "name": data.get("name", "").strip()}

        @validates_schema(pass_original=True)
        def _as_sent(self, data, original, **kwargs):
            if original.get("name") != original.get("name", "").strip() and original.get("strict"):
                raise ValidationError("no padding when strict")

        @post_load
        def _upper(self, data, **kwargs):
            return {**data, "name": data["name"].upper()}

    schema = Open()
    assert check_agrees(schema, {"name": " abc ", "note": 1})
    assert fastload.load(schema, {"name": " abc ", "note": 1}) == {"name": "ABC", "note": 1}
    for refused in ({"name": "a", "fee": 1}, {"name": " a", "strict": True}):
        assert fastload.loader_of(schema)(refused) is fastload.UNSURE
        with pytest.raises(ValidationError):
            fastload.load(schema, refused)


def test_when_marshmallow_decides_after_all_its_processors_see_the_data_as_sent():
    class Counted(Schema):
        n = fields.Integer()
        flag = fields.Boolean()

        @pre_load
        def _count(self, data, **kwargs):
            data["n"] = data.get("n", 0) + 1  # in place, and not idempotent
            return data

    body = {"flag": "true"}  # a string: not certain here, marshmallow accepts it
    assert fastload.load(Counted(), body) == {"n": 1, "flag": True}


def test_a_schema_it_cannot_follow_is_left_to_marshmallow():
    class Processed(Schema):
        name = fields.String()
        code = fields.String(data_key="Code")

    assert fastload.loader_of(Processed()) is None
    assert fastload.load(Processed(), {"name": "a", "Code": "b"}) == {"name": "a", "code": "b"}
