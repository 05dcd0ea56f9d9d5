"""Webhooks' plain rules (issue 36, item 2; none is a rule of the Measures): Standard Webhooks
signatures, where a webhook may go (SSRF refused), and the backoff that ends in parking."""
import base64
import datetime
import hashlib
import hmac

import pytest

from award_feed.domain import destinations, retries, signing

SECRET = "whsec_" + base64.b64encode(b"k" * 32).decode()


def resolver(table):
    return lambda host, port: table[host]


def test_the_signature_is_hmac_sha256_of_id_timestamp_body_and_both_secrets_sign_in_an_overlap():
    body = b'{"id":"e1"}'
    expected = base64.b64encode(hmac.new(b"k" * 32, b"e1.1700000000." + body, hashlib.sha256).digest()).decode()
    assert signing.signature(SECRET, "e1", 1700000000, body) == "v1," + expected
    other = signing.new_secret()
    headers = signing.headers("e1", 1700000000, body, [other, SECRET])
    assert headers["webhook-id"] == "e1" and headers["webhook-timestamp"] == "1700000000"
    assert headers["webhook-signature"].split(" ") == [signing.signature(other, "e1", 1700000000, body), "v1," + expected]
    assert other.startswith("whsec_") and len(signing.key_of(other)) == 32
    for bad in ("k" * 40, "whsec_not base64!", "whsec_" + base64.b64encode(b"short").decode()):
        with pytest.raises(ValueError):
            signing.key_of(bad)


@pytest.mark.parametrize("url, addresses, why", [
    ("http://bureau.example.org/hook", ["93.184.216.34"], "only https"),
    ("ftp://bureau.example.org/hook", ["93.184.216.34"], "only https"),
    ("https://user:pw@bureau.example.org/hook", ["93.184.216.34"], "credentials"),
    ("https://intranet.example.org/hook", ["10.1.2.3"], "not public"),
    ("https://metadata.example.org/", ["169.254.169.254"], "not public"),
    ("https://localhost/", ["127.0.0.1"], "not public"),
    ("https://v6.example.org/", ["fd00::1"], "not public"),
    ("https://mapped.example.org/", ["::ffff:192.168.1.1"], "not public"),
    ("https://cgnat.example.org/", ["100.64.0.1"], "not public"),
    ("https://mixed.example.org/", ["93.184.216.34", "192.168.0.10"], "not public"),  # every address is checked
    ("https://gone.example.org/", [], "does not resolve"),
])
def test_ssrf_and_plain_http_are_refused(url, addresses, why):
    host = url.split("//")[1].split("/")[0].split("@")[-1]
    with pytest.raises(destinations.Refused) as refused:
        destinations.check(url, resolver({host: addresses}))
    assert why in refused.value.message_en and refused.value.message


def test_public_https_passes_and_configuration_allows_a_network_or_http_to_loopback():
    assert destinations.check("https://bureau.example.org/h", resolver({"bureau.example.org": ["93.184.216.34"]}))
    inside = resolver({"hook.city.local": ["10.20.0.5"]})
    assert destinations.check("https://hook.city.local/", inside, destinations.networks("10.20.0.0/16, 10.30.0.0/16"))
    loop = resolver({"127.0.0.1": ["127.0.0.1"]})
    assert destinations.check("http://127.0.0.1:9000/h", loop, http_loopback=True)
    with pytest.raises(destinations.Refused):
        destinations.check("http://127.0.0.1:9000/h", loop)
    with pytest.raises(destinations.Refused):   # development's http is loopback only
        destinations.check("http://hook.city.local/", inside, destinations.networks("10.20.0.0/16"), http_loopback=True)


def test_backoff_doubles_with_jitter_up_to_its_cap_and_parks_after_the_retry_window():
    assert [retries.delay(n, 5, 3600, lambda: 0.999999) for n in (1, 2, 3)] == pytest.approx([5, 10, 20], rel=1e-5)
    assert retries.delay(3, 5, 3600, lambda: 0.0) == 10          # jitter: between half and all
    assert retries.delay(40, 5, 3600, lambda: 0.999999) == pytest.approx(3600, rel=1e-5)
    start = datetime.datetime(2026, 12, 7, tzinfo=datetime.timezone.utc)
    assert not retries.parked(None, start, 60)
    assert not retries.parked(start, start + datetime.timedelta(seconds=59), 60)
    assert retries.parked(start, start + datetime.timedelta(seconds=60), 60)
