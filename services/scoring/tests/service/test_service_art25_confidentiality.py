"""Service tests, Art. 25: everyone in the review keeps its secrets; scores, comments and material
are read by the third party, the office and the assigned experts (and, read-only, the cycle's
supervision group: test_service_art9_supervision_reads_the_review.py); an expert sees its own;
every read is audited."""


def scene(desk):
    panel = desk.qualified_panel(4)
    desk.stage("material_review", "open")
    for n, expert in enumerate(panel):
        assert desk.sheet(expert, "app-1", "material_review", 0.6 + n / 10).status_code == 201
    outsider = ({"exp-00", "exp-01", "exp-02", "exp-03"} - set(panel)).pop()
    return panel, outsider


def test_art25_an_expert_reads_only_its_own_sheet_the_office_and_third_party_all(desk):
    panel, outsider = scene(desk)
    own = desk.as_expert(panel[1], "GET", "/v1/applications/app-1/reviews")
    assert own.status_code == 200
    assert [r["reviewer"] for r in own.json()["reviews"]] == [panel[1]] and own.json()["scope"] == "own"
    assert own.json()["reviews"][0]["comments"]
    for reader in (desk.as_office, desk.as_agency):
        everything = reader("GET", "/v1/applications/app-1/reviews").json()
        assert everything["scope"] == "all" and len(everything["reviews"]) == 4  # 3 sheets and the decision
    client = desk.svc.client
    refused = [desk.as_expert(outsider, "GET", "/v1/applications/app-1/reviews"),
               client.get("/v1/applications/app-1/reviews", "third_party", sub="another-agency"),
               client.get("/v1/applications/app-1/reviews", "supervisor"),
               client.get("/v1/applications/app-1/reviews", "applicant"),
               client.get("/v1/applications/app-1/reviews", "district", district="历下区")]
    assert [r.status_code for r in refused] == [403] * 5
    error = refused[0].json()["error"]  # who reads is the part each plays in the review, not Art. 25
    assert error["article"] == "Art. 8, 9, 15" and "第二十五条" not in error["message"]
    assert refused[2].json()["error"]["article"] == "Art. 9"  # a supervisor on no sitting group of the cycle
    assert desk.as_expert(panel[0], "GET", "/v1/applications/app-1/results").status_code == 403


def test_art25_every_read_is_audited_with_the_reader(desk):
    panel, _ = scene(desk)
    before = len(desk.audit())
    desk.as_expert(panel[0], "GET", "/v1/applications/app-1/reviews")
    desk.as_office("GET", "/v1/applications/app-1/reviews")
    desk.as_agency("GET", "/v1/applications/app-1/results")
    desk.as_expert(panel[0], "GET", "/v1/applications/app-1")
    reads = [(a["actor"], a["action"], a["target"]) for a in desk.audit()[before:]]
    assert reads == [(panel[0], "read reviews", "app-1"), ("office-li", "read reviews", "app-1"),
                     ("agency-zhang", "read results", "app-1"), (panel[0], "read application", "app-1")]


def test_art25_an_expert_sees_only_its_own_assignments(desk):
    panel, outsider = scene(desk)
    seat = desk.as_expert(panel[0], "GET", "/v1/applications/app-1/assignments").json()
    assert seat["panel"] is None and [s["expert_subject"] for s in seat["seats"]] == [panel[0]]
    assert desk.as_expert(outsider, "GET", "/v1/applications/app-1/assignments").status_code == 403
    assert desk.as_expert(outsider, "GET", "/v1/applications/app-1").status_code == 403
    mine = desk.as_expert(panel[0], "GET", "/v1/experts/me/assignments").json()["assignments"]
    assert [(a["application_id"], a["status"]) for a in mine] == [("app-1", "active")]
    assert desk.as_expert(outsider, "GET", "/v1/experts/me/assignments").json()["assignments"] == []
