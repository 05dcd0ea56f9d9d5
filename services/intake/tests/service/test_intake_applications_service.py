"""Draft applications of units and individuals (Art. 3, 14): fields, identifiers, who sees
what, and bad input that changes nothing."""
from award_intake import examples
from award_scoring.service import ScoringService
from award_shared.events.samples import SAMPLES
from award_testing.helpers import commit_events, wait_for


def test_art14_a_unit_drafts_its_application_and_only_it_and_staff_see_it(accepting):
    app = accepting.create(examples.unit_form(), sub="unit-a")
    app_id = app["application_id"]
    assert app["status"] == "draft" and app["step"] == "application"
    assert app["credit_code"] == examples.credit_code() and app["tilt_claims"][0]["kind"] == "ten_major_industries"
    read = accepting.get(app_id, "applicant", sub="unit-a").json()
    assert app == {k: v for k, v in read.items() if k != "district_reviews"}  # built, not read back (issue 37)

    assert accepting.get(app_id, "applicant", sub="unit-a").status_code == 200
    assert accepting.get(app_id, "applicant", sub="unit-b").status_code == 404
    assert accepting.get(app_id, "district", district="历下区").status_code == 200
    assert accepting.get(app_id, "district", district="市中区").status_code == 403
    assert accepting.get(app_id, "office").status_code == 200
    assert accepting.get("app-2019-nope", "office").status_code == 404

    listed = accepting.client.get("/v1/cycles/cycle-2019/applications", "applicant", sub="unit-b").json()
    assert listed["applications"] == []
    mine = accepting.client.get("/v1/cycles/cycle-2019/applications", "applicant", sub="unit-a").json()
    assert [a["application_id"] for a in mine["applications"]] == [app_id]
    other_district = accepting.client.get("/v1/cycles/cycle-2019/applications", "district", district="市中区")
    assert other_district.json()["applications"] == []
    assert accepting.client.get("/v1/cycles/cycle-2019/applications", "government").status_code == 403
    assert not accepting.outbox("application.submitted")  # a draft is nobody's business yet


def test_art14_a_persons_resident_id_is_masked_except_for_the_office(accepting):
    number = examples.resident_id()
    app = accepting.create(examples.individual_form(), sub="person-li")
    masked = number[:6] + "********" + number[-4:]
    assert app["resident_id"] == masked and len(app["person_key"]) == 64
    read = accepting.get(app["application_id"], "applicant", sub="person-li").json()
    assert app == {k: v for k, v in read.items() if k != "district_reviews"}  # built, not read back (issue 37)
    assert accepting.get(app["application_id"], "applicant", sub="person-li").json()["resident_id"] == masked
    assert accepting.get(app["application_id"], "leading_group").json()["resident_id"] == masked
    assert accepting.get(app["application_id"], "office").json()["resident_id"] == number


def test_art14_bad_input_is_refused_naming_the_field_and_changes_nothing(accepting):
    before = accepting.counts()
    code = examples.credit_code()
    wrong = accepting.create(examples.unit_form(credit_code=code[:17] + ("0" if code[17] != "0" else "1")),
                             status=422)
    assert list(wrong["fields"]) == ["credit_code"]
    future = accepting.create(examples.unit_form(main_business_since="2019-03-02"), status=422)
    assert list(future["fields"]) == ["main_business_since"]
    fee = accepting.create(examples.unit_form(application_fee="5000.00"), status=422)
    assert "第二十条" in fee["fields"]["application_fee"][0]
    resp = accepting.client.call("POST", "/v1/cycles/cycle-2019/applications", "applicant", data=b"{nope",
                                 headers={"Content-Type": "application/json"})
    assert resp.status_code == 400
    assert accepting.client.post("/v1/cycles/cycle-2019/applications", "office",
                                 json_body=examples.unit_form()).status_code == 403
    assert accepting.create(examples.unit_form(), cycle_id="cycle-1999", status=404)
    assert accepting.counts() == before


def test_art14_the_applicant_changes_its_draft_but_not_its_kind(accepting):
    app = accepting.create(examples.unit_form())
    path = f"/v1/applications/{app['application_id']}"
    changed = accepting.client.call("PUT", path, "applicant", sub="unit-a",
                                    json_body=examples.unit_form(name="济南示例精密机械股份有限公司"))
    assert changed.status_code == 200 and changed.json()["name"] == "济南示例精密机械股份有限公司"
    other = accepting.client.call("PUT", path, "applicant", sub="unit-b", json_body=examples.unit_form())
    assert other.status_code == 404
    kind = accepting.client.call("PUT", path, "applicant", sub="unit-a", json_body=examples.individual_form())
    assert kind.status_code == 422 and list(kind.json()["error"]["fields"]) == ["kind"]


def test_the_openapi_document_describes_every_intake_route_and_no_fee(intake):
    doc = intake.client.get("/openapi.json").json()
    for path, method in (("/v1/cycles/{cycle_id}/notice", "post"), ("/v1/cycles/{cycle_id}/applications", "post"),
                         ("/v1/applications/{application_id}/submit", "post"),
                         ("/v1/applications/{application_id}/district-review", "post"),
                         ("/v1/applications/{application_id}/documents", "post"),
                         ("/v1/applications/{application_id}/documents/{document_id}", "get"),
                         ("/v1/past-winners", "post"), ("/public/v1/cycles/{cycle_id}/application-notice", "get")):
        assert method in doc["paths"][path], path
    form = doc["paths"]["/v1/cycles/{cycle_id}/applications"]["post"]["requestBody"]["content"][
        "application/json"]["schema"]
    assert {"credit_code", "resident_id", "declarations", "tilt_claims"} <= set(form["properties"])
    assert form["additionalProperties"] is False
    assert "fee" not in str(doc["paths"]).lower() and "payment" not in str(doc["paths"]).lower()


def test_a_cycles_applications_are_listed_a_page_at_a_time_oldest_first(accepting):
    """Province scale (issue 37): the list is a page (``limit``, 100 by default, at most 500),
    oldest first, and ``next`` is the ``after`` of the next page, null on the last; a filter
    holds across pages; a bad ``limit``, ``after`` or ``status`` is 422 naming it."""
    made = [accepting.create(examples.unit_form(credit_code=examples.credit_code(f"MA3C4XY{n}")), sub=f"unit-{n}")
            ["application_id"] for n in range(5)]
    made.sort()  # the test's clock stands still: all were made at the same instant, and ties go by id
    url = "/v1/cycles/cycle-2019/applications"

    def walk(query):
        seen, after, pages = [], None, 0
        while True:
            page = accepting.client.get(url + query + (f"&after={after}" if after else ""), "office").json()
            seen += [a["application_id"] for a in page["applications"]]
            pages += 1
            after = page["next"]
            if after is None:
                return seen, pages

    assert walk("?limit=2") == (made, 3)
    assert walk("?limit=5") == (made, 2)  # a full last page: its next leads to an empty one
    assert walk("?limit=2&status=draft") == (made, 3)
    everything = accepting.client.get(url, "office").json()
    assert [a["application_id"] for a in everything["applications"]] == made and everything["next"] is None
    for query, field in (("?limit=0", "limit"), ("?limit=501", "limit"), ("?after=app-nope", "after"),
                         ("?status=lost", "status")):
        resp = accepting.client.get(url + query, "office")
        assert resp.status_code == 422 and field in resp.json()["error"]["fields"], (query, resp.text)


def test_a_cycles_applications_are_counted_by_status_under_the_lists_own_scope(accepting):
    """Province scale: the counts a page shows come from the database (``GROUP BY``), never from
    reading every row: ``GET /v1/cycles/{cycle}/applications/summary``, for the list's readers and
    under the list's scope (an applicant its own, a district its district's); 404 for an unknown
    cycle, 403 for a role that may not list."""
    for n in range(3):
        accepting.create(examples.unit_form(credit_code=examples.credit_code(f"MA3C4XY{n}")), sub=f"unit-{n}")
    accepting.submitted_unit(sub="unit-9", credit_code=examples.credit_code("MA3C4XY9"))
    url = "/v1/cycles/cycle-2019/applications/summary"

    def counted(*roles, **who):
        resp = accepting.client.get(url, *roles, **who)
        assert resp.status_code == 200, resp.text
        return resp.json()

    assert counted("office") == {"cycle_id": "cycle-2019", "total": 4, "by_status": {"draft": 3, "submitted": 1}}
    assert counted("leading_group")["total"] == 4
    assert counted("applicant", sub="unit-9") == {"cycle_id": "cycle-2019", "total": 1, "by_status": {"submitted": 1}}
    assert counted("applicant", sub="nobody") == {"cycle_id": "cycle-2019", "total": 0, "by_status": {}}
    assert counted("district", district="历下区")["total"] == 4
    assert counted("district", district="市中区") == {"cycle_id": "cycle-2019", "total": 0, "by_status": {}}
    listed = accepting.client.get("/v1/cycles/cycle-2019/applications?status=submitted", "office").json()
    assert len(listed["applications"]) == counted("office")["by_status"]["submitted"]
    assert accepting.client.get(url, "government").status_code == 403
    assert accepting.client.get("/v1/cycles/cycle-1999/applications/summary", "office").status_code == 404


def test_an_experts_count_is_of_the_applications_on_its_panels_only(accepting, service_factory):
    """The list shows an expert the applications it is assigned to (Art. 8, 25); their count is
    of those alone, read by the panels scoring announced (``panel.assigned``)."""
    scoring = service_factory(ScoringService, clock="fixed:2019-03-01T09:00:00+08:00")
    mine = accepting.submitted_unit(sub="unit-7", credit_code=examples.credit_code("MA3C4XY7"))
    accepting.submitted_unit(sub="unit-8", credit_code=examples.credit_code("MA3C4XY8"))
    commit_events(scoring, "panel.assigned", [dict(SAMPLES["panel.assigned"], application_id=mine,
                                                   cycle_id="cycle-2019", expert_subjects=["expert-01", "expert-02"])])
    url = "/v1/cycles/cycle-2019/applications/summary"

    def total(sub):
        resp = accepting.client.get(url, "expert", sub=sub)
        return resp.json()["total"] if resp.status_code == 200 else None
    wait_for(lambda: total("expert-01") == 1, message="intake to learn the panel")
    assert accepting.client.get(url, "expert", sub="expert-02").json()["by_status"] == {"submitted": 1}
    assert total("expert-0") == 0 and total("expert-03") == 0  # a subject that is part of another's: not it
    listed = accepting.client.get("/v1/cycles/cycle-2019/applications", "expert", sub="expert-01").json()
    assert [a["application_id"] for a in listed["applications"]] == [mine]
