"""Art. 3 and 14: who may apply, from where, with what evidence, and what the district's
preliminary review records. The districts, counties and functional zones are the rule set's
list (the notice may amend it for the edition); an application chooses one: a unit where it is
registered, a person where they do quality work, which the district confirms."""
import sqlalchemy as sa

from award_intake import examples
from award_shared.store import db


def audit_detail(intake, action):
    with intake.engine.connect() as conn:
        return conn.execute(sa.select(db.audit_log.c.detail).where(db.audit_log.c.action == action)
                            .order_by(db.audit_log.c.id.desc())).scalars().first()


def test_art3_art14_an_application_chooses_its_district_from_the_rule_sets_list(accepting):
    notice = accepting.client.get("/v1/cycles/cycle-2019/notice", "office").json()
    assert notice["districts"][:2] == ["历下区", "市中区"] and "济南高新技术产业开发区" in notice["districts"]
    assert "平阴县" in notice["districts"] and len(notice["districts"]) == 15
    before = accepting.counts()
    misspelt = accepting.create(examples.unit_form(district="历下"), status=422)
    assert misspelt["article"] == "Art. 3" and misspelt["code"] == "unknown_district"
    assert "第三条" in misspelt["message"] and list(misspelt["fields"]) == ["district"]
    assert "where the unit is registered" in misspelt["fields"]["district"][0]
    home = accepting.create(examples.individual_form(district="北京市朝阳区"), sub="person-li", status=422)
    assert "where the person does quality work" in home["fields"]["district"][0]
    assert accepting.counts() == before

    draft = accepting.create(examples.unit_form(district="济阳区"))
    assert draft["district"] == "济阳区"
    changed = accepting.client.call("PUT", f"/v1/applications/{draft['application_id']}", "applicant", sub="unit-a",
                                    json_body=examples.unit_form(district="济阳"))
    assert changed.status_code == 422 and changed.json()["error"]["article"] == "Art. 3"


def test_art3_art14_the_office_amends_the_editions_districts_in_the_notice(intake):
    intake.open_cycle()
    intake.approve_tilt()
    repeated = intake.client.post("/v1/cycles/cycle-2019/notice", "office", json_body={
        "text": "通知", "districts": ["历下区", "历下区"]})
    assert repeated.status_code == 422 and list(repeated.json()["error"]["fields"]) == ["districts"]
    notice = intake.publish_notice(approve=False, districts=["历下区", "济南新旧动能转换起步区"])
    assert notice["districts"] == ["历下区", "济南新旧动能转换起步区"]
    assert intake.create(examples.unit_form(district="济南新旧动能转换起步区"))["status"] == "draft"
    assert intake.create(examples.unit_form(district="市中区"), sub="unit-b", status=422)["article"] == "Art. 3"
    assert '"districts_amended": true' in audit_detail(intake, "notice.publish")


def test_art14_the_evidence_the_rule_set_lists_is_required_at_submission(accepting):
    app_id = accepting.create(examples.unit_form())["application_id"]
    accepting.attach(app_id, "application_form")
    accepting.attach(app_id, "self_evaluation")
    accepting.attach(app_id, "evidence", relates_to="Art. 10(3)")
    refused = accepting.submit(app_id, status=409)
    assert refused["article"] == "Art. 14" and refused["code"] == "documents_missing"
    assert refused["fields"] == {"evidence": ["registration"]} and "营业执照" in refused["message"]
    assert "第十四条" in refused["message"]
    assert accepting.get(app_id, "office").json()["status"] == "draft"
    accepting.attach(app_id, "evidence", relates_to="registration", filename="营业执照.pdf")
    assert accepting.submit(app_id)["status"] == "submitted"


def test_art14_the_district_review_records_the_member_units_that_took_part_and_who_signed(accepting):
    app_id = accepting.submitted_unit()
    before = accepting.counts()
    missing = accepting.review(app_id, member_units=None, status=422)
    assert list(missing["fields"]) == ["member_units"]
    assert list(accepting.review(app_id, member_units=[], status=422)["fields"]) == ["member_units"]
    assert list(accepting.review(app_id, member_units=["区市场监督管理局"] * 2, status=422)["fields"]) == ["member_units"]
    assert accepting.counts() == before

    view = accepting.review(app_id, member_units=["历下区市场监督管理局", "历下区科学技术局"], signatory="历下区 王主任")
    [entry] = view["district_reviews"]
    assert entry["member_units"] == ["历下区市场监督管理局", "历下区科学技术局"]
    assert entry["signatory"] == "历下区 王主任" and entry["workplace_confirmed"] is None
    assert "历下区科学技术局" in audit_detail(accepting, "application.recommend")
    seen = accepting.get(app_id, "district", district="历下区", sub="coordinator-历下区").json()
    assert seen["district_reviews"][0]["member_units"] == entry["member_units"]


def test_art3_an_individuals_workplace_in_the_district_is_confirmed_before_it_recommends(accepting):
    app_id = accepting.create(examples.individual_form(), sub="person-li")["application_id"]
    accepting.attach_required(app_id, sub="person-li", kind="individual")
    accepting.submit(app_id, sub="person-li")
    before = accepting.counts()
    for confirmed in (None, False):
        refused = accepting.review(app_id, workplace_confirmed=confirmed, status=422)
        assert refused["article"] == "Art. 3" and list(refused["fields"]) == ["workplace_confirmed"]
        assert "第三条" in refused["message"]
    assert accepting.counts() == before
    view = accepting.review(app_id, workplace_confirmed=True)
    assert view["status"] == "recommended" and view["district_reviews"][0]["workplace_confirmed"] is True

    unit = accepting.submitted_unit()
    assert list(accepting.review(unit, workplace_confirmed=True, status=422)["fields"]) == ["workplace_confirmed"]
    assert accepting.review(unit)["status"] == "recommended"
