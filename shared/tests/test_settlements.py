"""How the inbox consumer settles deliveries: one ``basic.ack(multiple=True)`` per step
forward, never over a delivery still in a batch or given back. No broker: a recording
channel stands in for py-amqp's."""
from award_shared.bus.settlements import Settlements


class RecordingChannel:
    def __init__(self):
        self.calls = []

    def basic_ack(self, tag, multiple=False):
        self.calls.append(("ack", tag, multiple))

    def basic_reject(self, tag, requeue):
        self.calls.append(("reject", tag, requeue))


def delivered(*tags):
    channel = RecordingChannel()
    settlements = Settlements(channel)
    for tag in tags:
        settlements.delivered(tag)
    return channel, settlements


def test_a_committed_batch_is_acked_with_one_call():
    channel, s = delivered(*range(1, 101))
    s.settle(list(range(1, 101)), ok=True)
    assert channel.calls == [("ack", 100, True)]


def test_a_later_batch_committing_first_waits_for_the_earlier_one():
    channel, s = delivered(*range(1, 7))
    s.settle([4, 5, 6], ok=True)
    assert channel.calls == [], "an ack of 6 with multiple would also ack 1-3, still being applied"
    s.settle([1, 2, 3], ok=True)
    assert channel.calls == [("ack", 6, True)]


def test_a_batch_given_back_is_rejected_at_once_and_no_ack_covers_it_again():
    channel, s = delivered(*range(1, 7))
    s.settle([1, 2, 3], ok=False)
    assert channel.calls == [("reject", 1, True), ("reject", 2, True), ("reject", 3, True)]
    s.settle([4, 5, 6], ok=True)
    assert channel.calls[-1] == ("ack", 6, True)


def test_the_ack_stops_at_the_newest_committed_delivery_before_a_gap():
    channel, s = delivered(*range(1, 10))
    s.settle([1, 2, 3], ok=True)
    s.settle([7, 8, 9], ok=True)
    s.settle([4, 5, 6], ok=False)
    acks = [c for c in channel.calls if c[0] == "ack"]
    assert acks == [("ack", 3, True), ("ack", 9, True)]


def test_when_the_newest_settled_delivery_was_given_back_the_ack_goes_up_to_the_one_before():
    channel, s = delivered(1, 2, 3, 4)
    s.settle([3, 4], ok=False)
    s.settle([1, 2], ok=True)
    assert channel.calls[-1] == ("ack", 2, True), "acking 4, already rejected, would be an unknown tag"


def test_tags_of_another_channel_are_ignored():
    channel, s = delivered(1, 2)
    s.settle([41, 42], ok=True)
    assert channel.calls == []
    s.settle([1, 2], ok=True)
    assert channel.calls == [("ack", 2, True)]
