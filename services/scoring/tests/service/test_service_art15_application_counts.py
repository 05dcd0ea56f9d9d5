"""Art. 15, 16: what the console shows as counts it asks scoring to count (the counts route
``GET /v1/cycles/{cycle}/applications/summary``), and the page it shows it asks for filtered
(``status``, ``unstarted``, ``with_opinion`` on the list), so a page of the console costs the same
calls at 10,000 applications as at 100. The counts are the list's: the same readers (the third
party, the office, the cycle's supervision group; 403 to another cycle's group, an expert), 404
for a cycle scoring does not know, audited as the list is."""
from award_scoring import tables
from scoring_testkit import wait_for

MEMBER = "sv-2019-1"


def scene(desk):
    """Four recommended applications (app-0 through the qualification review, app-1 with the
    group's opinion), one submitted and not recommended."""
    desk.seat_group([MEMBER])
    desk.seat_group(["sv-2021-1"], cycle_id="cycle-2021")
    desk.qualified_panel(3, app_id="app-0")
    for n in (1, 2, 3):
        desk.application(f"app-{n}")
    desk.application("not-yet", recommend=False)
    desk.publish("supervision", "opinion.recorded", {"application_id": "app-1", "cycle_id": desk.cycle_id,
                                                     "opinion": "评审过程规范，无异议。"})
    wait_for(lambda: desk.row(tables.opinions, application_id="app-1"), message="the opinion")


def ids(answer):
    assert answer.status_code == 200, answer.text
    return [a["application_id"] for a in answer.json()["applications"]]


def test_art15_the_counts_by_status_and_the_filtered_pages(desk):
    scene(desk)
    path = f"/v1/cycles/{desk.cycle_id}/applications"
    before = len(desk.audit("read application counts"))
    counted = desk.as_agency("GET", path + "/summary")
    assert counted.status_code == 200, counted.text
    assert counted.json() == {"cycle_id": desk.cycle_id, "total": 5,
                              "by_status": {"recommended": 4, "submitted": 1},
                              "recommended_unstarted": 3, "recommended_without_opinion": 3}
    assert len(desk.audit("read application counts")) == before + 1
    assert desk.as_office("GET", path + "/summary").json() == counted.json()

    # the pages the console shows: exactly the rows it used to filter out of every row
    assert ids(desk.as_agency("GET", path + "?status=recommended&unstarted=true")) == ["app-1", "app-2", "app-3"]
    assert ids(desk.as_agency("GET", path + "?unstarted=false")) == ["app-0"]
    assert ids(desk.as_agency("GET", path + "?status=submitted")) == ["not-yet"]
    assert ids(desk.as_agency("GET", path + "?status=recommended&with_opinion=false")) == ["app-0", "app-2", "app-3"]
    assert ids(desk.as_agency("GET", path + "?with_opinion=true")) == ["app-1"]
    # filtered, a page at a time all the same: the cursor is any application of the cycle
    first = desk.as_agency("GET", path + "?status=recommended&unstarted=true&limit=2").json()
    assert [a["application_id"] for a in first["applications"]] == ["app-1", "app-2"] and first["next"] == "app-2"
    assert ids(desk.as_agency("GET", path + "?status=recommended&unstarted=true&limit=2&after=app-2")) == ["app-3"]
    for bad in ("status=granted", "unstarted=maybe", "with_opinion=perhaps"):
        refused = desk.as_agency("GET", f"{path}?{bad}")
        assert refused.status_code == 422 and list(refused.json()["error"]["fields"]) == [bad.split("=")[0]], bad


def test_art9_the_counts_are_read_by_the_lists_readers_only(desk):
    scene(desk)
    path = f"/v1/cycles/{desk.cycle_id}/applications/summary"
    member = desk.svc.client.call("GET", path, "supervisor", sub=MEMBER)
    assert member.status_code == 200 and member.json()["total"] == 5, member.text
    other = desk.svc.client.call("GET", path, "supervisor", sub="sv-2021-1")
    assert other.status_code == 403 and other.json()["error"]["article"] == "Art. 9", other.text
    assert desk.as_expert("exp-00", "GET", path).status_code == 403
    assert desk.svc.client.call("GET", path, "applicant", sub="someone").status_code == 403
    unknown = desk.as_agency("GET", "/v1/cycles/cycle-1999/applications/summary")
    assert unknown.status_code == 404, unknown.text
