"""Personal data (issue 14, item 8): a complainant's name and contact are kept only for the
configured days after the cycle closed, then erased by a scheduled job, audited; the complaint
itself stays on record."""
from datetime import timedelta

import eventlet
import sqlalchemy as sa

from award_shared.cycles import known_cycles
from award_shared.store import db
from award_supervision.service import SupervisionService
from award_supervision.tables import complaints
from award_testing.helpers import wait_for


def test_art9_a_complainants_identity_is_erased_once_the_retention_after_the_cycle_has_passed(service_factory, bus):
    supervision = service_factory(SupervisionService, clock="fixed:2019-03-01T09:00:00+08:00", extra={
        "PERSONAL_DATA_TIMER_SECONDS": 0.2, "COMPLAINANT_DATA_RETENTION_DAYS": 30})
    cycle_id = bus.open_cycle(2019)
    wait_for(lambda: supervision.client.get(f"/v1/cycles/{cycle_id}", "office").status_code == 200,
             message="supervision to learn the cycle")
    filed = supervision.client.post("/public/v1/complaints", json_body={
        "content": "评审过程不公", "complainant": {"name": "王某", "contact": "138"}})
    assert filed.status_code == 201, filed.text
    bus.close_cycle(cycle_id)
    wait_for(lambda: supervision.client.get(f"/v1/cycles/{cycle_id}", "office").json()["status"] == "closed",
             message="supervision to learn the cycle closed")
    with supervision.engine.connect() as conn:
        closed_at = conn.execute(sa.select(known_cycles.c.closed_at).where(
            known_cycles.c.cycle_id == cycle_id)).scalar_one()

    def identity():
        with supervision.engine.connect() as conn:
            return conn.execute(sa.select(complaints.c.complainant_name, complaints.c.complainant_contact)).one()
    supervision.client.post("/admin/v1/clock", "operator", json_body={
        "at": (closed_at + timedelta(days=29)).isoformat()})
    eventlet.sleep(1.0)  # several ticks of the job (0.2 s)
    assert identity() == ("王某", "138")  # still within the retention
    supervision.client.post("/admin/v1/clock", "operator", json_body={
        "at": (closed_at + timedelta(days=31)).isoformat()})
    wait_for(lambda: identity() == (None, None), message="the complainant's identity to be erased")
    with supervision.engine.connect() as conn:
        [entry] = conn.execute(sa.select(db.audit_log).where(
            db.audit_log.c.action == "complaint.erase_personal_data")).mappings().all()
    assert entry["actor"] == "system:supervision"
    tracking = filed.json()["tracking_number"]
    assert supervision.client.get(f"/public/v1/complaints/{tracking}").status_code == 200  # the record stays
