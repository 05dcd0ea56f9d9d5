"""The bodies of intake, without I/O: identifiers (GB 32100, GB 11643), fields by kind,
checks against the rule set, and Art. 20 (no fee is accepted anywhere)."""
import inspect
from datetime import date

import pytest
from marshmallow import Schema, ValidationError

from award_intake import examples, schemas
from award_intake.domain.forms import form_problems
from award_intake.providers import RULESET_DIR
from award_rules.ruleset import load_ruleset

RULES = load_ruleset(f"{RULESET_DIR}/jinan-2018.yaml")
TODAY = date(2019, 3, 1)
FORM = schemas.ApplicationFormSchema()


def refused(schema, body):
    with pytest.raises(ValidationError) as error:
        schema.load(body)
    return error.value.messages


def test_art14_a_unit_form_loads_with_its_credit_code_and_dates():
    form = FORM.load(examples.unit_form())
    assert form["main_business_since"] == date(2008, 4, 1) and form["resident_id"] is None
    assert form_problems(form, RULES, TODAY) == {}


def test_art3_a_credit_code_with_a_wrong_check_character_is_refused_naming_the_field():
    code = examples.credit_code()
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    messages = refused(FORM, examples.unit_form(credit_code=wrong))
    assert list(messages) == ["credit_code"] and "position 18" in messages["credit_code"][0]


def test_art14_a_resident_id_with_a_wrong_check_digit_is_refused_and_x_is_upper_cased():
    number = examples.resident_id(sequence="002")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert list(refused(FORM, examples.individual_form(resident_id=wrong))) == ["resident_id"]
    with_x = next(examples.resident_id(sequence=f"{n:03d}") for n in range(1000)
                  if examples.resident_id(sequence=f"{n:03d}").endswith("X"))
    assert FORM.load(examples.individual_form(resident_id=with_x.lower()))["resident_id"] == with_x


def test_art3_fields_belong_to_their_kind():
    messages = refused(FORM, examples.unit_form(resident_id=examples.resident_id(), credit_code=None))
    assert set(messages) == {"resident_id", "credit_code"}
    messages = refused(FORM, examples.individual_form(main_business_since="2001-01-01"))
    assert set(messages) == {"main_business_since"}


def test_art10_1_a_start_date_in_the_future_is_invalid():
    form = FORM.load(examples.unit_form(main_business_since="2019-03-02"))
    assert set(form_problems(form, RULES, TODAY)) == {"main_business_since"}


def test_art12_2_quality_work_cannot_begin_before_birth():
    form = FORM.load(examples.individual_form(quality_work_since="1979-12-31"))
    assert set(form_problems(form, RULES, TODAY)) == {"quality_work_since"}


def test_art11_tilt_claims_name_a_tilt_of_the_rule_set_and_only_units_claim_one():
    form = FORM.load(examples.unit_form(tilt_claims=[{"kind": "golden_handshake", "evidence": "x"}]))
    assert form_problems(form, RULES, TODAY) == {"tilt_claims": {0: {"kind": [
        "not a tilt of jinan-2018: one of sme_innovation, ten_major_industries, traditional_upgrade"]}}}
    person = FORM.load(examples.individual_form(tilt_claims=[{"kind": "sme_innovation", "evidence": "x"}]))
    assert "tilt_claims" in form_problems(person, RULES, TODAY)


def test_art10_declarations_name_conditions_of_the_kind_and_incidents_belong_to_it():
    form = FORM.load(examples.individual_form(
        declarations=[{"item": "Art. 10(1)", "affirmed": True}],
        incidents=[{"kind": "law_violation", "occurred_on": "2018-01-01", "description": "x"},
                   {"kind": "larger_safety_accident", "occurred_on": "2019-04-01", "description": "x"}]))
    problems = form_problems(form, RULES, TODAY)
    assert set(problems["declarations"][0]) == {"item"}
    assert set(problems["incidents"][0]) == {"kind"} and set(problems["incidents"][1]) == {"occurred_on"}


def test_declarations_must_be_real_booleans_and_unique():
    messages = refused(FORM, examples.unit_form(declarations=[{"item": "Art. 10(1)", "affirmed": "yes"}]))
    assert "declarations" in messages
    twice = examples.declarations(["Art. 10(1)", "Art. 10(1)"])
    assert "repeated" in refused(FORM, examples.unit_form(declarations=twice))["declarations"][0]


def _body_schemas():
    for module in (schemas,):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, schemas.IntakeSchema) and cls is not schemas.IntakeSchema:
                yield cls


@pytest.mark.parametrize("field", ["fee", "application_fee", "payment", "payment_reference", "amount",
                                   "review_charge", "申报费", "缴费凭证"])
def test_art20_no_body_accepts_a_fee_or_payment(field):
    checked = list(_body_schemas())
    assert len(checked) >= 10
    for cls in checked:
        messages = refused(cls(), {field: "100.00"})
        assert field in messages, cls.__name__
        assert "第二十条" in messages[field][0], cls.__name__


def test_art20_not_even_nested_in_a_tilt_claim_or_an_incident():
    claim = {"kind": "sme_innovation", "evidence": "x", "fee_paid": "0"}
    messages = refused(FORM, examples.unit_form(tilt_claims=[claim]))
    assert "第二十条" in str(messages["tilt_claims"])


def test_art20_no_table_records_a_payment():
    from award_intake.tables import METADATA
    for table in METADATA.tables.values():
        for column in table.columns:
            assert not schemas.FEE_FIELD.search(column.name), f"{table.name}.{column.name}"


def test_every_body_schema_derives_from_the_intake_base():
    from award_intake import service
    for name, value in vars(service).items():
        if inspect.isclass(value) and issubclass(value, Schema) and value.__module__.startswith("award_intake"):
            assert issubclass(value, schemas.IntakeSchema), name


def test_person_key_is_the_keyed_hash_and_needs_its_secret():
    from award_intake.providers import NotConfigured, PersonKeyer
    from award_rules.identifiers import person_key
    number = examples.resident_id()
    assert PersonKeyer("s3cret")(number) == person_key(number, "s3cret") != number
    with pytest.raises(NotConfigured) as refused:
        PersonKeyer("")(number)
    assert refused.value.status == 503
