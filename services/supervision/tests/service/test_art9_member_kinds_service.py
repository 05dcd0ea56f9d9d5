"""Art. 9: 由人大代表、政协委员、政府机关、新闻媒体、执业律师等有关人员组成 — other kinds of
member are allowed (kind ``other`` with the kind in words); that each listed kind sits is the
rule set's choice (``supervision.require_listed_kinds``, default yes); ``group_appointed``
carries each member's subject and the members of other kinds."""
import pytest

from award_shared.errors import RuleViolation
from award_supervision.domain.rotation import Member, check_composition, requires_listed_kinds
from supervision_testing import members

FIVE = ["p01", "p02", "p03", "p04", "p05"]
SCHOLAR = {"person_id": "s01", "kind": "other", "kind_text": "专家学者", "name": "周教授"}


def test_art9_a_member_of_another_kind_sits_beside_the_five_and_travels_on_the_bus(supervision):
    cycle_id = supervision.open_cycle(2019)
    body = {"members": members(FIVE) + [SCHOLAR]}
    resp = supervision.client.post(f"/v1/cycles/{cycle_id}/group", "office", json_body=body)
    assert resp.status_code == 201, resp.text
    assert {"person_id": "s01", "kind": "other", "kind_text": "专家学者", "name": "周教授", "new": True} in resp.json()["members"]
    assert supervision.client.post(f"/v1/cycles/{cycle_id}/group/approve", "leading_group", json_body={}).status_code == 200
    [event] = supervision.outbox("supervision.group_appointed")
    assert event["other_members"] == [{"kind": "专家学者", "name": "周教授"}]
    assert event["member_subjects"] == sorted(FIVE + ["s01"])


def test_art9_another_kind_needs_its_kind_in_words(supervision):
    cycle_id = supervision.open_cycle(2019)
    unnamed = dict(SCHOLAR, kind_text=None)
    resp = supervision.client.post(f"/v1/cycles/{cycle_id}/group", "office",
                                   json_body={"members": members(FIVE) + [unnamed]})
    assert resp.status_code == 409 and resp.json()["error"]["article"] == "Art. 9"


def test_art9_a_rule_set_may_drop_the_requirement_that_every_listed_kind_sits(supervision):
    relaxed = {"id": "jinan-2018", "supervision": {"require_listed_kinds": False}}
    cycle_id = supervision.open_cycle(2019, ruleset=relaxed)
    three = [{"person_id": p, "kind": k, "name": p} for p, k in
             (("a", "npc_deputy"), ("b", "lawyer"), ("c", "media"))] + [SCHOLAR]
    resp = supervision.client.post(f"/v1/cycles/{cycle_id}/group", "office", json_body={"members": three})
    assert resp.status_code == 201, resp.text


def test_art9_by_default_every_listed_kind_sits():
    assert requires_listed_kinds({"id": "jinan-2018"}) is True
    assert requires_listed_kinds({"supervision": {"require_listed_kinds": False}}) is False
    with pytest.raises(RuleViolation) as missing:
        check_composition([Member("a", "npc_deputy", "甲"), Member("s", "other", "乙", "专家学者")])
    assert missing.value.fields["missing_kinds"] == ["cppcc_member", "government", "media", "lawyer"]
    check_composition([Member("a", "npc_deputy", "甲"), Member("s", "other", "乙", "专家学者")],
                      require_listed_kinds=False)
