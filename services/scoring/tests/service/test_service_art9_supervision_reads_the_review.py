"""Art. 9(1), 15, 26: the supervision group of a cycle supervises its review (评审过程接受评审监督
小组的监督), so it reads what the review records — score sheets, stage results, qualification
decisions — read-only, each read audited. A member of another cycle's group, or of the group
once dissolved with the cycle, reads nothing (403 citing Art. 9). Art. 25 binds the group to
confidentiality like everyone else in the review; it does not shut it out."""
MEMBER, OTHER_CYCLES = "sv-2019-1", "sv-2021-1"


def reviewed(desk):
    """The 2019 group names its members' accounts; app-1 through the qualification review and
    scored at the material review by its panel."""
    desk.seat_group([MEMBER, f"{MEMBER}-b"])
    desk.seat_group([OTHER_CYCLES], cycle_id="cycle-2021")
    panel = desk.qualified_panel(3)
    desk.stage("material_review", "open")
    for n, expert in enumerate(panel):
        assert desk.sheet(expert, "app-1", "material_review", 0.6 + n / 10).status_code == 201
    return panel


def as_member(desk, subject, path, method="GET", body=None):
    return desk.svc.client.call(method, path, "supervisor", sub=subject, json_body=body)


def test_art9_art15_the_cycles_group_reads_score_sheets_results_and_decisions_audited(desk):
    panel = reviewed(desk)
    before = len(desk.audit())
    sheets = as_member(desk, MEMBER, "/v1/applications/app-1/reviews")
    assert sheets.status_code == 200, sheets.text
    body = sheets.json()
    assert body["scope"] == "supervised"
    assert sorted(r["reviewer"] for r in body["reviews"] if r["stage"] == "material_review") == sorted(panel)
    [decision] = [r for r in body["reviews"] if r["stage"] == "qualification_review"]
    assert decision["reviewer_role"] == "third_party" and decision["outcome"] == "passed" and decision["conditions"]
    assert all(r["comments"] for r in body["reviews"] if r["stage"] == "material_review")

    results = as_member(desk, MEMBER, "/v1/applications/app-1/results")
    assert results.status_code == 200, results.text
    assert results.json() == desk.as_office("GET", "/v1/applications/app-1/results").json()
    listed = as_member(desk, MEMBER, f"/v1/cycles/{desk.cycle_id}/applications")
    assert listed.status_code == 200 and [a["application_id"] for a in listed.json()["applications"]] == ["app-1"]
    assert listed.json()["applications"][0]["stages"]["qualification_review"]["outcome"] == "passed"
    assert as_member(desk, MEMBER, "/v1/applications/app-1").status_code == 200

    reads = [(a["actor"], a["action"], a["target"]) for a in desk.audit()[before:] if a["actor"] == MEMBER]
    assert reads == [(MEMBER, "read reviews", "app-1"), (MEMBER, "read results", "app-1"),
                     (MEMBER, "read applications", desk.cycle_id), (MEMBER, "read application", "app-1")]


def test_art9_the_group_reads_only_it_writes_nothing(desk):
    panel = reviewed(desk)
    before = (len(desk.audit()), len(desk.outbox()))
    for path, body in ((f"/v1/applications/app-1/reviews/material_review", {"outcome": "failed"}),
                       (f"/v1/cycles/{desk.cycle_id}/stages/material_review/close", {}),
                       (f"/v1/applications/app-1/recusals", {"expert_subject": panel[0], "reason": "监督"}),
                       (f"/v1/cycles/{desk.cycle_id}/candidates", {})):
        assert as_member(desk, MEMBER, path, "POST", body).status_code == 403, path
    assert (len(desk.audit()), len(desk.outbox())) == before


def test_art9_another_cycles_group_and_a_dissolved_group_read_nothing(desk):
    reviewed(desk)
    before = len(desk.audit())
    for path in ("/v1/applications/app-1/reviews", "/v1/applications/app-1/results",
                 f"/v1/cycles/{desk.cycle_id}/applications", "/v1/applications/app-1"):
        refused = as_member(desk, OTHER_CYCLES, path)
        assert refused.status_code == 403, refused.text
        error = refused.json()["error"]
        assert error["article"] == "Art. 9" and "第九条" in error["message"] and "第二十五条" not in error["message"]
    assert len(desk.audit()) == before  # a refusal writes nothing, not even an audit row

    desk.seat_group([MEMBER, f"{MEMBER}-b"], dissolved=True)  # the cycle's work ended (Art. 9)
    refused = as_member(desk, MEMBER, "/v1/applications/app-1/reviews")
    assert refused.status_code == 403 and refused.json()["error"]["article"] == "Art. 9"
