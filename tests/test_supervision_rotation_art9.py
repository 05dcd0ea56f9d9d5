"""Suite, Art. 9: 每届轮换的比例不少于三分之一. Cycles opened and closed at intake; the
group of each cycle appointed at supervision and dissolved when intake closes its cycle.
People are matched by stable person id: a renamed person is still the same member."""
from test_holds_suite_driver import GROUP, suite  # noqa: F401 - the fixture


def test_art9_rotation_of_a_group_of_nine(suite):  # noqa: F811
    first = suite.open_cycle(2019)
    suite.appoint(first, GROUP, names={"p01": "张伟"})
    suite.close_cycle(first)
    second = suite.open_cycle(2021, notice=False)

    # p01 renamed, and a newcomer bearing p02's old name: 2 new people, not 3
    renamed = {"p01": "张卫（更名）", "n1": "监督员p02"}
    resp = suite.propose(second, GROUP[:7] + ["n1", "n2"], names=renamed)
    assert resp.status_code == 409, resp.text
    error = resp.json()["error"]
    assert error["article"] == "Art. 9" and "第九条" in error["message"]
    assert error["fields"] == {"required_out": 3, "out": 2}

    resp = suite.propose(second, GROUP[:6] + ["n1", "n2", "n3"], names=renamed)
    assert resp.status_code == 201, resp.text
    assert {k: resp.json()["rotation"][k] for k in ("required_out", "out", "new")} == {
        "required_out": 3, "out": 3, "new": 3}
    appointed = suite.supervision.client.post(f"/v1/cycles/{second}/group/approve", "leading_group", json_body={})
    assert appointed.status_code == 200
    assert {m["person_id"]: m["name"] for m in appointed.json()["members"]}["p01"] == "张卫（更名）"

    # the renamed member acts for the new cycle under the same person id, and not for the old one
    assert suite.halt(second, None, sub="p01")
    resp = suite.supervision.client.post("/v1/findings", "supervisor", sub="p01", json_body={
        "cycle_id": first, "kind": "procedural", "step": "district_review", "summary": "x", "evidence": ["y"]})
    assert resp.status_code == 403
