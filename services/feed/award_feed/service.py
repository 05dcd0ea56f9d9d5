"""The feed service (issue 36): the public events of the award — ``award.approved``,
``award.granted``, ``award.revoked`` — consumed like a bureau would (exactly once, through the
kit's inbox) and served over HTTP from any point, so a bureau follows the award without a
queue on our broker and catches up without an operator. A table of entrypoints: the
projection lives in ``domain/``, the reading in ``reading.py``; webhook subscriptions
(``webhooks.py``) are delivered by a timer that hands each due subscription to a thread of its
own (``delivery.py``), so a slow receiver delays no one else."""
from award_shared import KitService, Setting, api, consume, events, every

from . import answers, contract_doc, delivery, gauges, queries, reading, replicas, waiting, webhooks
from .schemas import FeedQuerySchema, ReplaySchema, RotateSchema, WebhookListSchema, WebhookSchema

#: who manages webhook subscriptions: the suite's operators, every one; a bureau's own client
#: (client credentials, scope ``award:bureau``), those it registered (``webhooks.owner``)
WEBHOOK_ROLES = ("operator", "bureau")


class FeedService(KitService):
    name = "feed"
    bell = Setting(waiting.bell_of)      # rung when an event is added: wakes the long polls
    limits = Setting(reading.Limits)
    deliverer = Setting(delivery.Deliverer)  # webhook deliveries in flight in this instance
    openapi_webhooks = contract_doc.WEBHOOKS      # /openapi.json: what a subscription receives
    openapi_schemas = contract_doc.SCHEMAS

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
        """The public events after the cursor ``after`` (0: from the start) — what Art. 18, 29 and 30
        make public —, in the feed's one order, as a CloudEvents JSON batch (``application/cloudevents-batch+json``), each event
        with its position (``feedcursor``); the cursor to continue from in the ``Feed-Cursor``
        header and the ``Link`` to the next page. ``types`` narrows to some public event types,
        ``limit`` sizes the page (1 to 1000). With ``wait=N`` an empty page waits up to N seconds
        (at most ``FEED_WAIT_MAX_SECONDS``) and answers as soon as an event arrives. A full page
        never changes and may be cached. No ``person_key``, no tracing extension."""
        return reading.respond(self.uow, self.bell, self.limits, call)

    @api("POST", "/v1/webhooks", roles=WEBHOOK_ROLES, body=WebhookSchema(), status=201, transaction=False,
         answer=answers.WebhookSecretAnswer())
    def register_webhook(self, call):
        """A webhook subscription (本系统): the public events of ``types`` (none: all) POSTed to ``url``
        one by one, in the feed's order, after the cursor ``after`` (none: the feed's head),
        signed per Standard Webhooks with ``secret`` (none: generated and answered once), in the
        CloudEvents HTTP binding's structured mode (``application/cloudevents+json``). ``url``
        is https, and every address its host resolves to public (SSRF refused); 422 names the
        field, 409 a name already taken. An operator or a bureau's own client registers; the
        subscription is the caller's (``created_by``: its token's subject). The host is resolved before the transaction opens (no
        network I/O inside one: docs/nameko.md, 9)."""
        return webhooks.register(self.uow, call.principal.sub, call.body, self.deliverer.policy, delivery.resolve)

    @api("GET", "/v1/webhooks", roles=WEBHOOK_ROLES, query=WebhookListSchema(),
         answer=answers.WebhookListAnswer())
    def list_webhooks(self, tx, call):
        """The subscriptions by id (本系统; ``state=failing`` or ``parked``: those to look at), each with
        its cursor, failures in a row, last error and next attempt; never a secret. A bureau's
        client sees only those it registered."""
        query = call.query
        return webhooks.listing(tx, query["state"], query["after"], query["limit"], webhooks.owner(call.principal))

    @api("GET", "/v1/webhooks/<int:subscription_id>", roles=WEBHOOK_ROLES, answer=answers.WebhookAnswer())
    def get_webhook(self, tx, call, subscription_id):
        """One subscription, never its secret; a bureau's client only its own, 404 otherwise (本系统)."""
        return webhooks.shown(webhooks.load(tx, subscription_id, owner=webhooks.owner(call.principal)))

    @api("POST", "/v1/webhooks/<int:subscription_id>/secret", roles=WEBHOOK_ROLES, body=RotateSchema(),
         answer=answers.WebhookSecretAnswer())
    def rotate_webhook_secret(self, tx, call, subscription_id):
        """A new secret; deliveries carry both signatures for ``overlap_seconds`` (none:
        ``WEBHOOK_SECRET_OVERLAP_SECONDS``) so the receiver can switch at its own time (本系统)."""
        return webhooks.rotate(tx, subscription_id, call.body, self.deliverer.policy, webhooks.owner(call.principal))

    @api("POST", "/v1/webhooks/<int:subscription_id>/replay", roles=WEBHOOK_ROLES, body=ReplaySchema(),
         answer=answers.WebhookAnswer())
    def replay_webhook(self, tx, call, subscription_id):
        """Deliver again every event after the cursor ``after``; a parked subscription is active again (本系统)."""
        return webhooks.replay(tx, subscription_id, call.body, webhooks.owner(call.principal))

    @api("DELETE", "/v1/webhooks/<int:subscription_id>", roles=WEBHOOK_ROLES,
         answer=answers.WebhookRemovedAnswer())
    def remove_webhook(self, tx, call, subscription_id):
        """The subscription ends: nothing more is sent to it (本系统)."""
        return webhooks.remove(tx, subscription_id, webhooks.owner(call.principal))

    @every("WEBHOOK_TICK_SECONDS", default=1.0)
    def deliver_webhooks(self, tx):
        """Record the deliveries that finished; hand the due subscriptions their next events
        (each in a thread of its own, after this short transaction commits)."""
        webhooks.tick(tx, self.deliverer)

    def refresh_metrics(self, tx):
        """Events by type, the head of the feed, the long polls waiting and the webhook
        subscriptions parked or failing, beside the kit's metrics."""
        gauges.refresh(queries.counts(tx), queries.head(tx), self.bell.waiting, replicas.PUBLIC_TYPES)
        gauges.refresh_webhooks(*queries.webhook_states(tx))
