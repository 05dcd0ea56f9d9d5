"""Suite test of issue 36: after a whole cycle (tests/test_award_cycle_flow.py: an award
approved, conferred and, a year later, revoked), the feed read over HTTP from cursor 0 holds the
same public events as a bureau's AMQP queue received — as sets, and in the same order per
subject — and none of them carries ``person_key`` or the winner's account (the subject that owns
the winning application, which revocation learns from intake's internal event: Art. 21)."""
import json

from kombu import Connection

from award_feed.service import FeedService
from award_shared.bus.topology import bureau_queue_name, declare_bureau
from award_testing.helpers import wait_for
from test_award_cycle_flow import WINNER_ACCOUNT, a_whole_cycle

BUREAU = "feed-check"


def drain(amqp, queue):
    """Every message in ``queue``, in the order the broker hands them out."""
    bodies = []
    with Connection(amqp) as conn:
        simple = conn.SimpleQueue(queue, no_ack=True)
        try:
            while True:
                bodies.append(json.loads(simple.get(timeout=1).body))
        except simple.Empty:
            pass
        finally:
            simple.close()
    return bodies


def per_subject(events):
    order = {}
    for event in events:
        order.setdefault(event["subject"], []).append(event["id"])
    return order


def test_the_feed_holds_what_a_bureau_queue_received_after_a_whole_cycle(service_factory, rabbit_config, tmp_path):
    amqp = rabbit_config["AMQP_URI"]
    with Connection(amqp) as conn:  # before anything is published, as award-topology --bureau does
        declare_bureau(conn.default_channel, BUREAU)
    feed = service_factory(FeedService)
    a_whole_cycle(service_factory, amqp, tmp_path)

    queued = drain(amqp, bureau_queue_name(BUREAU))
    assert {e["type"] for e in queued} == {"award.approved", "award.granted", "award.revoked"}
    wait_for(lambda: feed.client.get("/public/v1/feed").headers["Feed-Cursor"] == str(len(queued)),
             message="the feed to hold every public event")
    answer = feed.client.get("/public/v1/feed?after=0&limit=1000")
    served = answer.json()
    assert sorted(e["id"] for e in served) == sorted(e["id"] for e in queued)
    assert per_subject(served) == per_subject(queued)
    assert "person_key" not in answer.text
    for private in (WINNER_ACCOUNT, "applicant_sub"):
        assert private not in answer.text and private not in json.dumps(queued, ensure_ascii=False)
