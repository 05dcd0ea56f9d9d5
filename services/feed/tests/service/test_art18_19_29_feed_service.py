"""The feed as a bureau reads it (issue 36, item 1): public events put on the bus by their
publishers come back over HTTP from cursor 0 in order, page by page, from any cursor, filtered
by type, with a long poll woken by the next event — and never with a ``person_key``."""
import json

import eventlet
import requests

from award_shared.events.samples import SAMPLES
from award_testing.helpers import publish_event, wait_for

FEED = "/public/v1/feed"
BATCH = "application/cloudevents-batch+json"


def granted(n, individual=True):
    data = dict(SAMPLES["award.granted"], award_id=f"award-2019-{n:02d}", certificate_number=f"JNSZ-2019-{n:03d}")
    if not individual:
        data.update(category="unit_award", items=["trophy", "certificate"], credit_code="91370100MA3C4XXX1A")
        data.pop("person_key")
    return data


def revoked(n):
    return dict(SAMPLES["award.revoked"], award_id=f"award-2019-{n:02d}")


def publish_cycle(amqp_uri):
    """The final list, three awards, one revoked: five public events, each from its publisher."""
    sent = [publish_event(amqp_uri, "publicity", "award.approved", SAMPLES["award.approved"])]
    sent += [publish_event(amqp_uri, "publicity", "award.granted", granted(n, individual=n != 2)) for n in (1, 2, 3)]
    sent.append(publish_event(amqp_uri, "revocation", "award.revoked", revoked(1)))
    return sent


def page(feed, **query):
    answer = feed.client.get(FEED + "?" + "&".join(f"{k}={v}" for k, v in query.items()))
    assert answer.status_code == 200, answer.text
    return answer


def read_all(feed, count):
    wait_for(lambda: int(page(feed).headers["Feed-Cursor"]) >= count, message=f"the feed to hold {count} events")
    return page(feed, after=0, limit=1000)


def test_art18_19_29_the_public_events_come_back_from_cursor_0_in_order_without_person_key(feed, rabbit_config):
    sent = publish_cycle(rabbit_config["AMQP_URI"])
    answer = read_all(feed, len(sent))
    assert answer.headers["Content-Type"].startswith(BATCH)
    served = answer.json()
    # the feed's order is the order it learned them: batches consumed side by side on PostgreSQL
    # may commit out of publishing order, so a reader orders by ``sequence`` per source and subject,
    # which every event keeps as it was sent
    assert sorted(e["id"] for e in served) == sorted(e["id"] for e in sent)
    key = lambda e: (e["id"], e["source"], e["subject"], e["sequence"])  # noqa: E731
    assert sorted(map(key, served)) == sorted(map(key, sent))
    assert [e["feedcursor"] for e in served] == [1, 2, 3, 4, 5] and answer.headers["Feed-Cursor"] == "5"
    assert all(e["specversion"] == "1.0" and e["datacontenttype"] == "application/json" for e in served)
    assert "person_key" not in answer.text and "traceparent" not in answer.text
    assert answer.headers["Cache-Control"] == "no-cache"  # not full: it may grow
    metrics = feed.client.get("/metrics").text
    assert "award_feed_head_position 5.0" in metrics and 'award_feed_events{type="award.granted"} 3.0' in metrics


def test_pages_by_limit_resume_from_the_cursor_and_filter_by_type(feed, rabbit_config):
    sent = publish_cycle(rabbit_config["AMQP_URI"])
    everything = [e["id"] for e in read_all(feed, len(sent)).json()]
    seen, cursor = [], 0
    while True:
        answer = page(feed, after=cursor, limit=2)
        seen += [e["id"] for e in answer.json()]
        cursor = int(answer.headers["Feed-Cursor"])
        assert f"after={cursor}&limit=2" in answer.headers["Link"]
        if len(answer.json()) < 2:
            break
        assert "immutable" in answer.headers["Cache-Control"]  # a full page never changes
    assert seen == everything and cursor == 5
    revocations = page(feed, types="award.revoked")
    assert [e["type"] for e in revocations.json()] == ["award.revoked"] and revocations.headers["Feed-Cursor"] == "5"
    bad = feed.client.get(FEED + "?types=award.granted,hold.placed&limit=0&wait=301&after=-1")
    assert bad.status_code == 422 and set(bad.json()["error"]["fields"]) == {"types", "limit", "wait", "after"}
    assert "hold.placed" in bad.json()["error"]["fields"]["types"][0]


def test_a_long_poll_is_woken_by_the_next_event(feed, rabbit_config):
    amqp_uri = rabbit_config["AMQP_URI"]
    publish_event(amqp_uri, "publicity", "award.granted", granted(1))
    read_all(feed, 1)
    # the feed looks again only every 25 s and waits up to 25: an answer well within the client's
    # bound of 15 s comes from the bell the new event rang
    poll = eventlet.spawn(requests.get, feed.client.base_url + FEED + "?after=1&wait=25", timeout=15)
    eventlet.sleep(0.2)
    publish_event(amqp_uri, "revocation", "award.revoked", revoked(1))
    answer = poll.wait()
    assert answer.status_code == 200 and [e["type"] for e in answer.json()] == ["award.revoked"]
    assert answer.headers["Feed-Cursor"] == "2"
    # a wait that finds an event at once answers at once, with no wait at all
    assert json.loads(page(feed, after=0, wait=25).text)[0]["feedcursor"] == 1
