"""Least-privilege broker users on the real broker (issue 14, item 3): every service runs as
the user ``award-topology --print-users`` describes, publishes to its own exchanges only,
reads its own inbox only, replays its dead letters through its own replay exchange; a
bureau only reads its own queue."""
import copy
import json
import uuid
from urllib.parse import quote, urlsplit

import amqp.exceptions
import eventlet
import pytest
import requests
from kombu import Connection, Consumer, Exchange, Producer, Queue

from award_intake.service import IntakeService
from award_scoring.service import ScoringService
from award_shared.bus.broker_access import (TOPOLOGY_TAGS, Management, all_users, bureau_permissions,
                                           password_variable, policies, service_permissions, topology_permissions,
                                           uri_with_password, users)
from award_shared.bus.topology import SERVICES
from award_shared.store import db
from award_shared import events
from award_shared.bus.consumer import consume
from award_shared.events.samples import SAMPLES
from award_testing.helpers import commit_events, count_rows, wait_for
from award_tools.topology import main as award_topology

# the subject is the broker users' permissions, not the database:
# the services' own tests and the suite's database tests cover both engines
pytestmark = pytest.mark.engines("postgresql")

REFUSED = (amqp.exceptions.AccessRefused, amqp.exceptions.NotAllowed)
FAIL_EDITION = 2997
FAILING = {FAIL_EDITION}


class FragileScoring(ScoringService):
    @consume(events.CycleOpened, sources=("intake",))
    def on_cycle_opened(self, tx, event):
        if event.data["edition"] in FAILING:
            raise RuntimeError("fragile handler: edition 2997")
        tx.audit("fragile.applied", target=event.id)


@pytest.fixture
def broker_user(rabbit_config, request):
    """Make a broker user with the given permissions on the test's vhost; its AMQP URI."""
    manager = Management(request.config.getoption("RABBIT_API_URI"), rabbit_config["vhost"])
    made = []

    def make(permissions):
        user, password = f"award-test-{uuid.uuid4().hex[:12]}", uuid.uuid4().hex
        manager.apply_user(user, password, permissions)
        made.append(user)
        parts = urlsplit(rabbit_config["AMQP_URI"])
        return f"{parts.scheme}://{user}:{password}@{parts.hostname}:{parts.port or 5672}{parts.path}"
    yield make
    for user in made:
        manager.delete_user(user)


def cycle_payload(edition=2019):
    data = copy.deepcopy(SAMPLES["cycle.opened"])
    data["cycle_id"] = f"cycle-{uuid.uuid4().hex[:12]}"
    data["edition"] = edition
    return data


def publish(uri, exchange, routing_key, body=b"{}"):
    with Connection(uri, transport_options={"confirm_publish": True}) as conn:
        Producer(conn.default_channel).publish(body, exchange=exchange, routing_key=routing_key,
                                               content_type="application/json", content_encoding="binary")


def test_a_service_user_is_refused_on_another_services_exchange_and_on_the_default_exchange(
        declare_topology, broker_user):
    intake = broker_user(service_permissions("intake"))
    publish(intake, "intake.events", "cycle.opened")  # its own exchange: confirmed
    publish(intake, "intake.replay", "scoring.inbox")  # its replay exchange
    with pytest.raises(REFUSED) as refused:
        publish(intake, "scoring.events", "candidates.proposed")
    assert refused.value.reply_code == 403
    with pytest.raises(REFUSED):
        publish(intake, "", "scoring.inbox")  # the default exchange reaches every queue: not for it
    with pytest.raises(REFUSED):
        publish(intake, "scoring.replay", "scoring.inbox")
    with Connection(intake) as conn, pytest.raises(REFUSED):
        Exchange("scoring.events", type="topic", durable=True)(conn.default_channel).declare()
    with Connection(intake) as conn, pytest.raises(REFUSED):  # reads no other queue
        Consumer(conn.default_channel, queues=[Queue("scoring.inbox", no_declare=True)]).consume()


def test_services_run_as_their_own_users_and_replay_dead_letters_through_their_replay_exchange(
        service_factory, broker_user):
    intake = service_factory(IntakeService, extra={"AMQP_URI": broker_user(service_permissions("intake"))})
    scoring = service_factory(FragileScoring, extra={"AMQP_URI": broker_user(service_permissions("scoring"))})
    commit_events(intake, "cycle.opened", [cycle_payload(), cycle_payload(FAIL_EDITION)])
    letters = wait_for(lambda: scoring.client.get("/admin/v1/dead-letters", "operator").json()["dead_letters"],
                       message="the failing event's dead letter")
    wait_for(lambda: count_rows(scoring.engine, db.inbox) == 1, message="the other event to be applied")
    FAILING.discard(FAIL_EDITION)  # "deploy the fix"
    try:
        resp = scoring.client.post(f"/admin/v1/dead-letters/{letters[0]['id']}/replay", "operator",
                                   json_body={"reason": "fixed"})
        assert resp.status_code == 200, resp.text
        wait_for(lambda: count_rows(scoring.engine, db.inbox) == 2, message="the replayed event to apply")
    finally:
        FAILING.add(FAIL_EDITION)
    assert scoring.client.get("/admin/v1/dead-letters", "operator").json()["dead_letters"] == []


def test_a_bureau_user_reads_its_own_queue_and_nothing_else(declare_topology, broker_user, rabbit_config):
    declare_topology(bureaus=("market-regulation",))
    publish(rabbit_config["AMQP_URI"], "publicity.events", "award.granted", json.dumps({"n": 1}).encode())
    bureau = broker_user(bureau_permissions("market-regulation"))
    got = []
    with Connection(bureau) as conn:
        queue = Queue("bureau.market-regulation", no_declare=True)
        with Consumer(conn.default_channel, queues=[queue], callbacks=[lambda body, m: (got.append(body), m.ack())]):
            wait_for(lambda: conn.drain_events(timeout=1) or got, message="the bureau's award event")
    assert got == [{"n": 1}]
    with pytest.raises(REFUSED):
        publish(bureau, "publicity.events", "award.granted")
    with Connection(bureau) as conn, pytest.raises(REFUSED):
        Consumer(conn.default_channel, queues=[Queue("publicity.inbox", no_declare=True)]).consume()


def test_award_topology_prints_each_users_permissions(capsys):
    assert award_topology(["--print-users", "--bureau", "market-regulation",
                           "--amqp-uri", "amqp://guest:guest@localhost:5672/award"]) == 0
    out = capsys.readouterr().out
    assert ("rabbitmqctl set_permissions -p award award-intake '^(intake\\.events|intake\\.inbox|intake\\.replay)$' "
            "'^(intake\\.events|intake\\.inbox|intake\\.replay)$'") in out
    assert "set_permissions -p award bureau-market-regulation '^$' '^$' '^(bureau\\.market\\-regulation)$'" in out
    assert "set_policy -p award --priority 10 --apply-to queues award-queues" in out
    assert "rabbitmqctl set_user_tags award-topology policymaker" in out


def test_a_service_whose_queue_type_differs_from_the_topology_is_told_why(
        service_factory, queue_type, caplog):
    other = "classic" if queue_type == "quorum" else "quorum"
    scoring = service_factory(ScoringService, extra={"QUEUE_TYPE": other}, start=False)
    eventlet.spawn(scoring.start)
    wait_for(lambda: any("must be what award-topology --queue-type declared" in r.getMessage()
                         for r in caplog.records), message="the consumer's explanation")
    assert count_rows(scoring.engine, db.inbox) == 0


def test_award_topology_says_so_when_the_queues_exist_with_another_type(declare_topology, rabbit_config,
                                                                        queue_type, capsys):
    other = "classic" if queue_type == "quorum" else "quorum"
    assert award_topology(["--amqp-uri", rabbit_config["AMQP_URI"], "--queue-type", other]) == 1
    assert "the queues exist with another type than --queue-type " + other in capsys.readouterr().err


def test_award_topology_applies_the_users_and_the_policies(rabbit_config, request, monkeypatch):
    prefix = f"t{uuid.uuid4().hex[:8]}-"
    manager = Management(request.config.getoption("RABBIT_API_URI"), rabbit_config["vhost"])
    names = list(all_users(("market-regulation",), prefix))
    for name in names:
        monkeypatch.setenv(password_variable(name), f"pw-{name}")
    try:
        assert award_topology(["--amqp-uri", rabbit_config["AMQP_URI"], "--bureau", "market-regulation",
                               "--apply-users", "--apply-policies", "--user-prefix", prefix]) == 0
        parts = urlsplit(rabbit_config["AMQP_URI"])
        intake = f"amqp://{prefix}award-intake:pw-{prefix}award-intake@{parts.hostname}:{parts.port or 5672}{parts.path}"
        publish(intake, "intake.events", "cycle.opened")
        with pytest.raises(REFUSED):
            publish(intake, "publicity.events", "award.granted")
        applied = requests.get(f"{manager.base}/policies/{manager.vhost}", auth=manager.auth, timeout=10).json()
        assert [(p["name"], p["definition"]) for p in applied] == [
            (p["name"], p["definition"]) for p in policies()]
    finally:
        for name in names:
            manager.delete_user(name)


def test_award_topology_takes_the_passwords_from_the_keys_services_files(rabbit_config, request, tmp_path,
                                                                         monkeypatch):
    """docker-compose: the keys service writes each user's password to <dir>/<user>.secret."""
    prefix = f"t{uuid.uuid4().hex[:8]}-"
    manager = Management(request.config.getoption("RABBIT_API_URI"), rabbit_config["vhost"])
    names = list(all_users((), prefix))
    for name in names:
        monkeypatch.delenv(password_variable(name), raising=False)
        (tmp_path / f"{name}.secret").write_text(f"file-{uuid.uuid4().hex}\n")
    try:
        assert award_topology(["--amqp-uri", rabbit_config["AMQP_URI"], "--apply-users", "--user-prefix", prefix,
                               "--password-dir", str(tmp_path)]) == 0
        parts = urlsplit(rabbit_config["AMQP_URI"])
        own = f"amqp://{prefix}award-intake@{parts.hostname}:{parts.port or 5672}{parts.path}"
        intake = uri_with_password(own, (tmp_path / f"{prefix}award-intake.secret").read_text().strip())
        publish(intake, "intake.events", "cycle.opened")
        with pytest.raises(REFUSED):
            publish(intake, "publicity.events", "award.granted")
        (tmp_path / f"{prefix}award-scoring.secret").unlink()
        assert award_topology(["--amqp-uri", rabbit_config["AMQP_URI"], "--apply-users", "--user-prefix", prefix,
                               "--password-dir", str(tmp_path)]) == 2
    finally:
        for name in names:
            manager.delete_user(name)


def test_award_topology_refuses_to_apply_users_without_their_passwords(rabbit_config, capsys, monkeypatch):
    monkeypatch.delenv("AWARD_BROKER_PASSWORD_ZZ_AWARD_INTAKE", raising=False)
    assert award_topology(["--amqp-uri", rabbit_config["AMQP_URI"], "--apply-users", "--user-prefix", "zz-"]) == 2
    assert "AWARD_BROKER_PASSWORD_ZZ_AWARD_INTAKE" in capsys.readouterr().err


def test_award_topology_reads_the_administrators_password_from_a_file(rabbit_config, tmp_path, monkeypatch):
    """docker-compose's topology job: the URI names award-admin, AMQP_PASSWORD_FILE holds its
    password (made by the keys service), as the services' entrypoint does with theirs."""
    parts = urlsplit(rabbit_config["AMQP_URI"])
    (tmp_path / "admin.secret").write_text(parts.password + "\n")
    monkeypatch.setenv("AMQP_PASSWORD_FILE", str(tmp_path / "admin.secret"))
    without = rabbit_config["AMQP_URI"].replace(f"{parts.username}:{parts.password}@", f"{parts.username}@")
    assert ":" + parts.password + "@" not in without
    assert award_topology(["--amqp-uri", without]) == 0


def test_the_topology_user_declares_the_suite_and_nothing_else(rabbit_config, request, queue_type, capsys,
                                                                monkeypatch):
    """Issue 33, item 12: every release's topology run connects as award-topology, not as the
    administrator. On a vhost of its own, empty, it declares every exchange, queue and binding
    and sets the policies; it cannot declare or delete what is not the suite's, publish,
    consume, make users, nor touch another vhost."""
    api = request.config.getoption("RABBIT_API_URI")
    vhost = f"topology-{uuid.uuid4().hex[:12]}"
    admin = Management(api, vhost)
    requests.put(f"{admin.base}/vhosts/{vhost}", auth=admin.auth, timeout=10).raise_for_status()
    requests.put(f"{admin.base}/permissions/{vhost}/{quote(admin.auth[0])}", auth=admin.auth, timeout=10,
                 json={"configure": ".*", "write": ".*", "read": ".*"}).raise_for_status()
    user, password = f"award-topology-test-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    bureau = "market-regulation"
    parts = urlsplit(rabbit_config["AMQP_URI"])
    admin_uri = f"{parts.scheme}://{parts.netloc}/{vhost}"
    uri = f"{parts.scheme}://{user}:{password}@{parts.hostname}:{parts.port or 5672}/{vhost}"
    api_parts = urlsplit(api)
    management_url = f"{api_parts.scheme}://{user}:{password}@{api_parts.hostname}:{api_parts.port or 15672}"
    try:
        admin.apply_user(user, password, topology_permissions((bureau,)), TOPOLOGY_TAGS)
        with Connection(admin_uri) as conn:  # something of another suite on the same vhost
            Queue("other.inbox", durable=True)(conn.default_channel).declare()
        assert award_topology(["--amqp-uri", uri, "--management-url", management_url, "--queue-type", queue_type,
                               "--bureau", bureau, "--apply-policies"]) == 0
        listed = requests.get(f"{admin.base}/queues/{vhost}", auth=admin.auth, timeout=10).json()
        assert {q["name"] for q in listed} == {f"{s}.inbox" for s in SERVICES} | {f"bureau.{bureau}", "other.inbox"}
        bindings = requests.get(f"{admin.base}/bindings/{vhost}", auth=admin.auth, timeout=10).json()
        assert ("scoring.events", "intake.inbox") in {(b["source"], b["destination"]) for b in bindings}
        applied = requests.get(f"{admin.base}/policies/{vhost}", auth=admin.auth, timeout=10).json()
        assert [p["name"] for p in applied] == [p["name"] for p in policies()]

        with Connection(uri) as conn, pytest.raises(REFUSED):
            Exchange("other.events", type="topic", durable=True)(conn.default_channel).declare()
        with Connection(uri) as conn, pytest.raises(REFUSED):
            Queue("other.queue", durable=True)(conn.default_channel).declare()
        with Connection(uri) as conn, pytest.raises(REFUSED):
            conn.default_channel.queue_delete("other.inbox")
        with pytest.raises(REFUSED):
            publish(uri, "intake.events", "cycle.opened")
        with Connection(uri) as conn, pytest.raises(REFUSED):
            Consumer(conn.default_channel, queues=[Queue("intake.inbox", no_declare=True)]).consume()
        other = f"{parts.scheme}://{user}:{password}@{parts.hostname}:{parts.port or 5672}{parts.path}"
        with Connection(other) as conn, pytest.raises(REFUSED):
            conn.connect()
        refused = requests.put(f"{admin.base}/policies/{quote(rabbit_config['vhost'], safe='')}/stolen",
                               auth=(user, password), timeout=10,
                               json={"pattern": ".*", "apply-to": "queues", "definition": {"max-length": 1}})
        assert refused.status_code == 401
        for name in all_users((), "zz-"):
            monkeypatch.setenv(password_variable(name), "pw")
        capsys.readouterr()
        assert award_topology(["--amqp-uri", uri, "--management-url", management_url, "--apply-users",
                               "--users-only", "--user-prefix", "zz-"]) == 1
        assert "Not administrator user" in capsys.readouterr().err
        made = requests.get(f"{admin.base}/users/zz-award-intake", auth=admin.auth, timeout=10)
        assert made.status_code == 404
    finally:
        admin.delete_user(user)
        requests.delete(f"{admin.base}/vhosts/{vhost}", auth=admin.auth, timeout=10)


def test_the_administrators_bootstrap_makes_the_users_and_declares_nothing(rabbit_config, request, monkeypatch,
                                                                          capsys):
    prefix = f"t{uuid.uuid4().hex[:8]}-"
    manager = Management(request.config.getoption("RABBIT_API_URI"), rabbit_config["vhost"])
    names = list(all_users((), prefix))
    for name in names:
        monkeypatch.setenv(password_variable(name), f"pw-{name}")
    try:
        assert award_topology(["--amqp-uri", rabbit_config["AMQP_URI"], "--management-url",
                               request.config.getoption("RABBIT_API_URI"), "--apply-users", "--users-only",
                               "--user-prefix", prefix]) == 0
        assert "declared" not in capsys.readouterr().out
        topology = requests.get(f"{manager.base}/users/{prefix}award-topology", auth=manager.auth, timeout=10).json()
        assert topology["tags"] in (["policymaker"], "policymaker")
    finally:
        for name in names:
            manager.delete_user(name)
