"""A webhook over real TLS (issue 36, item 2): the delivery connects to the address the SSRF
check approved — never to a second lookup of the name — and TLS still sends and verifies the
URL's host name. The receiver's name resolves nowhere but in the check's resolver, so a
delivery that arrives proves the connection was pinned; a certificate for another name is
refused. No service container: ``delivery.send`` in a child process patched by eventlet first, as
``nameko run`` is (in pytest's own process a plugin imports ``ssl`` before conftest patches it,
and urllib3's TLS then recurses), against an HTTPS server in this process."""
import datetime
import http.server
import json
import ssl
import subprocess
import sys
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

SEND = """
import eventlet
eventlet.monkey_patch()
import json, sys
from award_feed.delivery import Job, Policy, send
from award_feed.domain import signing
cases, table = json.loads(sys.argv[1])
events = [{"id": f"e{n}", "feedcursor": n, "type": "award.granted", "data": {}} for n in (1, 2)]
outcomes = [send(Job(1, "lease", url, (signing.new_secret(),), events), Policy(config),
                 resolver=lambda host, port: table[host])   # the system's DNS knows none of these names
            for config, url in cases]
print(json.dumps([{"delivered": o.delivered, "error": o.error} for o in outcomes]))
"""


@pytest.fixture
def https_receiver(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hooks.bureau.test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("hooks.bureau.test")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
    got = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            got.append((self.headers["Host"], self.headers["webhook-id"], self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], str(tmp_path / "cert.pem"), got
    server.shutdown()
    server.server_close()


def send_all(cases, table):
    """The outcomes of ``delivery.send`` for each (config, url), in one child process."""
    done = subprocess.run([sys.executable, "-c", SEND, json.dumps([cases, table])], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_delivery_goes_to_the_checked_address_and_tls_verifies_the_name(https_receiver):
    port, ca, got = https_receiver
    allowed = {"WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8", "WEBHOOK_CA_BUNDLE": ca, "WEBHOOK_TIMEOUT_SECONDS": 10}
    table = {"hooks.bureau.test": ["127.0.0.1"], "other.bureau.test": ["127.0.0.1"]}
    delivered, wrong_name, refused = send_all([
        (allowed, f"https://hooks.bureau.test:{port}/award"),
        (allowed, f"https://other.bureau.test:{port}/award"),       # its certificate names another host
        ({"WEBHOOK_CA_BUNDLE": ca}, f"https://hooks.bureau.test:{port}/award"),  # 127.0.0.1 not allowed
    ], table)
    assert delivered == {"delivered": 2, "error": None}
    assert [(host, msg_id) for host, msg_id, _ in got] == [(f"hooks.bureau.test:{port}", "e1"),
                                                            (f"hooks.bureau.test:{port}", "e2")]
    assert wrong_name["delivered"] is None and "SSLError" in wrong_name["error"]
    assert refused["error"].startswith("refused:") and "127.0.0.1" in refused["error"]
