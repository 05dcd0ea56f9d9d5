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
    return office.row(tables.awards, application_id="u-1")["certificate_number"]


def test_art28_an_edition_numbering_trophies_and_plaques_lets_the_public_verify_them(office_factory):
    office = office_factory(numbered_items={"unit_award": ["trophy", "plaque"]})
    number = _confer(office)
    answer = office.call(None, "GET", f"/public/v1/certificates/{number}").json()
    by_item = {i["item"]: i["number"] for i in answer["items"]}
    assert by_item == {"trophy": certificate_numbers.item_number(number, "trophy"),
                       "plaque": certificate_numbers.item_number(number, "plaque"), "certificate": None}
    trophy = office.call(None, "GET", f"/public/v1/certificates/{by_item['trophy'].lower()}").json()
    assert trophy["status"] == "in_force" and trophy["item"] == "trophy" and trophy["certificate_number"] == number
    html = office.call(None, "GET", f"/public/v1/certificates/{by_item['plaque']}?format=html").text
    assert "核验物品：奖牌" in html and "可凭编号单独核验" in html
    medal = office.call(None, "GET", f"/public/v1/certificates/{number}-JZ").json()  # no medal for a unit
    assert medal["status"] == "not_issued"


def test_art28_an_edition_that_numbers_no_item_says_they_are_verified_by_the_certificate(office):
    number = _confer(office)
    answer = office.call(None, "GET", f"/public/v1/certificates/{number}").json()
    assert [i["number"] for i in answer["items"]] == [None, None, None]
    assert "奖杯、奖牌本届不单独编号，凭同时颁发的荣誉证书编号核验" in answer["items_note"]
    trophy = office.call(None, "GET", f"/public/v1/certificates/{certificate_numbers.item_number(number, 'trophy')}")
    assert trophy.json()["status"] == "not_issued"
