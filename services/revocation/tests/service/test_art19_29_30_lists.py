"""The lists the console works from (issue 35): an edition's awards with what is due on each
(Art. 19-21, 24), and the revocation cases by state (Art. 29, 30) — those waiting for the leading
group's proposal or the government's decision (Art. 7). Each a page at a time (``after``,
``limit``, ``next``), read as the other revocation reads are: a supervisor its own cycle's only
(Art. 9), nobody but the staff at all."""
from datetime import datetime, timedelta, timezone

from award_revocation.tables import awards
from revocation_testkit import CYCLE


def _page_through(client, path, role, key):
    rows = "awards" if key == "award_id" else "cases"
    seen, after, pages = [], None, 0
    while True:
        sep = "&" if "?" in path else "?"
        page = client.get(path + (f"{sep}after={after}" if after else ""), role).json()
        seen, after, pages = seen + [r[key] for r in page[rows]], page["next"], pages + 1
        if after is None:
            return seen, pages


def _pay(office, award_id, amount):
    resp = office.post(f"/v1/awards/{award_id}/payments", "office", {
        "paid_on": "2020-01-15", "amount": amount, "reference": "付款凭证 2020-0015", "budget_year": 2020,
        "budget_line": "市长质量奖奖励资金（质量发展专项）"})
    assert resp.status_code == 201, resp.text


def _dues(page):
    return {a["award_id"]: [d["duty"] for d in a["due"]] for a in page["awards"]}


def test_art19_21_24_the_office_lists_an_editions_awards_with_what_is_due_a_page_at_a_time(office):
    for award_id in ("award-l1", "award-l2", "award-l3"):
        office.grant(award_id, prize="500000.00")
    client = office.client
    first = client.get(f"/v1/cycles/{CYCLE}/awards", "office").json()
    assert [a["award_id"] for a in first["awards"]] == ["award-l1", "award-l2", "award-l3"] and first["next"] is None
    assert set(_dues(first)["award-l1"]) == {"payment", "experience_sharing"}
    assert {d["duty"]: d["article"] for d in first["awards"][0]["due"]} == {"payment": "Art. 19",
                                                                           "experience_sharing": "Art. 24"}

    _pay(office, "award-l1", "500000.00")
    _pay(office, "award-l2", "200000.00")
    report = office.post("/v1/awards/award-l2/fund-use-reports", "office", {
        "reported_on": "2020-12-20", "uses": [{"purpose": "research", "amount": "200000"}]}).json()
    assert office.post("/v1/awards/award-l3/experience-sharing", "office", {
        "shared_on": "2020-05-12", "form": "exchange_meeting", "what": "卓越绩效模式导入经验"}).status_code == 201
    page = client.get(f"/v1/cycles/{CYCLE}/awards", "office").json()
    dues = _dues(page)
    assert dues["award-l1"] == ["fund_use_report", "experience_sharing"]        # paid in full, use not reported
    assert dues["award-l2"] == ["payment", "use_report_review", "experience_sharing"]
    assert dues["award-l3"] == ["payment"]
    l2 = page["awards"][1]["duties"]
    assert (l2["paid"], l2["unpaid"], l2["payments"], l2["use_reports"]) == (
        "200000.00", "300000.00", 1, {"received": 1, "queried": 0, "accepted": 0})
    assert page["awards"][2]["duties"]["last_shared_on"] == "2020-05-12"
    office.post(f"/v1/fund-use-reports/{report['report_id']}/review", "office", {"decision": "queried", "note": "请补凭证"})
    assert _dues(client.get(f"/v1/cycles/{CYCLE}/awards", "office").json())["award-l2"] == [
        "payment", "use_report_queried", "experience_sharing"]

    # a page at a time; the other staff read it; a supervisor not sitting on the cycle's group does not
    assert _page_through(client, f"/v1/cycles/{CYCLE}/awards?limit=2", "leading_group", "award_id") == (
        ["award-l1", "award-l2", "award-l3"], 2)
    assert client.get(f"/v1/cycles/{CYCLE}/awards", "government").status_code == 200
    refused = client.get(f"/v1/cycles/{CYCLE}/awards", "supervisor")
    assert refused.status_code == 403 and "第九条" in refused.json()["error"]["message"]
    for role in ("applicant", "expert", "regulator"):
        assert client.get(f"/v1/cycles/{CYCLE}/awards", role).status_code == 403
    for query, field in (("?limit=0", "limit"), ("?limit=501", "limit"), ("?after=", "after")):
        resp = client.get(f"/v1/cycles/{CYCLE}/awards" + query, "office")
        assert resp.status_code == 422 and field in resp.json()["error"]["fields"], (query, resp.text)
    assert client.get("/v1/cycles/cycle-none/awards", "office").json() == {"cycle_id": "cycle-none", "awards": [],
                                                                           "next": None}


def test_art7_29_the_cases_waiting_for_the_leading_group_and_for_the_government_by_state(office):
    ids = {}
    for award_id, state in (("award-c1", "proposed"), ("award-c2", "verified"), ("award-c3", "proposed"),
                            ("award-c4", "investigated")):
        office.grant(award_id)
        ids[award_id] = office.open_case(award_id)
        office.to_state(ids[award_id], state)
    client = office.client
    # oldest first; on the test's fixed clock every case opened at the same instant, so by case id
    order = [c["case_id"] for c in client.get("/v1/cases", "office").json()["cases"]]
    assert sorted(order) == order and set(order) == set(ids.values())

    def of(*award_ids):
        return [c for c in order if c in {ids[a] for a in award_ids}]

    waiting_government = client.get("/v1/cases?state=proposed", "government").json()
    assert [c["case_id"] for c in waiting_government["cases"]] == of("award-c1", "award-c3")
    case = next(c for c in waiting_government["cases"] if c["award_id"] == "award-c1")
    assert (case["case_id"], case["cycle_id"], case["grounds"], case["closed"], case["recipient_name"]) == (
        ids["award-c1"], CYCLE, ["Art. 29(2)"], False, "济南示例制造有限公司")
    assert [c["award_id"] for c in client.get("/v1/cases?state=verified", "leading_group").json()["cases"]] == [
        "award-c2"]
    assert _page_through(client, "/v1/cases?limit=3", "office", "case_id") == (order, 2)
    assert _page_through(client, f"/v1/cases?state=proposed&cycle_id={CYCLE}&limit=1", "office", "case_id") == (
        of("award-c1", "award-c3"), 3)  # a full last page: an empty one after it

    # a supervisor reads no cycle's cases it does not sit on: none listed, and a cycle named is 403
    assert client.get("/v1/cases", "supervisor").json() == {"cases": [], "next": None}
    assert client.get(f"/v1/cases?cycle_id={CYCLE}", "supervisor").status_code == 403
    assert client.get("/v1/cases", "applicant").status_code == 403
    for query, field in (("?state=waiting", "state"), ("?limit=0", "limit"), ("?after=case-nope", "after")):
        resp = client.get("/v1/cases" + query, "office")
        assert resp.status_code == 422 and field in resp.json()["error"]["fields"], (query, resp.text)


def _statements(client, route):
    total = 0.0
    for line in client.get("/metrics").text.splitlines():
        if line.startswith("award_db_statements_total{") and f'route="{route}"' in line and 'method="GET"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_a_page_of_awards_costs_the_same_statements_at_2000_awards_as_at_3(office):
    """Province scale: what a page shows of its rows is read for the whole page at once, so a
    page runs as many statements whatever the edition's size (and the index reads from ``after``)."""
    route = "/v1/cycles/<cycle_id>/awards"
    for award_id in ("award-s1", "award-s2"):
        office.grant(award_id)
        _pay(office, award_id, "1000.00")

    def per_page():
        before = _statements(office.client, route)
        page = office.client.get(f"/v1/cycles/{CYCLE}/awards?limit=100", "office").json()
        return _statements(office.client, route) - before, len(page["awards"])

    small = per_page()
    start = datetime(2019, 12, 20, 2, tzinfo=timezone.utc)
    with office.svc.engine.begin() as conn:
        conn.execute(awards.insert(), [
            {"award_id": f"award-t{n:05d}", "cycle_id": CYCLE, "application_id": f"app-t{n:05d}",
             "certificate_number": f"JNSZ-t{n:05d}", "recipient_name": f"济南示例企业{n:05d}有限公司",
             "credit_code": None, "person_key": None, "category": "unit_award", "kind": "unit",
             "items": '["trophy", "certificate"]', "prize_fen": 50000000, "granted_on": start.date(),
             "imported": False, "edition": None, "status": "in_force", "learned_at": start + timedelta(seconds=n)}
            for n in range(2000)])
    large = per_page()
    assert small[0] > 0 and small == (large[0], 2) and large[1] == 100, (small, large)
