"""The feed service (issue 36): the public events of the award — ``award.approved``,
``award.granted``, ``award.revoked`` — consumed like a bureau would (exactly once, through the
kit's inbox) and served over HTTP from any point, so a bureau follows the award without a
queue on our broker and catches up without an operator. A table of entrypoints: the
projection lives in ``domain/``, the reading in ``reading.py``."""
from award_shared import KitService, Setting, api, consume, events

from . import answers, gauges, queries, reading, replicas, waiting
from .schemas import FeedQuerySchema


class FeedService(KitService):
    name = "feed"
    bell = Setting(waiting.bell_of)      # rung when an event is added: wakes the long polls
    limits = Setting(reading.Limits)

    @consume(events.AwardApproved)
    def on_award_approved(self, tx, approved):
        """The final list approved (Art. 18): public."""
        replicas.record(tx, approved, self.bell)

    @consume(events.AwardGranted)
    def on_award_granted(self, tx, granted):
        """An award conferred (Art. 19-21): public, less the recipient's pseudonym."""
        replicas.record(tx, granted, self.bell)

    @consume(events.AwardRevoked)
    def on_award_revoked(self, tx, revoked):
        """An award revoked (Art. 29, 30): public."""
        replicas.record(tx, revoked, self.bell)

    @api("GET", "/public/v1/feed", public=True, transaction=False, query=FeedQuerySchema(),
         answer={"application/cloudevents-batch+json": answers.FeedEvent(many=True)})
    def feed(self, call):
        """The public events after the cursor ``after`` (0: from the start), in the feed's one
        order, as a CloudEvents JSON batch (``application/cloudevents-batch+json``), each event
        with its position (``feedcursor``); the cursor to continue from in the ``Feed-Cursor``
        header and the ``Link`` to the next page. ``types`` narrows to some public event types,
        ``limit`` sizes the page (1 to 1000). With ``wait=N`` an empty page waits up to N seconds
        (at most ``FEED_WAIT_MAX_SECONDS``) and answers as soon as an event arrives. A full page
        never changes and may be cached. No ``person_key``, no tracing extension."""
        return reading.respond(self.uow, self.bell, self.limits, call)

    def refresh_metrics(self, tx):
        """Events by type, the head of the feed and the long polls waiting, beside the kit's metrics."""
        gauges.refresh(queries.counts(tx), queries.head(tx), self.bell.waiting, replicas.PUBLIC_TYPES)
