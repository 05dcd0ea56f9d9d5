"""AMQPS by configuration alone (issue 14, item 3): two services whose ``AMQP_URI`` is
``amqps://`` and whose ``AMQP_SSL_CA_CERTS`` names a private CA relay and consume over TLS.

The local broker has no TLS listener, so a TLS terminator stands in front of it (as a load
balancer or RabbitMQ's own listener would): it presents a certificate for ``localhost``
signed by a CA made here, and passes the bytes on to port 5672.
"""
import datetime
import ssl

import eventlet
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from kombu import Connection

from award_intake.service import IntakeService
from award_scoring.service import ScoringService
from award_shared.bus.tls import amqp_ssl
from award_shared.events.samples import SAMPLES
from award_shared.store import db
from award_testing.helpers import commit_events, count_rows, wait_for

# the subject is AMQP over TLS, not the database:
# the services' own tests and the suite's database tests cover both engines
pytestmark = pytest.mark.engines("postgresql")


def _cert(subject, issuer, key, issuer_key, ca):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
               .not_valid_after(now + datetime.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if not ca:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture
def tls_terminator(tmp_path):
    """(port, CA file, TLS versions of the accepted connections) of a TLS listener in front of the local broker."""
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "award test CA")])
    ca = _cert(ca_name, ca_name, ca_key, ca_key, ca=True)
    cert = _cert(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]), ca_name, key, ca_key, ca=False)
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "server.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "server.key").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "server.pem", tmp_path / "server.key")
    listener = eventlet.listen(("127.0.0.1", 0))
    accepted, pumps = [], []

    def pump(src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except (OSError, EOFError):  # either side went away (eventlet says so with EOFError)
            pass
        finally:
            for s in (src, dst):
                try:
                    s.close()
                except OSError:
                    pass

    def serve():
        while True:
            client, _ = listener.accept()
            try:
                secure = context.wrap_socket(client, server_side=True)
                secure.do_handshake()
            except (OSError, ssl.SSLError):  # a client that refused our certificate
                client.close()
                continue
            accepted.append(secure.version())
            broker = eventlet.connect(("127.0.0.1", 5672))
            pumps.extend([eventlet.spawn(pump, secure, broker), eventlet.spawn(pump, broker, secure)])

    server = eventlet.spawn(serve)
    yield listener.getsockname()[1], str(tmp_path / "ca.pem"), accepted
    server.kill()
    for greenlet in pumps:
        greenlet.kill()
    listener.close()


def test_services_relay_and_consume_over_amqps_with_a_private_ca(service_factory, rabbit_config, tls_terminator):
    port, ca_file, accepted = tls_terminator
    config = {"AMQP_URI": f"amqps://guest:guest@localhost:{port}/{rabbit_config['vhost']}",
              "AMQP_SSL_CA_CERTS": ca_file, "AMQP_SSL_CERTFILE": "", "AMQP_SSL_KEYFILE": ""}
    intake = service_factory(IntakeService, extra=config)
    scoring = service_factory(ScoringService, extra=config)
    commit_events(intake, "cycle.opened", [SAMPLES["cycle.opened"]])
    wait_for(lambda: count_rows(scoring.engine, db.inbox) == 1, message="the event, over TLS")
    ready = scoring.client.get("/health/ready")
    assert ready.status_code == 200, ready.text
    assert len(accepted) >= 4  # each service's relay and inbox consumer, at least
    assert all(version.startswith("TLSv1.") for version in accepted), accepted


def test_a_broker_certificate_from_an_unknown_ca_is_refused(tls_terminator, rabbit_config):
    port, _, accepted = tls_terminator
    uri = f"amqps://guest:guest@localhost:{port}/{rabbit_config['vhost']}"
    with Connection(uri, ssl=amqp_ssl({"AMQP_URI": uri}), connect_timeout=5) as conn:
        with pytest.raises(ssl.SSLCertVerificationError):
            conn.connect()
    assert accepted == []
