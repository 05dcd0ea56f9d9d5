"""Documents (Art. 14, 25): sha256, size limit and types enforced, content on disk, served
only to the applicant, the office, the third party and the experts of panel.assigned;
every read audited."""
import hashlib
import os

import sqlalchemy as sa

from award_intake import examples
from award_intake.tables import documents
from award_scoring.service import ScoringService
from award_shared.events.samples import SAMPLES
from award_testing.helpers import commit_events, wait_for

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"
REPORT = b"%PDF-1.7\n" + "自我评价报告".encode() * 20


def test_art25_documents_are_read_by_applicant_office_third_party_and_assigned_experts_only(
        accepting, service_factory):
    scoring = service_factory(ScoringService, clock=CLOCK_2019)
    app_id = accepting.ready_unit()
    doc = accepting.attach(app_id, "self_evaluation", content=REPORT, filename="自我评价报告.pdf")
    assert doc["sha256"] == hashlib.sha256(REPORT).hexdigest() and doc["size"] == len(REPORT)
    listed = accepting.client.get(f"/v1/applications/{app_id}/documents", "office").json()["documents"]
    assert doc in listed  # built, not read back (issue 37): the answer is the row as a read lists it
    with accepting.engine.connect() as conn:
        assert sa.select(documents).selected_columns.keys() == list(documents.c.keys())
        assert conn.execute(sa.select(documents.c.sha256).where(documents.c.document_id == doc["document_id"])
                            ).scalar() == doc["sha256"]
    root = accepting.container.config["DOCUMENT_DIR"]
    assert open(os.path.join(root, doc["sha256"][:2], doc["sha256"]), "rb").read() == REPORT

    path = f"/v1/applications/{app_id}/documents/{doc['document_id']}"

    def read(*roles, **who):
        return accepting.client.get(path, *roles, **who)
    assert read("third_party", sub="agency-zhang").status_code == 403  # no agency entrusted yet (Art. 7 LG(3))
    agency = dict(SAMPLES["agency.appointed"], cycle_id="cycle-2019", staff_subjects=["agency-zhang"])
    commit_events(scoring, "agency.appointed", [agency])
    wait_for(lambda: read("third_party", sub="agency-zhang").status_code == 200, message="intake to learn the agency")
    assert read("third_party", sub="another-agency").status_code == 403
    for roles, who in ((("applicant",), {"sub": "unit-a"}), (("office",), {}), (("third_party",), {"sub": "agency-zhang"})):
        resp = read(*roles, **who)
        assert resp.status_code == 200 and resp.content == REPORT, roles
        assert resp.headers["X-Content-SHA256"] == doc["sha256"] and resp.headers["Content-Type"] == "application/pdf"
    assert read("applicant", sub="unit-b").status_code == 404
    assert read("district", district="市中区").status_code == 403
    assert read("expert", sub="expert-01").status_code == 403
    assert read("supervisor").status_code == 403

    panel = dict(SAMPLES["panel.assigned"], application_id=app_id, cycle_id="cycle-2019",
                 expert_subjects=["expert-01", "expert-02"])
    commit_events(scoring, "panel.assigned", [panel])
    wait_for(lambda: read("expert", sub="expert-01").status_code == 200, message="intake to learn the panel")
    assert read("expert", sub="expert-03").status_code == 403
    listed = accepting.client.get(f"/v1/applications/{app_id}/documents", "expert", sub="expert-02").json()
    assert {d["kind"] for d in listed["documents"]} == {"application_form", "self_evaluation", "evidence"}

    commit_events(scoring, "panel.assigned", [dict(panel, expert_subjects=["expert-03"])])
    wait_for(lambda: read("expert", sub="expert-03").status_code == 200, message="the new panel to replace the old")
    assert read("expert", sub="expert-01").status_code == 403

    entries = accepting.client.every_page("/admin/v1/audit", "entries", "operator")
    reads = [e for e in entries if e["action"] == "document.read"]
    assert len(reads) >= 5 and {e["actor"] for e in reads} >= {"unit-a", "office-test", "agency-zhang",
                                                                  "expert-01", "expert-03"}


def test_art14_type_size_and_status_are_enforced_on_upload(accepting):
    app = accepting.create(examples.unit_form())
    app_id = app["application_id"]
    before = accepting.counts()
    too_big = accepting.attach(app_id, "evidence", content=b"%PDF-" + b"x" * 5000, status=422)
    assert list(too_big["fields"]) == ["content"] and "4096" in too_big["fields"]["content"][0]
    exe = accepting.attach(app_id, "evidence", content=b"MZ\x90\x00", media_type="application/x-msdownload",
                           filename="a.exe", status=422)
    assert list(exe["fields"]) == ["media_type"]
    renamed = accepting.attach(app_id, "evidence", content=b"MZ\x90\x00", status=422)
    assert list(renamed["fields"]) == ["content"]
    bad_b64 = accepting.client.post(f"/v1/applications/{app_id}/documents", "applicant", sub="unit-a",
                                    json_body=dict(examples.document("evidence"), content="%%%"))
    assert bad_b64.status_code == 422
    assert accepting.attach(app_id, "evidence", sub="unit-b", status=404)
    assert accepting.counts() == before

    accepting.attach(app_id, "evidence", content=examples.PDF, relates_to="Art. 10(3)")
    accepting.attach_required(app_id)
    accepting.submit(app_id)
    assert accepting.attach(app_id, "evidence", status=409)["code"] == "wrong_status"
