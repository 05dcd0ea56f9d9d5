"""Example bodies for intake's API: a unit and a person who meet every condition of the
2018 Measures in the 2019 cycle. Used by the tests and handy for demonstrations. The
identifiers are made up, with valid check characters (GB 32100, GB 11643)."""
import base64
import copy

from award_rules.identifiers import credit_code_check_char, organisation_code_check_char, resident_id_check_char

UNIT_CONDITIONS = [f"Art. 10({n})" for n in range(1, 8)]
INDIVIDUAL_CONDITIONS = [f"Art. 12({n})" for n in range(1, 8)]
PDF = b"%PDF-1.7\n% example\n"


def credit_code(body="MA3C4XYD", division="370100", authority="91"):
    """A valid unified social credit code around the 8 body characters of its organisation code."""
    first17 = authority + division + body + organisation_code_check_char(body)
    return first17 + credit_code_check_char(first17)


def resident_id(birth="19800101", address="370102", sequence="123"):
    first17 = address + birth + sequence
    return first17 + resident_id_check_char(first17)


def declarations(items):
    return [{"item": item, "affirmed": True, "statement": "经核实，符合该项条件"} for item in items]


_UNIT = {
    "kind": "unit", "name": "济南示例精密机械有限公司", "credit_code": credit_code(),
    "district": "历下区", "sector": "secondary", "main_business_since": "2008-04-01", "sme": True,
    "tilt_claims": [{"kind": "ten_major_industries", "evidence": "属于“十大产业”之智能制造与高端装备"}],
    "incidents": [], "declarations": declarations(UNIT_CONDITIONS),
}
_INDIVIDUAL = {
    "kind": "individual", "name": "李质量", "resident_id": resident_id(),
    "employer_name": "济南示例精密机械有限公司", "employer_credit_code": credit_code(),
    "district": "历下区", "sector": "secondary", "quality_work_since": "2005-07-01",
    "incidents": [], "declarations": declarations(INDIVIDUAL_CONDITIONS),
}


def unit_form(**changes):
    form = copy.deepcopy(_UNIT)
    form.update(changes)
    return form


def individual_form(**changes):
    form = copy.deepcopy(_INDIVIDUAL)
    form.update(changes)
    return form


def document(kind, content=PDF, media_type="application/pdf", filename=None, **more):
    return {"kind": kind, "filename": filename or f"{kind}.pdf", "media_type": media_type,
            "content": base64.b64encode(content).decode("ascii"), **more}


#: Art. 14: the evidence (证明材料) the 2018 rule set lists, by kind of applicant, as upload bodies
EVIDENCE = {"unit": [{"relates_to": "registration", "filename": "营业执照.pdf"}],
            "individual": [{"relates_to": "workplace", "filename": "在本市从事质量工作证明.pdf"}]}
#: Art. 14: who took part in a district's preliminary review (its coordinator's member units)
MEMBER_UNITS = ["区市场监督管理局", "区发展和改革局", "区工业和信息化局"]


def required_documents(kind="unit"):
    """Every document an application of ``kind`` must attach under the 2018 rule set (Art. 14)."""
    return [document("application_form"), document("self_evaluation"),
            *(document("evidence", **evidence) for evidence in EVIDENCE[kind])]
