"""Art. 9(2), one container: 向市质量强市领导小组报告监督情况 — a member of the sitting group reports
on its supervision to the leading group: an act, kept in full, audited, listed among the reports
to the leading group, read by the leading group and the office; nobody else reports for it."""


def test_art9_the_group_reports_its_supervision_to_the_leading_group(supervision, cycle):
    url = f"/v1/cycles/{cycle}/supervision-reports"
    body = {"title": "2019年度市长质量奖材料评审阶段监督情况报告", "content": "监督小组全程参加材料评审，未发现违规。",
            "steps": ["material_review", "district_review"], "document": "监督小组报告第1号"}
    for role, sub in (("office", "office-1"), ("leading_group", "lg-1"), ("supervisor", "outsider")):
        resp = supervision.client.post(url, role, sub=sub, json_body=body)
        assert resp.status_code == 403, (role, resp.text)
    bad = supervision.client.post(url, "supervisor", sub="p01", json_body={**body, "steps": ["lunch"]})
    assert bad.status_code == 422 and "steps" in bad.json()["error"]["fields"]
    resp = supervision.client.post(url, "supervisor", sub="p03", json_body=body)
    assert resp.status_code == 201, resp.text
    report = resp.json()
    assert (report["cycle_id"], report["reported_by"], report["steps"], report["document"]) == \
        (cycle, "p03", ["material_review", "district_review"], "监督小组报告第1号")

    for role in ("leading_group", "office"):
        listed = supervision.client.get(url, role).json()["supervision_reports"]
        assert [(r["report_id"], r["content"]) for r in listed] == [(report["report_id"], body["content"])], role
    assert supervision.client.get(url, "supervisor", sub="p01").status_code == 200
    assert supervision.client.get(url, "supervisor", sub="outsider").status_code == 403
    [entry] = supervision.client.get(f"/v1/reports?cycle_id={cycle}", "leading_group").json()["reports"]
    assert (entry["kind"], entry["ref_id"], entry["summary"]) == ("supervision", report["report_id"], body["title"])
    [audit] = supervision.audit("supervision.report")
    assert audit["actor"] == "p03" and audit["target"] == cycle

    supervision.close_cycle(cycle)  # the group is dissolved: it reports no more, its reports stay
    assert supervision.client.post(url, "supervisor", sub="p03", json_body=body).status_code == 403
    assert len(supervision.client.get(url, "leading_group").json()["supervision_reports"]) == 1
