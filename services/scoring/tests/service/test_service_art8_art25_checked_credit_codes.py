"""Art. 8, 25: a credit code with a wrong check character would silently defeat conflict
matching; scoring checks every credit code it accepts with the one shared GB 32100 validator
intake uses — in HTTP bodies and in the events it consumes."""
import pytest
from marshmallow import ValidationError

from award_shared.events.samples import SAMPLES
from award_shared.events.schemas import DATA_SCHEMAS
from scoring_testkit import credit_code

WRONG_CHECK = credit_code(1)[:-1] + ("0" if credit_code(1)[-1] != "0" else "1")


def expert(**changes):
    return {"subject": "exp-typo", "name": "专家", "affiliation_kind": "university", "employer_name": "山东大学",
            "employer_credit_code": credit_code(1), "sectors": ["secondary"], **changes}


def test_art8_art25_an_experts_employer_code_with_a_wrong_check_character_is_refused(desk):
    for body in (expert(employer_credit_code=WRONG_CHECK), expert(former_employer_credit_codes=[WRONG_CHECK]),
                 expert(declared_conflicts=[{"credit_code": WRONG_CHECK, "reason": "配偶任职"}])):
        resp = desk.as_agency("POST", f"/v1/cycles/{desk.cycle_id}/experts", body)
        assert resp.status_code == 422, resp.text
        assert "check character" in str(resp.json()["error"]["fields"])
    assert desk.as_agency("POST", f"/v1/cycles/{desk.cycle_id}/experts", expert()).status_code == 201
    agency = desk.as_office("POST", "/v1/cycles/cycle-2019/third-party",
                            {"name": "x", "credit_code": WRONG_CHECK, "staff_subjects": ["a"]})
    assert agency.status_code == 422


def test_art8_application_submitted_with_a_wrong_check_character_fails_its_schema():
    schema = DATA_SCHEMAS["application.submitted"]
    schema.load(SAMPLES["application.submitted"])
    with pytest.raises(ValidationError) as refused:
        schema.load(dict(SAMPLES["application.submitted"], credit_code=WRONG_CHECK))
    assert "credit_code" in refused.value.messages
