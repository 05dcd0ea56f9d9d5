"""Art. 28: the public verifies trophies, plaques and medals too — by their own number where the
edition issues one (the rule set's ``numbered_items``), else by the certificate given with them,
whose answer says which items the award conferred."""
from award_publicity import tables
from award_publicity.domain import certificate_numbers

from test_art18_19_28_publicity_award import PRIZES, approve, passed_notice


def _confer(office):
    passed_notice(office)
    assert approve(office).status_code == 201
    office.call("office", "PUT", f"/v1/cycles/{office.cycle_id}/prize-amounts", PRIZES)
    assert office.call("office", "POST", f"/v1/cycles/{office.cycle_id}/conferral",
                       {"granted_on": "2019-11-01"}).status_code == 201
    return {a: office.row(tables.awards, application_id=a)["certificate_number"] for a in ("u-1", "u-3", "p-1")}


def test_art28_trophies_plaques_and_medals_are_verified_by_number_where_the_edition_numbers_them(office_factory):
    office = office_factory(numbered_items={"unit_award": ["trophy", "plaque"]})
    numbers = _confer(office)
    number = numbers["u-1"]  # the unit award: its trophy and plaque numbered in this edition
    answer = office.call(None, "GET", f"/public/v1/certificates/{number}").json()
    by_item = {i["item"]: i["number"] for i in answer["items"]}
    assert by_item == {"trophy": certificate_numbers.item_number(number, "trophy"),
                       "plaque": certificate_numbers.item_number(number, "plaque"), "certificate": None}
    trophy = office.call(None, "GET", f"/public/v1/certificates/{by_item['trophy'].lower()}").json()
    assert trophy["status"] == "in_force" and trophy["item"] == "trophy" and trophy["certificate_number"] == number
    html = office.call(None, "GET", f"/public/v1/certificates/{by_item['plaque']}?format=html").text
    assert "核验物品：奖牌" in html and "可凭编号单独核验" in html

    # the nomination award's plaque and the individual's medal are not numbered in this edition:
    # the answer says they are verified by the certificate given with them
    nomination = office.call(None, "GET", f"/public/v1/certificates/{numbers['u-3']}").json()
    assert [i["number"] for i in nomination["items"]] == [None, None]
    assert "奖牌本届不单独编号，凭同时颁发的荣誉证书编号核验" in nomination["items_note"]
    for unnumbered in (certificate_numbers.item_number(numbers["u-3"], "plaque"),
                       certificate_numbers.item_number(numbers["p-1"], "medal"), f"{number}-JZ"):
        assert office.call(None, "GET", f"/public/v1/certificates/{unnumbered}").json()["status"] == "not_issued"
