"""AMQPS settings, the shipped queue policies and QUEUE_TYPE in every service's configuration
(issue 14, items 2 and 3)."""
import os
import re
import ssl

import pytest
from kombu import Connection

from award_shared.bus import broker_access, topology
from award_shared.bus.tls import amqp_ssl
from award_shared.config import load_config

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def test_a_plain_uri_never_uses_tls_whatever_amqp_ssl_says():
    assert amqp_ssl({"AMQP_URI": "amqp://u:p@rabbit:5672/award", "AMQP_SSL_CA_CERTS": "/ca.pem"}) is None


def test_an_amqps_uri_verifies_the_broker_and_its_hostname():
    options = amqp_ssl({"AMQP_URI": "amqps://u:p@rabbit.example:5671/award",
                        "AMQP_SSL_CA_CERTS": "/etc/award/ca.pem", "AMQP_SSL_CERTFILE": "", "AMQP_SSL_KEYFILE": None})
    assert options == {"ca_certs": "/etc/award/ca.pem", "cert_reqs": ssl.CERT_REQUIRED,
                       "server_hostname": "rabbit.example"}
    conn = Connection("amqps://u:p@rabbit.example/award", ssl=options)
    assert conn.ssl == options and ":5671/" in conn.as_uri()


def test_a_client_key_without_its_certificate_is_refused_at_start():
    with pytest.raises(ValueError, match="AMQP_SSL_KEYFILE needs AMQP_SSL_CERTFILE"):
        amqp_ssl({"AMQP_URI": "amqps://rabbit/award", "AMQP_SSL_KEYFILE": "/k.pem"})


@pytest.mark.parametrize("service", topology.SERVICES)
def test_every_service_is_configured_with_queue_type_and_amqp_ssl(service, monkeypatch):
    monkeypatch.delenv("QUEUE_TYPE", raising=False)
    config = load_config(os.path.join(ROOT, "services", service, "config.yaml"))
    assert config["QUEUE_TYPE"] == "classic"
    assert not any(config[k] for k in ("AMQP_SSL_CA_CERTS", "AMQP_SSL_CERTFILE", "AMQP_SSL_KEYFILE"))
    assert amqp_ssl(config) is None  # the embedded setup: plain AMQP on localhost
    monkeypatch.setenv("QUEUE_TYPE", "quorum")
    monkeypatch.setenv("AMQP_SSL_CA_CERTS", "/etc/award/ca.pem")
    monkeypatch.setenv("AMQP_URI", "amqps://award-x:secret@rabbitmq.award.svc/award")
    config = load_config(os.path.join(ROOT, "services", service, "config.yaml"))
    assert config["QUEUE_TYPE"] == "quorum"
    assert amqp_ssl(config)["ca_certs"] == "/etc/award/ca.pem"


def test_the_shipped_policy_loses_nothing():
    [policy] = broker_access.policies()
    definition = policy["definition"]
    # RabbitMQ 4 quorum queues stop after 20 deliveries by default; the policy lifts that far
    # beyond any outage (each redelivery takes a dropped connection), with a finite number:
    # RabbitMQ 3 refuses -1 ("unlimited")
    assert definition["delivery-limit"] >= 10 ** 9
    assert definition["overflow"] == "reject-publish"
    assert not {"max-length", "max-length-bytes", "message-ttl", "expires", "dead-letter-exchange"} & set(definition)
    assert policy["apply-to"] == "queues"
    pattern = re.compile(policy["pattern"])
    queues = [topology.inbox_queue_name(s) for s in topology.SERVICES] + [topology.bureau_queue_name("market-regulation")]
    assert all(pattern.search(q) for q in queues)
    assert not any(pattern.search(name) for name in ("intake.events", "amq.gen-1", "scoring.inbox.old"))


def test_a_service_may_write_only_to_what_it_owns():
    for service in topology.SERVICES:
        perms = broker_access.service_permissions(service)
        write = re.compile(perms["write"])
        assert write.match(f"{service}.events") and write.match(f"{service}.replay")
        assert not write.match("") and not write.match("amq.default")
        for other in set(topology.SERVICES) - {service}:
            assert not write.match(f"{other}.events") and not write.match(f"{other}.replay")
            assert not re.match(perms["read"], f"{other}.inbox")
            assert not re.match(perms["configure"], f"{other}.events")
