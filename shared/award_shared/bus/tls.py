"""AMQPS: the kit's broker connections over TLS, by configuration alone.

TLS is on when ``AMQP_URI`` is ``amqps://`` (port 5671 unless the URI says otherwise). The
broker's certificate is then always verified, hostname included, against the system's CAs
or ``AMQP_SSL_CA_CERTS``; ``AMQP_SSL_CERTFILE`` / ``AMQP_SSL_KEYFILE`` present a client
certificate (RabbitMQ's ``ssl_options.fail_if_no_peer_cert``). Empty settings are ignored,
so every ``config.yaml`` carries them with empty defaults. An ``amqp://`` URI never uses
TLS, whatever they say: a half-configured TLS must not look like plain text working.
"""
import ssl
from urllib.parse import urlsplit

SSL_FILES = {"ca_certs": "AMQP_SSL_CA_CERTS", "certfile": "AMQP_SSL_CERTFILE", "keyfile": "AMQP_SSL_KEYFILE"}


def amqp_ssl(config, amqp_uri=None):
    """kombu's ``ssl`` option for ``config`` (``None`` for a plain connection)."""
    uri = str(amqp_uri or config.get("AMQP_URI") or "")
    if urlsplit(uri).scheme != "amqps":
        return None
    options = {"ca_certs": config.get("AMQP_SSL_CA_CERTS"), "certfile": config.get("AMQP_SSL_CERTFILE"),
               "keyfile": config.get("AMQP_SSL_KEYFILE")}
    options = {k: str(v) for k, v in options.items() if v}
    if "keyfile" in options and "certfile" not in options:
        raise ValueError("AMQP_SSL_KEYFILE needs AMQP_SSL_CERTFILE")
    options["cert_reqs"] = ssl.CERT_REQUIRED
    options["server_hostname"] = urlsplit(uri).hostname
    return options
