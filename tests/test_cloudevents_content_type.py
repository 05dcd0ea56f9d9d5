"""Events travel as CloudEvents' structured mode: the AMQP ``content_type`` of every relayed
event is ``application/cloudevents+json`` with ``content_encoding`` ``utf-8`` (docs/contract.md,
Events; wire version 2), the body unchanged. And what that does to a bureau's consumer, on the
real broker, as docs/bureaus.md ("The content type") says it:

- kombu with default settings (``accept=None``) still receives the message, but as text; with
  the one registration line of docs/bureaus.md it gets the envelope as a dict;
- kombu with ``accept=["json"]`` (the old habit) refuses it: ``ContentDisallowed`` out of
  ``drain_events``, the message unacknowledged; in kombu's ``ConsumerMixin``, logged and acked;
- nameko's ``event_handler`` with its defaults (``ACCEPT`` = ``[serializer]`` = ``["json"]``)
  never calls the handler, and the message is acknowledged and gone (kombu's ConsumerMixin
  logs "Can't decode message body" and acks): why the change is a new wire version, announced;
  with the documented ``SERIALIZERS``/``ACCEPT`` settings the handler gets the envelope.
"""
import json
import logging

import amqp
import kombu.serialization
import pytest
import sqlalchemy as sa
from kombu import Connection, Consumer, Queue
from kombu.exceptions import ContentDisallowed
from kombu.mixins import ConsumerMixin
from nameko.events import event_handler

from award_publicity.service import PublicityService
from award_shared.events import envelope
from award_shared.store import db
from award_testing.helpers import commit_events, valid_credit_code, wait_for

BUREAU = "ce-probe"
QUEUE = f"bureau.{BUREAU}"
CONTENT_TYPE = "application/cloudevents+json"  # the contract's words, not the code's constant


def _granted(n=1):
    return {"award_id": f"award-2019-u{n}", "application_id": f"app-2019-u{n}", "cycle_id": "cycle-2019",
            "certificate_number": f"JNSZ-2019-U-00{n}", "recipient_name": f"济南示例制造{n}有限公司",
            "credit_code": valid_credit_code(n), "category": "unit_award", "items": ["trophy", "certificate"],
            "prize_amount": "500000.00", "granted_at": "2019-12-20T10:00:00+08:00"}


def _stored_body(engine):
    with engine.connect() as conn:
        return conn.execute(sa.select(db.outbox.c.body).where(db.outbox.c.type == "award.granted")).scalar_one()


def _waiting(amqp_uri, queue):
    with Connection(amqp_uri) as conn:
        return conn.default_channel.queue_declare(queue, passive=True).message_count


@pytest.fixture
def relayed(service_factory, declare_topology, rabbit_config):
    """One ``award.granted`` committed by publicity and relayed into a bureau's queue; the
    text publicity stored for it in its outbox."""
    declare_topology(bureaus=(BUREAU,))
    publicity = service_factory(PublicityService)
    commit_events(publicity, "award.granted", [_granted()])
    wait_for(lambda: _waiting(rabbit_config["AMQP_URI"], QUEUE) == 1, message="the relayed event in the bureau's queue")
    return _stored_body(publicity.engine)


@pytest.fixture
def registered():
    """docs/bureaus.md's line, undone afterwards: kombu's registry is the process's."""
    kombu.serialization.register("cloudevents_json", json.dumps, json.loads,
                                 content_type="application/cloudevents+json", content_encoding="utf-8")
    yield
    kombu.serialization.unregister("cloudevents_json")


def _consume_one(amqp_uri, **consumer_options):
    """What one kombu consumer hands its callback for the message in the bureau's queue
    (acked), or the exception ``drain_events`` raised (not acked)."""
    got = []
    with Connection(amqp_uri) as conn:
        channel = conn.channel()
        queue = Queue(QUEUE, channel=channel, no_declare=True)
        with Consumer(channel, [queue], callbacks=[lambda body, message: (got.append(body), message.ack())],
                      **consumer_options):
            try:
                conn.drain_events(timeout=10)
            except ContentDisallowed as exc:
                return exc
    return got[0]


def test_a_relayed_event_is_application_cloudevents_json_in_utf_8_and_its_body_is_the_outbox_text(
        relayed, rabbit_config):
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        channel = conn.default_channel
        channel.auto_decode = False  # py-amqp would hand over the body decoded by its content_encoding
        message = channel.basic_get(QUEUE, no_ack=True)
    assert message.properties["content_type"] == CONTENT_TYPE
    assert message.properties["content_encoding"] == "utf-8"
    assert message.properties["delivery_mode"] == 2
    assert message.body == relayed.encode("utf-8")  # byte for byte what publicity committed
    event = json.loads(message.body)
    assert event["specversion"] == "1.0" and event["datacontenttype"] == "application/json"
    assert event["type"] == "award.granted" and event["data"]["award_id"] == "award-2019-u1"


def test_the_kit_names_the_properties_the_contract_states():
    assert (envelope.CONTENT_TYPE, envelope.CONTENT_ENCODING) == (CONTENT_TYPE, "utf-8")


def test_a_default_kombu_consumer_still_receives_the_event_as_text(relayed, rabbit_config):
    body = _consume_one(rabbit_config["AMQP_URI"])  # accept=None: kombu's default
    assert body == relayed  # received, not refused, but not decoded: a str, not a dict
    assert _waiting(rabbit_config["AMQP_URI"], QUEUE) == 0


def test_with_the_documented_line_a_default_kombu_consumer_gets_the_envelope_as_a_dict(
        relayed, rabbit_config, registered):
    body = _consume_one(rabbit_config["AMQP_URI"])
    assert body == json.loads(relayed)


def test_a_kombu_consumer_that_lists_what_it_accepts_adds_the_registered_name(
        relayed, rabbit_config, registered):
    body = _consume_one(rabbit_config["AMQP_URI"], accept=["json", "cloudevents_json"])
    assert body == json.loads(relayed)


def test_a_kombu_consumer_that_accepts_only_json_refuses_the_event(relayed, rabbit_config, registered):
    refused = _consume_one(rabbit_config["AMQP_URI"], accept=["json"])  # registered or not
    assert isinstance(refused, ContentDisallowed), refused
    assert CONTENT_TYPE in str(refused)
    # not acked: back in the queue once that consumer is gone, and refused again on every try
    assert _waiting(rabbit_config["AMQP_URI"], QUEUE) == 1


class _Worker(ConsumerMixin):
    """The usual shape of a long-running kombu consumer."""

    def __init__(self, connection, accept):
        self.connection, self.accept, self.got = connection, accept, []

    def get_consumers(self, Consumer, channel):  # noqa: N803 - kombu's name
        return [Consumer([Queue(QUEUE, no_declare=True)], callbacks=[self.on_message], accept=self.accept)]

    def on_message(self, body, message):
        self.got.append(body)
        message.ack()


def test_a_kombu_consumer_mixin_that_accepts_only_json_acknowledges_the_event_away(relayed, rabbit_config, caplog):
    caplog.set_level(logging.ERROR, logger="kombu.mixins")
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        worker = _Worker(conn, ["json"])
        for _ in worker.consume(timeout=10, safety_interval=0.2):
            if any("Can't decode message body" in r.getMessage() for r in caplog.records):
                break
    assert worker.got == []
    assert CONTENT_TYPE in caplog.text
    assert _waiting(rabbit_config["AMQP_URI"], QUEUE) == 0  # acked while refused: lost


GOT = []


class ProbeBureau:
    """A bureau written with nameko, as docs/bureaus.md's nameko advice addresses it."""
    name = "probe_bureau"

    @event_handler("publicity", "award.granted")
    def on_granted(self, payload):
        GOT.append(payload)


NAMEKO_QUEUE = "evt-publicity-award.granted--probe_bureau.on_granted"
NAMEKO_SETTINGS = {  # docs/bureaus.md, the YAML of a nameko service's config, as a dict
    "SERIALIZERS": {"cloudevents_json": {"encoder": "json.dumps", "decoder": "json.loads",
                                         "content_type": "application/cloudevents+json",
                                         "content_encoding": "utf-8"}},
    "ACCEPT": ["json", "cloudevents_json"],
}


@pytest.fixture
def nameko_bureau(container_factory, rabbit_config, service_factory):
    """A nameko bureau started with ``settings``, then publicity, which relays one award."""
    GOT.clear()

    def start(settings):
        bureau = container_factory(ProbeBureau, {"AMQP_URI": rabbit_config["AMQP_URI"], **settings})
        bureau.start()  # declares its own queue on publicity.events before anything is published
        publicity = service_factory(PublicityService)
        commit_events(publicity, "award.granted", [_granted()])
        return bureau, publicity

    yield start
    if "cloudevents_json" in kombu.serialization.registry.name_to_type:  # nameko registered it
        kombu.serialization.unregister("cloudevents_json")


def test_a_nameko_event_handler_with_default_settings_never_sees_the_event_and_it_is_gone(
        nameko_bureau, rabbit_config, caplog):
    caplog.set_level(logging.ERROR, logger="kombu.mixins")
    bureau, _publicity = nameko_bureau({})
    wait_for(lambda: any("Can't decode message body" in r.getMessage() and CONTENT_TYPE in r.getMessage()
                         for r in caplog.records), message="kombu to refuse the event")
    bureau.stop()
    assert GOT == []
    assert _waiting(rabbit_config["AMQP_URI"], NAMEKO_QUEUE) == 0  # acked while refused: lost


def test_a_nameko_event_handler_with_the_documented_settings_gets_the_envelope(nameko_bureau, rabbit_config):
    bureau, publicity = nameko_bureau(NAMEKO_SETTINGS)
    wait_for(lambda: GOT, message="the handler to get the event")
    assert GOT == [json.loads(_stored_body(publicity.engine))]
    bureau.stop()
    assert _waiting(rabbit_config["AMQP_URI"], NAMEKO_QUEUE) == 0


def test_an_old_publisher_s_application_json_still_reaches_a_registered_consumer(rabbit_config, declare_topology,
                                                                                registered):
    """A bureau that registered the type before the upgrade still decodes what wire version 1
    left in its queue: the registration adds a type, ``json`` stays."""
    declare_topology(bureaus=(BUREAU,))
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        conn.default_channel.basic_publish(
            amqp.Message(b'{"specversion": "1.0"}', content_type="application/json", content_encoding="utf-8",
                         delivery_mode=2), exchange="publicity.events", routing_key="award.granted")
    wait_for(lambda: _waiting(rabbit_config["AMQP_URI"], QUEUE) == 1, message="the old message in the queue")
    assert _consume_one(rabbit_config["AMQP_URI"], accept=["json", "cloudevents_json"]) == {"specversion": "1.0"}
