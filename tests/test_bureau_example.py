"""The example bureau subscriber (examples/bureau, plain pika) against the running services
(issue 15): its queue declared by ``award-topology --bureau``, the public feed committed by
publicity and revocation through their own outboxes (``application/cloudevents+json``, read as
bytes, nothing registered), a redelivered event applied once, a wire version 1 message
(``application/json``) still read and one of another content type rejected, an out-of-order
event not applied over a newer one, and a lost broker connection survived; then
a real cycle driven through the services' HTTP APIs, from approval to revocation.

The subscriber runs as its own process: pika blocks, and this process is eventlet-patched.
The shared broker cannot be restarted under the other tests, so the connection loss is the
operator closing the subscriber's connection (what a restart does to a client).
"""
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from kombu import Connection, Producer

from award_demo.revocation_steps import CASE_STEPS
from award_publicity.service import PublicityService
from award_revocation.service import RevocationService
from award_shared.bus.topology import exchange_of
from award_testing.helpers import commit_events, outbox_events, publish_event, wait_for, valid_credit_code

# the subject is the example bureau's client of the feed, not the services' database:
# the services' own tests and the suite's database tests cover both engines
pytestmark = pytest.mark.engines("postgresql")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "bureau" / "subscriber.py"
BUREAU = "test-bureau"
CYCLE = "cycle-2019"


def _granted(n, category="unit_award"):
    return {"award_id": f"award-2019-u{n}", "application_id": f"app-2019-u{n}", "cycle_id": CYCLE,
            "certificate_number": f"JNSZ-2019-U-00{n}", "recipient_name": f"济南示例制造{n}有限公司",
            "credit_code": valid_credit_code(n), "category": category, "items": ["trophy", "certificate"],
            "prize_amount": "500000.00", "granted_at": "2019-12-20T10:00:00+08:00"}


def _approved(document_number, cycle=CYCLE):
    return {"cycle_id": cycle, "document_number": document_number, "approved_at": "2019-12-10T10:00:00+08:00",
            "final_list": [{"application_id": "app-2019-u1", "category": "unit_award",
                            "recipient_name": "济南示例制造1有限公司"}]}


class Bureau:
    """The subscriber process, its log and its register, as the test watches them."""

    def __init__(self, tmp_path, amqp_uri):
        parts = urlparse(amqp_uri)
        self.url = f"amqp://{parts.netloc}/{quote(parts.path[1:], safe='')}"
        self.register = tmp_path / "bureau-awards.db"
        self.log_path = tmp_path / "bureau.log"
        self.process = self._log = None

    def start(self):
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, str(EXAMPLE), "--amqp-url", self.url, "--bureau", BUREAU,
             "--register", str(self.register)], stdout=self._log, stderr=subprocess.STDOUT)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)
        if self._log is not None:
            self._log.close()

    def lines(self, what=None):
        with open(self.log_path, encoding="utf-8") as log:
            # a line still being written has no newline yet
            found = [json.loads(line) for line in log if line.startswith("{") and line.endswith("\n")]
        return [e for e in found if what is None or e["event"] == what]

    def wait(self, predicate, message):
        def alive_and(predicate=predicate):
            if self.process.poll() is not None:
                raise AssertionError(f"the subscriber exited ({self.process.returncode}):\n"
                                     + self.log_path.read_text(encoding="utf-8"))
            return predicate()
        return wait_for(alive_and, message=message)

    def query(self, sql, *args):
        if not self.register.exists():
            return []
        with sqlite3.connect(self.register) as db:
            return db.execute(sql, args).fetchall()

    def seen(self, what, event_id):
        return any(e.get("id") == event_id for e in self.lines(what))


def _republish(amqp_uri, source, body, content_type="application/cloudevents+json"):
    """Put an envelope on the bus again, byte for byte: what a relay does after a crash
    between publishing and marking the row sent (at-least-once delivery); with another
    ``content_type``, what wire version 1 sent (``application/json``) or what is no event."""
    with Connection(amqp_uri, transport_options={"confirm_publish": True}) as conn:
        Producer(conn.default_channel).publish(
            json.dumps(body, ensure_ascii=False).encode("utf-8"), exchange=exchange_of(source),
            routing_key=body["type"], content_type=content_type, content_encoding="utf-8",
            delivery_mode=2)


def _close_connection(rabbit_manager, vhost, name):
    """Close the subscriber's connection as an operator (or a broker restart) would."""
    mine = [c["name"] for c in rabbit_manager.get_connections()
            if c.get("vhost") == vhost and c.get("client_properties", {}).get("connection_name") == name]
    for connection in mine:
        rabbit_manager.delete_connection(connection)
    return mine


@pytest.fixture
def bureau(tmp_path, rabbit_config):
    subscriber = Bureau(tmp_path, rabbit_config["AMQP_URI"])
    yield subscriber
    subscriber.stop()


def test_the_example_bureau_keeps_a_faithful_register_from_the_real_feed(
        service_factory, rabbit_config, rabbit_manager, bureau, queue_type, tmp_path):
    amqp = rabbit_config["AMQP_URI"]
    topology = Path(sys.executable).with_name("award-topology")
    declared = subprocess.run([str(topology), "--amqp-uri", amqp, "--bureau", BUREAU, "--queue-type", queue_type],
                              check=True, capture_output=True, text=True, timeout=60)
    assert f"bureau.{BUREAU}" in declared.stdout
    publicity = service_factory(PublicityService)
    revocation = service_factory(RevocationService, extra={"DOCUMENT_DIR": str(tmp_path / "documents")})
    bureau.start()
    bureau.wait(lambda: bureau.lines("connected"), message="the subscriber to connect")

    # the public feed, as publicity commits it
    commit_events(publicity, "award.approved", [_approved("济政字〔2019〕88号")])
    commit_events(publicity, "award.granted", [_granted(1), _granted(2)])
    bureau.wait(lambda: len(bureau.lines("applied")) == 3, message="the register to take the feed")
    assert [a for (a,) in bureau.query("SELECT award_id FROM awards ORDER BY award_id")] == [
        "award-2019-u1", "award-2019-u2"]

    # the same event twice: applied once
    [first, second] = outbox_events(publicity.engine, "award.granted")
    _republish(amqp, "publicity", first)
    bureau.wait(lambda: bureau.seen("duplicate", first["id"]), message="the redelivery to be recognised")
    assert bureau.query("SELECT count(*) FROM processed WHERE id = ?", first["id"]) == [(1,)]
    assert len(bureau.lines("applied")) == 3

    # the feed's content type (wire version 2), what wire version 1 left in the queue, and no other
    _republish(amqp, "publicity", second, content_type="application/json")
    bureau.wait(lambda: bureau.seen("duplicate", second["id"]), message="a wire version 1 message to be read")
    _republish(amqp, "publicity", second, content_type="text/plain")
    bureau.wait(lambda: any("'text/plain'" in e["reason"] for e in bureau.lines("rejected")),
                message="a message of a foreign content type to be rejected")

    # out of order for one subject: the newer list stays, the older is recorded as stale
    newer = publish_event(amqp, "publicity", "award.approved", _approved("济政字〔2020〕5号", "cycle-2020"),
                          sequence=7)
    older = publish_event(amqp, "publicity", "award.approved", _approved("济政字〔2020〕1号", "cycle-2020"),
                          sequence=6)
    bureau.wait(lambda: bureau.seen("stale", older["id"]), message="the older approval to arrive")
    assert bureau.seen("applied", newer["id"])
    assert bureau.query("SELECT document_number FROM approvals WHERE cycle_id = 'cycle-2020'") == [
        ("济政字〔2020〕5号",)]

    # a message that is no event is rejected, and the feed goes on
    with Connection(amqp, transport_options={"confirm_publish": True}) as conn:
        Producer(conn.default_channel).publish(b"not json", exchange=exchange_of("publicity"),
                                               routing_key="award.garbled", delivery_mode=2,
                                               content_type="application/cloudevents+json", content_encoding="utf-8")
    bureau.wait(lambda: any(e["reason"].startswith("not JSON") for e in bureau.lines("rejected")),
                message="the garbled message to be rejected")

    # the broker drops the connection; a revocation committed meanwhile still arrives
    vhost = urlparse(amqp).path[1:]
    # the management API lists a connection once its statistics are first collected
    bureau.wait(lambda: _close_connection(rabbit_manager, vhost, f"bureau-{BUREAU}"),
             message="the subscriber's connection to be listed and closed")
    bureau.wait(lambda: bureau.lines("connection_lost"), message="the subscriber to notice")
    commit_events(revocation, "award.revoked", [{
        "award_id": "award-2019-u2", "cycle_id": CYCLE, "grounds": ["Art. 29(4)"],
        "decision_date": "2021-06-30", "items_to_recover": ["trophy", "certificate"],
        "money_to_recover": "500000.00", "decision_number": "济政字〔2021〕30号"}])
    bureau.wait(lambda: bureau.query("SELECT revoked_on FROM awards WHERE award_id = 'award-2019-u2'") == [
        ("2021-06-30",)], message="the revocation to reach the register")
    assert len(bureau.lines("connected")) == 2
    assert bureau.query("SELECT award_id, revoked_on FROM awards ORDER BY award_id") == [
        ("award-2019-u1", None), ("award-2019-u2", "2021-06-30")]
    assert bureau.process.poll() is None
    assert len(bureau.lines("rejected")) == 2  # the foreign content type and the garbled body

    bureau.stop()
    assert bureau.process.returncode == 0 and bureau.lines("stopped")


def _register_module():
    import importlib.util
    spec = importlib.util.spec_from_file_location("bureau_register", EXAMPLE.with_name("register.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _envelope(source, event_type, data, subject, sequence, event_id):
    return _register_module().parse(json.dumps({
        "specversion": "1.0", "id": event_id, "source": f"/jinan-quality-award/{source}",
        "type": event_type, "time": "2021-06-30T02:00:00Z", "subject": subject,
        "dataschema": f"urn:jinan-quality-award:{event_type}:1", "datacontenttype": "application/json",
        "cycleid": CYCLE, "sequence": sequence, "data": data}, ensure_ascii=False))


def test_the_example_register_keeps_a_revocation_that_overtakes_its_grant(tmp_path):
    # grant and revocation come from two exchanges: nothing orders them against each other
    register = _register_module().Register(str(tmp_path / "register.db"))
    revoked = {"award_id": "award-2019-u1", "cycle_id": CYCLE, "grounds": ["Art. 29(1)"],
               "decision_date": "2021-06-30", "items_to_recover": ["trophy"], "money_to_recover": "0.00"}
    assert register.handle(_envelope("revocation", "award.revoked", revoked, "award-2019-u1", 1, "r-1")) == "applied"
    assert register.handle(_envelope("publicity", "award.granted", _granted(1), "award-2019-u1", 1, "g-1")) == "applied"
    assert register.handle(_envelope("publicity", "award.granted", _granted(1), "award-2019-u1", 1, "g-1")) == "duplicate"
    [award] = register.awards()
    assert (award["recipient_name"], award["revoked_on"]) == ("济南示例制造1有限公司", "2021-06-30")


def test_the_example_register_rejects_a_payload_it_cannot_use_and_changes_nothing(tmp_path):
    module = _register_module()
    register = module.Register(str(tmp_path / "register.db"))
    with pytest.raises(module.NotAnEvent):
        register.handle(_envelope("publicity", "award.granted", {"award_id": "a-1"}, "a-1", 1, "g-1"))
    assert register.awards() == []
    assert register.handle(_envelope("publicity", "award.granted", _granted(1), "award-2019-u1", 1, "g-1")) == "applied"


def _ok(resp, status=200):
    assert resp.status_code == status, resp.text
    return resp.json()


def test_the_example_bureau_follows_a_real_cycle_from_approval_to_revocation(
        service_factory, rabbit_config, bureau, queue_type, tmp_path):
    """The feed as the services produce it from their HTTP APIs: intake takes the application,
    publicity approves and confers (scoring's list is published as scoring would), revocation
    decides after two failed spot checks; the bureau's register ends up saying the same."""
    from award_intake import examples
    from award_intake.service import IntakeService
    amqp = rabbit_config["AMQP_URI"]
    subprocess.run([str(Path(sys.executable).with_name("award-topology")), "--amqp-uri", amqp, "--bureau", BUREAU,
                    "--queue-type", queue_type], check=True, capture_output=True, timeout=60)
    intake = service_factory(IntakeService, clock="fixed:2019-03-01T09:00:00+08:00",
                             extra={"DOCUMENT_DIR": str(tmp_path / "docs")})
    publicity = service_factory(PublicityService, clock="simulated:2019-09-27T10:00:00+08:00",
                                extra={"NOTICE_TIMER_SECONDS": 0.2})
    revocation = service_factory(RevocationService, clock="fixed:2020-12-01T09:00:00+08:00",
                                 extra={"DOCUMENT_DIR": str(tmp_path / "evidence")})
    bureau.start()
    i, p, r = intake.client, publicity.client, revocation.client
    winner_code, name = examples.credit_code(), "济南示例精密机械有限公司"
    _ok(i.post("/v1/cycles", "office", json_body={"edition": 2019, "schedule": {
        "application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}}), 201)
    scheme = _ok(i.post("/v1/cycles/cycle-2019/review-scheme", "office", json_body={}), 201)
    _ok(i.post("/v1/cycles/cycle-2019/review-scheme/decision", "leading_group", json_body={
        "outcome": "approved", "scheme_sha256": scheme["scheme_sha256"], "decision": "市质量强市领导小组审定评审方案"}))
    _ok(i.post("/v1/cycles/cycle-2019/notice", "office", json_body={"text": "关于组织申报2019年度济南市市长质量奖的通知"}), 201)
    app = _ok(i.post("/v1/cycles/cycle-2019/applications", "applicant", sub="unit-a",
                     json_body=examples.unit_form(credit_code=winner_code, name=name)), 201)["application_id"]
    for doc in examples.required_documents():  # Art. 14: the form, the report, the evidence
        _ok(i.post(f"/v1/applications/{app}/documents", "applicant", sub="unit-a", json_body=doc), 201)
    _ok(i.post(f"/v1/applications/{app}/submit", "applicant", sub="unit-a"))
    wait_for(lambda: p.get("/v1/cycles/cycle-2019", "office").status_code == 200, message="publicity's cycle")
    publish_event(amqp, "scoring", "candidates.proposed", {"cycle_id": "cycle-2019", "list_id": "list-1", "categories": [
        {"category": "unit_award", "vacancies": 4, "candidates": [
            {"rank": 1, "application_id": app, "applicant_name": name, "score": 861.0}]}]})
    wait_for(lambda: p.get("/v1/cycles/cycle-2019/candidates", "office").status_code == 200, message="the list")
    _ok(p.post("/v1/cycles/cycle-2019/deliberation", "leading_group", json_body={
        "meeting_date": "2019-09-20", "members_present": ["组长", "副组长"],
        "decisions": [{"application_id": app, "decision": "adopted"}]}), 201)
    _ok(p.post("/v1/cycles/cycle-2019/public-notice", "office", json_body={
        "media": [{"name": "济南日报", "date": "2019-09-27", "page": "A3"}]}), 201)
    _ok(p.post("/admin/v1/clock", "operator", json_body={"at": "2019-10-11T09:00:00+08:00"}))
    wait_for(lambda: _ok(p.get("/public/v1/notices/current"))["notices"][0]["status"] == "closed",
             message="the notice to close on the business clock")
    _ok(p.post("/v1/cycles/cycle-2019/submission", "leading_group", json_body={"submitted_on": "2019-10-15"}), 201)
    _ok(p.post("/v1/cycles/cycle-2019/approval", "government", json_body={
        "document_number": "济政字〔2019〕88号", "approved_on": "2019-10-25"}), 201)
    _ok(p.call("PUT", "/v1/cycles/cycle-2019/prize-amounts", "office", json_body={"amounts": {"unit_award": "500000.00"}}))
    [award] = _ok(p.post("/v1/cycles/cycle-2019/conferral", "office", json_body={"granted_on": "2019-11-01"}), 201)["awards"]

    bureau.wait(lambda: bureau.query("SELECT certificate_number, credit_code, recipient_name FROM awards") == [
        (award["certificate_number"], winner_code, name)], message="the grant in the bureau's register")
    assert bureau.query("SELECT document_number FROM approvals WHERE cycle_id = 'cycle-2019'") == [("济政字〔2019〕88号",)]

    wait_for(lambda: r.get(f"/v1/awards/{award['award_id']}", "office").status_code == 200,
             message="revocation to learn the award")
    for report, day in (("SC-2020-001", "2020-05-10"), ("SC-2020-002", "2020-11-10")):
        answer = _ok(r.post("/v1/spot-checks", "regulator", json_body={
            "credit_code": winner_code, "product": "数控机床", "checked_on": day, "level": "provincial",
            "result": "fail", "report_number": report}), 201)
    [case] = answer["cases"]
    for route, role, body in CASE_STEPS:
        _ok(r.post(f"/v1/cases/{case['case_id']}/{route}", role, json_body=body))
    bureau.wait(lambda: bureau.query("SELECT award_id, revoked_on FROM awards") == [(award["award_id"], "2020-11-30")],
                message="the revocation in the bureau's register")
    assert not bureau.lines("rejected") and not bureau.lines("stale") and not bureau.lines("duplicate")
