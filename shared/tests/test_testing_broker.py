"""The test run's vhosts made ahead with the topology (award_testing.broker): a test
that asks for the topology finds it declared, and a vhost the pipeline could not prepare fails
the test that takes it — with the reason — instead of leaving every later test waiting."""
import pytest
from kombu import Connection

from award_shared.bus.topology import SERVICES, inbox_queue_name
from award_testing.broker import TopologyPipeline, Unprepared


def test_a_test_that_declares_the_topology_gets_a_vhost_where_it_is_declared(rabbit_config, declare_topology):
    assert rabbit_config["topology_declared"]
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        for service in SERVICES:  # passive: refused (404) if the pipeline had not declared them
            conn.default_channel.queue_declare(inbox_queue_name(service), passive=True)
            conn.default_channel.exchange_declare(f"{service}.events", "topic", passive=True)


def test_a_test_without_the_topology_gets_an_empty_vhost(rabbit_config):
    assert not rabbit_config["topology_declared"]
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        with pytest.raises(Exception, match="NOT_FOUND"):
            conn.default_channel.queue_declare(inbox_queue_name("intake"), passive=True)


def test_a_vhost_that_could_not_be_prepared_fails_its_test_and_is_deleted():
    made, deleted = iter(range(100)), []

    def create():
        n = next(made)
        if n == 0:
            return Unprepared("vhost-0", ConnectionRefusedError("the broker refused the declarations"))
        return f"vhost-{n}"

    def destroy(item):
        deleted.append(item.vhost if isinstance(item, Unprepared) else item)

    with TopologyPipeline(create, destroy, size=1).run() as pipeline:
        with pytest.raises(RuntimeError, match="could not prepare a vhost.*refused the declarations"):
            with pipeline.get():
                pass
        with pipeline.get() as vhost:  # the next one is fine
            assert vhost == "vhost-1"
    assert deleted[:2] == ["vhost-0", "vhost-1"]
