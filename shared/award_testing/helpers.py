"""Helpers for the suite's tests: waiting without timed assertions, reaching into a running
container (its unit of work, relay, clock, database, consumer), committing or publishing
events as a neighbouring service would, and reading what a service stored. The fixtures that
give tests their broker, databases and services are the plugin's (``award_testing.plugin``).
"""
import os
import subprocess

import sqlalchemy as sa
from kombu import Connection

from award_shared.events import CLASSES
from award_shared.events.schemas import SUBJECT_FIELD


def rabbitmqctl(*args):
    return subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, text=True, timeout=60)


def wait_for(predicate, timeout=30.0, interval=0.05, message="condition"):
    """Poll ``predicate`` until it returns something truthy (no timed assertions: a bound only)."""
    import eventlet
    import time
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        eventlet.sleep(interval)


def wait_until_serving(proc, url, timeout=60.0, message="the process to serve"):
    """Poll ``url`` (a health route of a service started as a process) until it answers 200; if
    the process exits first, fail with the end of what it wrote (its stderr, else its stdout)."""
    import requests

    def serving():
        if proc.poll() is not None:
            stream = proc.stderr or proc.stdout
            said = stream.read() if stream is not None else ""
            said = said.decode(errors="replace") if isinstance(said, bytes) else said
            raise AssertionError(f"{message}: the process exited ({proc.returncode}): {said[-3000:]}")
        try:
            return requests.get(url, timeout=2).status_code == 200
        except requests.ConnectionError:
            return False
    wait_for(serving, timeout=timeout, interval=0.2, message=message)


def uow_of(container):
    """The UnitOfWork provider of a running container (``standalone()`` transactions)."""
    from award_shared.unit_of_work import UnitOfWork
    return next(d for d in container.dependencies if isinstance(d, UnitOfWork))


def relay_of(container):
    """The outbox relay of a running container."""
    from award_shared.bus.relay_provider import ServiceRelay
    return next(e for e in container.subextensions if isinstance(e, ServiceRelay)).relay


def clock_source_of(container):
    """The business clock's holder in a running container (its ``clock`` may be replaced)."""
    from award_shared.clock_provider import ServiceClock
    return next(e for e in container.subextensions if isinstance(e, ServiceClock))


def database_of(container):
    """The database extension of a running container (its engine and gate)."""
    from award_shared.store.db_provider import Database
    return next(e for e in container.subextensions if isinstance(e, Database))


def consumer_of(container):
    """The inbox consumer of a running container."""
    from award_shared.bus.consumer import InboxConsumer
    return next(e for e in container.subextensions if isinstance(e, InboxConsumer))


def commit_events(container, event_type, payloads, per_transaction=1, pause=0.0):
    """Commit events through a service's own outbox, as its handlers would; ``pause`` seconds
    between transactions make a stream that lasts long enough to be interrupted."""
    import eventlet
    provider = uow_of(container)
    payloads = list(payloads)
    for start in range(0, len(payloads), per_transaction):
        with provider.standalone() as tx:
            for data in payloads[start:start + per_transaction]:
                tx.publish(CLASSES[event_type](**data))
        if pause:
            eventlet.sleep(pause)


def metric(name, **labels):
    from prometheus_client import REGISTRY
    return REGISTRY.get_sample_value(name, labels) or 0.0


def count_rows(engine, table, *where):
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one()


# -- driving one service from the bus, as its neighbours would -------------------------------

def ruleset_2018(**review):
    """The 2018 rule set as JSON, as ``cycle.opened`` carries it (``review`` overrides)."""
    import json
    from award_rules.ruleset import load_ruleset
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "services", "intake", "award_intake", "rulesets", "jinan-2018.yaml")
    ruleset = json.loads(json.dumps(load_ruleset(path), default=str, ensure_ascii=False))
    ruleset["review"].update(review)
    return ruleset


def ruleset_2011_stand_in(quotas=None):
    """Test data standing in for the rule-set file of an edition made under the 2011 Measures
    (济政发〔2011〕10号, in force until Art. 31 of the 2018 Measures repealed it): the 2018 file's
    layout, the 2011 period, its own id, and ``quotas`` ({category: n}) where a test needs them.
    Its revocation grounds are numbered Art. 25(n) so a test can tell them from the 2018 ones."""
    ruleset = ruleset_2018()
    ruleset.update(id="jinan-2011", title="济南市市长质量奖管理办法（2011）", supersedes=None,
                   in_force_from="2011-02-25", in_force_to="2018-12-06")
    for category, quota in (quotas or {}).items():
        ruleset["categories"][category]["quota"] = quota
    for kind, grounds in ruleset["revocation_grounds"].items():
        for ground in grounds:
            number = ground["item"].split("(")[1]
            ground["item"] = f"Art. {25 if kind == 'unit' else 26}({number}"
    return ruleset


def publish_event(amqp_uri, source, event_type, data, *, sequence=1, cycle_id=None, event_id=None):
    """Put one valid event on ``<source>.events`` as that service's relay would."""
    import json
    from datetime import datetime, timezone
    from kombu import Producer
    from award_shared.events import envelope
    from award_shared.bus.topology import exchange_of
    body = envelope.build(service=source, event_type=event_type, subject=data[SUBJECT_FIELD[event_type]],
                          data=data, cycle_id=cycle_id or data.get("cycle_id"), sequence=sequence,
                          event_id=event_id, time=datetime.now(timezone.utc))
    with Connection(amqp_uri, transport_options={"confirm_publish": True}) as conn:
        Producer(conn.default_channel).publish(
            json.dumps(body, ensure_ascii=False).encode("utf-8"), exchange=exchange_of(source),
            routing_key=event_type, content_type=envelope.CONTENT_TYPE, content_encoding=envelope.CONTENT_ENCODING,
            delivery_mode=2)
    return body


def outbox_events(engine, event_type=None):
    """The events a service committed (in order), as envelopes."""
    import json
    from award_shared.store import db
    query = sa.select(db.outbox).order_by(db.outbox.c.id)
    if event_type:
        query = query.where(db.outbox.c.type == event_type)
    with engine.connect() as conn:
        return [json.loads(r["body"]) for r in conn.execute(query).mappings()]


def audit_entries(engine, action=None):
    from award_shared.store import db
    query = sa.select(db.audit_log).order_by(db.audit_log.c.id)
    if action:
        query = query.where(db.audit_log.c.action == action)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def find_row(engine, table, **where):
    query = sa.select(table)
    for key, value in where.items():
        query = query.where(table.c[key] == value)
    with engine.connect() as conn:
        found = conn.execute(query).mappings().first()
    return dict(found) if found else None


def valid_credit_code(n):
    """A valid unified social credit code for test unit ``n``: both check characters right."""
    from award_rules.identifiers import credit_code_check_char, organisation_code_check_char
    org = f"MA3C{n:04d}"
    body = "91370100" + org + organisation_code_check_char(org)
    return body + credit_code_check_char(body)
