"""The fast rung of feed's webhooks (issue 36, item 2): registering, claiming the due
subscriptions, recording outcomes until a subscription is parked, replaying and rotating the
secret — on the kit's own unit of work over SQLite in memory, no HTTP (a deliverer that keeps
the jobs it is given)."""
import datetime
import re

import pytest
from cryptography.fernet import Fernet

from award_feed import replicas, tables, webhooks
from award_feed.delivery import Deliverer, Outcome
from award_shared import errors, events
from award_shared.events.samples import SAMPLES
from award_testing.workflows import received, rows, unit_of_work

KEY = Fernet.generate_key().decode()
CONFIG = {"WEBHOOK_BACKOFF_FIRST_SECONDS": 1, "WEBHOOK_RETRY_FOR_SECONDS": 60, "WEBHOOK_BATCH": 2,
          "WEBHOOK_SECRET_KEYS": KEY}
PUBLIC = {"bureau.example.org": ["93.184.216.34"], "intranet.example.org": ["10.0.0.7"]}


class Keeping(Deliverer):
    def __init__(self, config):
        super().__init__(config)
        self.jobs = []

    def start(self, job):
        self.jobs.append(job)


def resolve(host, port):
    return PUBLIC[host]


def feed_of(n):
    tx = unit_of_work("feed", tables.ALL)
    for i in range(1, n + 1):
        with tx:
            data = dict(SAMPLES["award.granted"], award_id=f"award-2019-{i:02d}", certificate_number=f"JNSZ-{i:03d}")
            replicas.record(tx, received(events.AwardGranted(**data), tx=tx))
    return tx


def register(tx, deliverer, **body):
    return webhooks.register(tx, "op-1", dict({"name": "market", "url": "https://bureau.example.org/h"}, **body),
                             deliverer.policy, resolve)


def test_a_subscription_refuses_an_internal_address_a_bad_type_or_secret_and_a_taken_name():
    tx, deliverer = feed_of(0), Keeping(CONFIG)
    for body, field in (({"url": "https://intranet.example.org/h"}, "url"), ({"url": "http://bureau.example.org/"}, "url"),
                        ({"types": ["hold.placed"]}, "types"), ({"secret": "whsec_short"}, "secret")):
        with pytest.raises(errors.Invalid) as invalid:
            register(tx, deliverer, **body)
        assert list(invalid.value.fields) == [field]
    assert rows(tx, tables.webhook_subscriptions) == []
    made = register(tx, deliverer)
    assert made["secret"].startswith("whsec_") and made["cursor"] == 0 and made["state"] == "active"
    with pytest.raises(errors.Conflict):
        register(tx, deliverer)


def test_a_failing_subscription_backs_off_then_is_parked_and_a_replay_delivers_from_its_cursor():
    tx, deliverer = feed_of(3), Keeping(CONFIG)
    sub = register(tx, deliverer, after=0)
    now = datetime.datetime.now(datetime.timezone.utc)
    with tx:
        assert webhooks.tick(tx, deliverer, now) == 1
    [job] = deliverer.jobs
    assert [e["feedcursor"] for e in job.events] == [1, 2] and job.secrets == (sub_secret(tx),)
    with tx:   # leased: not claimed twice
        assert webhooks.tick(tx, deliverer, now) == 0
    deliverer._outcomes.append(Outcome(sub["id"], job.lease, 1, "HTTP 500", [0.01, 0.02]))
    with tx:
        webhooks.tick(tx, deliverer, now)
    [row] = rows(tx, tables.webhook_subscriptions)
    assert row["cursor"] == 1 and row["failures"] == 1 and row["last_error"] == "HTTP 500" and row["state"] == "active"
    assert row["next_attempt_at"] > now
    later = now + datetime.timedelta(seconds=61)
    with tx:
        webhooks.tick(tx, deliverer, later)
    retry = deliverer.jobs[-1]
    assert [e["feedcursor"] for e in retry.events] == [2, 3]
    deliverer._outcomes.append(Outcome(sub["id"], retry.lease, None, "ConnectTimeout", []))
    with tx:
        webhooks.tick(tx, deliverer, later + datetime.timedelta(seconds=61))
    [row] = rows(tx, tables.webhook_subscriptions)
    assert row["state"] == "parked" and row["failures"] == 2 and row["cursor"] == 1
    with tx:
        assert webhooks.listing(tx, "parked", 0, 10)["subscriptions"][0]["last_error"] == "ConnectTimeout"
        assert webhooks.listing(tx, "failing", 0, 10)["subscriptions"] == []
        assert webhooks.tick(tx, deliverer, later + datetime.timedelta(days=9)) == 0   # parked: nothing sent
        webhooks.replay(tx, sub["id"], {"after": 0})
        webhooks.tick(tx, deliverer, later + datetime.timedelta(days=9))
    assert [e["feedcursor"] for e in deliverer.jobs[-1].events] == [1, 2]


def test_a_rotated_secret_signs_beside_the_previous_one_during_the_overlap():
    tx, deliverer = feed_of(1), Keeping(CONFIG)
    sub = register(tx, deliverer, after=0)
    old = sub_secret(tx)
    with tx:
        rotated = webhooks.rotate(tx, sub["id"], {"overlap_seconds": 3600}, deliverer.policy)
        webhooks.tick(tx, deliverer)
    assert deliverer.jobs[-1].secrets == (rotated["secret"], old)
    deliverer._outcomes.append(Outcome(sub["id"], deliverer.jobs[-1].lease, None, "HTTP 503", []))
    with tx:
        webhooks.tick(tx, deliverer, webhooks.wall_now() + datetime.timedelta(hours=2))
        webhooks.tick(tx, deliverer, webhooks.wall_now() + datetime.timedelta(hours=3))
    assert len(deliverer.jobs) == 2 and deliverer.jobs[-1].secrets == (rotated["secret"],)


def sub_secret(tx):
    """The subscription's secret: its row holds only the Fernet token of it."""
    return Fernet(KEY).decrypt(rows(tx, tables.webhook_subscriptions)[0]["secret"].encode()).decode()


def test_a_secret_is_stored_encrypted_and_a_rotated_key_still_opens_it_and_seals_it_again():
    tx, deliverer = feed_of(2), Keeping(CONFIG)
    given = "whsec_" + "A" * 44
    register(tx, deliverer, after=0, secret=given)
    [row] = rows(tx, tables.webhook_subscriptions)
    assert given not in row["secret"] and given[6:] not in row["secret"] and sub_secret(tx) == given
    new = Fernet.generate_key().decode()
    rotated = Keeping(dict(CONFIG, WEBHOOK_SECRET_KEYS=f"{new},{KEY}"))   # the new key first, the old kept
    with tx:
        assert webhooks.tick(tx, rotated) == 1
    assert rotated.jobs[-1].secrets == (given,)
    [row] = rows(tx, tables.webhook_subscriptions)   # sealed again under the newest key
    assert Fernet(new).decrypt(row["secret"].encode()).decode() == given

    lost = Keeping(dict(CONFIG, WEBHOOK_SECRET_KEYS=Fernet.generate_key().decode()))   # the key dropped too early
    with tx:
        webhooks.replay(tx, row["id"], {"after": 0})
        assert webhooks.tick(tx, lost) == 0
    [row] = rows(tx, tables.webhook_subscriptions)
    assert lost.jobs == [] and "WEBHOOK_SECRET_KEYS" in row["last_error"] and row["lease"] is None


@pytest.mark.parametrize("keys, named", [({}, "WEBHOOK_SECRET_KEYS (or WEBHOOK_SECRET_KEYS_FILE) must be set"),
                                         ({"WEBHOOK_SECRET_KEYS": "not-a-key"}, "WEBHOOK_SECRET_KEYS: each key"),
                                         ({"WEBHOOK_SECRET_KEYS_FILE": "/nonexistent/webhook.key"},
                                          "WEBHOOK_SECRET_KEYS_FILE: cannot read")])
def test_no_key_a_malformed_key_or_an_unreadable_key_file_is_refused_naming_the_setting(keys, named):
    with pytest.raises(ValueError, match=re.escape(named)):
        Deliverer({**CONFIG, "WEBHOOK_SECRET_KEYS": "", **keys})


def test_a_subscription_to_a_rare_type_skips_ahead_and_an_idle_one_is_not_claimed():
    tx, deliverer = feed_of(3), Keeping(CONFIG)
    register(tx, deliverer, after=0, types=["award.revoked"])
    with tx:
        assert webhooks.tick(tx, deliverer) == 0
        assert webhooks.tick(tx, deliverer) == 0
    [row] = rows(tx, tables.webhook_subscriptions)
    assert row["cursor"] == 3 and deliverer.jobs == []


def test_a_bureau_finds_only_the_subscriptions_it_registered_and_an_operator_all():
    tx, deliverer = feed_of(0), Keeping(CONFIG)
    body = {"url": "https://bureau.example.org/h"}
    market = webhooks.register(tx, "bureau-market", dict(body, name="market"), deliverer.policy, resolve)
    credit = webhooks.register(tx, "bureau-credit", dict(body, name="credit"), deliverer.policy, resolve)
    with tx:
        assert [s["id"] for s in webhooks.listing(tx, None, 0, 10, "bureau-market")["subscriptions"]] == [market["id"]]
        assert len(webhooks.listing(tx, None, 0, 10, None)["subscriptions"]) == 2
        assert webhooks.load(tx, market["id"], owner="bureau-market")["name"] == "market"
    for act in (lambda: webhooks.load(tx, credit["id"], owner="bureau-market"),
                lambda: webhooks.rotate(tx, credit["id"], {}, deliverer.policy, "bureau-market"),
                lambda: webhooks.replay(tx, credit["id"], {"after": 0}, "bureau-market"),
                lambda: webhooks.remove(tx, credit["id"], "bureau-market")):
        with pytest.raises(errors.NotFound), tx:
            act()
    assert len(rows(tx, tables.webhook_subscriptions)) == 2


class Caller:
    def __init__(self, sub, *roles):
        self.sub, self.roles = sub, frozenset(roles)

    def has(self, *roles):
        return any(role in self.roles for role in roles)


def test_an_operator_manages_every_subscription_a_bureau_its_own():
    assert webhooks.owner(Caller("ops", "operator")) is None
    assert webhooks.owner(Caller("ops", "operator", "bureau")) is None
    assert webhooks.owner(Caller("bureau-market", "bureau")) == "bureau-market"
