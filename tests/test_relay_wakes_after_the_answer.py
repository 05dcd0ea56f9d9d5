"""After a commit that published, the worker's HTTP answer goes out before the relay
publishes: the caller waits for the answer, the relay's work can follow it. Woken at once,
the relay ran first and every publishing call's answer waited for its publishes (≈0.8 ms a
call in bench/cycle.py). Nothing is published later for it than the hub's next turn."""
import eventlet
from eventlet.event import Event

from award_shared.bus.relay import OutboxRelay


def _relay():
    relay = OutboxRelay.__new__(OutboxRelay)  # only its wake-up: no broker, no database
    relay._wake, relay._wake_due = Event(), False
    return relay


def test_the_answer_waiting_on_the_worker_runs_before_the_relay_it_woke():
    relay, answer, order = _relay(), Event(), []
    eventlet.spawn(lambda: (relay._wake.wait(), order.append("relay publishes")))
    eventlet.spawn(lambda: (answer.wait(), order.append("answer sent")))
    eventlet.sleep(0)  # both wait, as the relay and the HTTP request do
    # the worker: commit, wake the relay, hand the result to the waiting request
    relay.wake_after_answer()
    relay.wake_after_answer()  # a second commit before the relay ran: one wake-up
    answer.send("201")
    eventlet.sleep(0.01)
    assert order == ["answer sent", "relay publishes"]
    assert relay._wake.ready() and not relay._wake_due


def test_a_wake_up_is_never_lost():
    relay = _relay()
    relay.wake_after_answer()
    assert relay._wake.wait(1.0) is True
    relay._wake = Event()  # as the relay's _sleep resets it
    relay.wake_after_answer()
    assert relay._wake.wait(1.0) is True
