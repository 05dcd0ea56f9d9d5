"""AMQPS: the kit's broker connections over TLS, by configuration alone.

TLS is on when ``AMQP_URI`` is ``amqps://`` (port 5671 unless the URI says otherwise). The
broker's certificate is then always verified, hostname included, against the system's CAs
or ``AMQP_SSL.ca_certs``; ``AMQP_SSL.certfile`` / ``keyfile`` present a client certificate
(RabbitMQ's ``ssl_options.fail_if_no_peer_cert``). Empty entries are ignored, so every
``config.yaml`` can carry the setting with environment defaults. An ``amqp://`` URI never
uses TLS, whatever ``AMQP_SSL`` says: a half-configured TLS must not look like plain text
working.
"""
import ssl
from urllib.parse import urlsplit

SSL_FILES = ("ca_certs", "certfile", "keyfile")


def amqp_ssl(config, amqp_uri=None):
    """kombu's ``ssl`` option for ``config`` (``None`` for a plain connection)."""
    uri = amqp_uri or config.get("AMQP_URI") or ""
    if urlsplit(str(uri)).scheme != "amqps":
        return None
    given = config.get("AMQP_SSL") or {}
    if not isinstance(given, dict):
        raise ValueError("AMQP_SSL must be a mapping of ca_certs, certfile, keyfile")
    unknown = set(given) - set(SSL_FILES)
    if unknown:
        raise ValueError(f"AMQP_SSL has unknown entries {sorted(unknown)}; known: {', '.join(SSL_FILES)}")
    options = {k: str(v) for k, v in given.items() if v}
    if "keyfile" in options and "certfile" not in options:
        raise ValueError("AMQP_SSL.keyfile needs AMQP_SSL.certfile")
    options["cert_reqs"] = ssl.CERT_REQUIRED
    options["server_hostname"] = urlsplit(str(uri)).hostname
    return options
