"""Art. 27, one container: whoever is disqualified from a cycle — a member of the office or of
the leading group among them — lists nothing of that cycle any more (complaints, reports,
findings, opinions, holds), and still lists the other cycles' records."""

LISTS = {  # list route -> (its key, a role that reads it)
    "/v1/findings": ("findings", "office"),
    "/v1/opinions": ("opinions", "office"),
    "/v1/holds": ("holds", "office"),
    "/admin/v1/holds": ("holds", "office"),
    "/v1/complaints": ("complaints", "leading_group"),
    "/v1/reports": ("reports", "leading_group"),
}


def records_of(supervision, cycle_id, sub):
    """A hold (with its finding), an opinion and a declined complaint (reported) in ``cycle_id``."""
    resp = supervision.finding(sub, cycle_id=cycle_id, kind="procedural", step="district_review", subject="app-1",
                               summary="区县推荐未按规定签署", evidence=["推荐表复印件"], halt=True)
    assert resp.status_code == 201, resp.text
    resp = supervision.client.post("/v1/opinions", "supervisor", sub=sub, json_body={
        "cycle_id": cycle_id, "application_id": "app-1", "opinion": "评审程序规范，无异议"})
    assert resp.status_code == 201, resp.text
    resp = supervision.client.post("/public/v1/complaints", json_body={"cycle_id": cycle_id, "content": "评审不公"})
    assert resp.status_code == 201, resp.text
    [complaint] = [c for c in supervision.client.get("/v1/complaints", "supervisor", sub=sub).json()["complaints"]
                   if c["tracking_number"] == resp.json()["tracking_number"]]
    resp = supervision.client.post(f"/v1/complaints/{complaint['complaint_id']}/triage", "supervisor", sub=sub,
                                   json_body={"decision": "decline", "note": "不属于受理范围"})
    assert resp.status_code == 200, resp.text


def disqualify(supervision, cycle_id, staff_subject, staff_role):
    resp = supervision.finding("p01", cycle_id=cycle_id, kind="review_staff", step="material_review",
                               summary="泄露评审信息", evidence=["聊天记录"], staff_subject=staff_subject,
                               staff_role=staff_role, misconduct="neglect_of_duty", harm="评审信息外泄")
    assert resp.status_code == 201, resp.text


def listed_cycles(supervision, path, role, sub, **query):
    key = LISTS[path][0]
    url = path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    resp = supervision.client.get(url, role, sub=sub)
    assert resp.status_code == 200, (path, resp.text)
    return {r["cycle_id"] for r in resp.json()[key]}


def test_art27_a_disqualified_member_of_the_office_or_leading_group_lists_nothing_of_that_cycle(supervision, cycle):
    other = supervision.open_cycle(2021)
    supervision.appoint(other, [f"q{i}" for i in range(5)])
    records_of(supervision, cycle, "p01")
    records_of(supervision, other, "q1")
    for path, (_, role) in LISTS.items():
        assert listed_cycles(supervision, path, role, f"{role}-dq") == {cycle, other}, path

    disqualify(supervision, cycle, "office-dq", "office")
    disqualify(supervision, cycle, "leading_group-dq", "other")  # Art. 27: whatever the role

    for path, (_, role) in LISTS.items():
        assert listed_cycles(supervision, path, role, f"{role}-dq") == {other}, path
        if not path.startswith("/admin/"):  # the kit's listing takes no cycle_id
            assert listed_cycles(supervision, path, role, f"{role}-dq", cycle_id=cycle) == set(), path
        assert listed_cycles(supervision, path, role, f"{role}-ok") == {cycle, other}, path

    # each list a page at a time (docs/contract.md, "Lists a page at a time"), across the cycles
    # the reader reads: every row once, in the one-page order; a bad after is refused naming it
    for path, (key, role) in LISTS.items():
        id_key = {"findings": "finding_id", "opinions": "opinion_id", "complaints": "complaint_id",
                  "reports": "report_id", "holds": "hold_id"}[key]
        whole = supervision.client.get(f"{path}?limit=500", role, sub=f"{role}-ok").json()
        assert whole["next"] is None and len(whole[key]) > 1, path
        walked, after = [], None
        while True:
            page = supervision.client.get(f"{path}?limit=1" + (f"&after={after}" if after else ""),
                                          role, sub=f"{role}-ok").json()
            walked, after = walked + page[key], page["next"]
            if after is None:
                break
        assert [r[id_key] for r in walked] == [r[id_key] for r in whole[key]], path
        narrowed = "" if path.startswith("/admin/") else f"cycle_id={cycle}&"  # the kit's listing takes no cycle_id
        bad = supervision.client.get(f"{path}?{narrowed}after=nothing-{key}", role, sub=f"{role}-ok")
        assert bad.status_code == 422 and list(bad.json()["error"]["fields"]) == ["after"], (path, bad.text)
