"""Art. 8 and 25: an expert never reviews an applicant it is tied to (pure rules)."""
from award_scoring.domain.conflicts import conflicts, is_conflicted

UNIT = {"application_id": "app-1", "kind": "unit", "credit_code": "91370100MA3C4XYD12", "sector": "secondary"}
PERSON = {"application_id": "app-2", "kind": "individual", "person_key": "a" * 64,
          "employer_credit_code": "91370100163051234K", "sector": "tertiary"}


def expert(**kw):
    base = {"subject": "e1", "employer_credit_code": "12370000495570123X", "former_employer_credit_codes": [],
            "declared_conflicts": [], "person_key": None}
    return base | kw


def test_art25_no_tie_no_conflict():
    assert conflicts(expert(), UNIT) == []
    assert not is_conflicted(expert(), PERSON)


def test_art25_expert_employed_by_the_applicant_unit():
    found = conflicts(expert(employer_credit_code=UNIT["credit_code"]), UNIT)
    assert [c.kind for c in found] == ["employer"]
    assert UNIT["credit_code"] in found[0].detail


def test_art25_expert_employed_by_the_individual_applicants_employer():
    found = conflicts(expert(employer_credit_code=PERSON["employer_credit_code"]), PERSON)
    assert [c.kind for c in found] == ["employer"]


def test_art25_former_employer_matched_by_credit_code():
    found = conflicts(expert(former_employer_credit_codes=["X" * 18, UNIT["credit_code"]]), UNIT)
    assert [c.kind for c in found] == ["former_employer"]


def test_art25_declared_ties_by_code_person_or_application():
    by_code = expert(declared_conflicts=[{"credit_code": UNIT["credit_code"], "reason": "持股"}])
    by_person = expert(declared_conflicts=[{"person_key": PERSON["person_key"], "reason": "亲属"}])
    by_app = expert(declared_conflicts=[{"application_id": "app-1", "reason": "曾提供咨询"}])
    assert [c.kind for c in conflicts(by_code, UNIT)] == ["declared"]
    assert "持股" in conflicts(by_code, UNIT)[0].detail
    assert [c.kind for c in conflicts(by_person, PERSON)] == ["declared"]
    assert [c.kind for c in conflicts(by_app, UNIT)] == ["declared"]
    assert conflicts(by_app, PERSON) == []


def test_art25_the_expert_is_the_applicant():
    assert [c.kind for c in conflicts(expert(person_key=PERSON["person_key"]), PERSON)] == ["self"]


def test_art25_names_do_not_match_only_codes_do():
    assert conflicts(expert(employer_name="同名公司"), UNIT) == []
