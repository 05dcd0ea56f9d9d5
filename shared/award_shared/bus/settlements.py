"""Settling an inbox channel's deliveries: acks that never cover a delivery still in a batch
(docs/nameko.md, 12: an ack with ``multiple`` covers every earlier delivery)."""
import collections


class Settlements:
    """Acks a channel's deliveries with ONE ``basic.ack(multiple=True)`` per step forward.

    Batches may commit out of order (several workers on PostgreSQL), and an ack with
    ``multiple`` covers every earlier delivery, so it goes only up to the newest tag below
    which every delivery has been settled; a batch given back is rejected (requeued) tag by
    tag at once, and no later ack can cover it.
    """

    def __init__(self, channel):
        self.channel = channel
        self._order = collections.deque()  # delivery tags in arrival order
        self._state = {}  # tag -> None (in a batch) | True (committed) | False (given back)

    def delivered(self, tag):
        self._order.append(tag)
        self._state[tag] = None

    def settle(self, tags, ok):
        for tag in tags:
            if tag in self._state:
                self._state[tag] = ok
                if not ok:
                    self.channel.basic_reject(tag, requeue=True)
        top = None
        while self._order and self._state[self._order[0]] is not None:
            tag = self._order.popleft()
            if self._state.pop(tag):
                top = tag
        if top is not None:
            self.channel.basic_ack(top, multiple=True)
