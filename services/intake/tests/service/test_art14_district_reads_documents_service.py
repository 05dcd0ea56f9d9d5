"""Art. 14: the district coordinators who must review an application's materials may open
them — their own district only — and each read is audited like every other (Art. 25)."""
import sqlalchemy as sa

from award_shared.store import db


def test_art14_the_applications_district_reads_its_documents_audited_and_no_other_district(accepting):
    app_id = accepting.ready_unit()
    [doc] = [d for d in accepting.client.get(f"/v1/applications/{app_id}/documents", "office").json()["documents"]
             if d["kind"] == "self_evaluation"]
    path = f"/v1/applications/{app_id}/documents/{doc['document_id']}"
    own = accepting.client.get(path, "district", district="历下区", sub="coordinator-lixia")
    assert own.status_code == 200 and own.content.startswith(b"%PDF")
    listed = accepting.client.get(f"/v1/applications/{app_id}/documents", "district", district="历下区")
    assert listed.status_code == 200 and len(listed.json()["documents"]) == 3
    other = accepting.client.get(path, "district", district="市中区", sub="coordinator-shizhong")
    assert other.status_code == 403 and "第十四条" in other.json()["error"]["message"]
    with accepting.engine.connect() as conn:
        reads = conn.execute(sa.select(db.audit_log.c.actor).where(db.audit_log.c.action == "document.read")).all()
    assert [r.actor for r in reads] == ["coordinator-lixia"]
