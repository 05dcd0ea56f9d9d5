"""Health, metrics and the contract: ``/health/live``, ``/health/ready``, ``/metrics``,
``/openapi.json`` (contract.md, "HTTP")."""
from kombu import Connection
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from werkzeug.wrappers import Response

from award_shared import holds, metrics
from award_shared.bus.tls import amqp_ssl
from award_shared.ops import answers
from award_shared.store import kit_records
from award_shared.web.http import api


class HealthRoutes:
    @api("GET", "/health/live", public=True, limited=False, answer=answers.LiveAnswer(),
         summary="Whether the process answers (运维).", transaction=False)
    def health_live(self, call):
        return {"status": "live", "service": self.name}

    @api("GET", "/health/ready", public=True, limited=False, answers={200: answers.ReadyAnswer(), 503: answers.ReadyAnswer()},
         summary="Whether the database and the broker answer (运维).",
         transaction=False)  # a database that does not answer is reported, not raised
    def health_ready(self, call):
        checks = {}
        try:
            with self.uow as tx:
                kit_records.ping(tx.session)
            checks["database"] = "ok"
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            checks["database"] = f"error: {exc.__class__.__name__}"
        try:
            config = self.runtime.config
            with Connection(config["AMQP_URI"], connect_timeout=2, ssl=amqp_ssl(config)) as conn:
                conn.ensure_connection(max_retries=1)
            checks["broker"] = "ok"
        except Exception as exc:  # noqa: BLE001
            checks["broker"] = f"error: {exc.__class__.__name__}"
        inbox = self.runtime.inbox
        if inbox is not None and inbox.consuming:
            checks["inbox"] = "ok" if inbox.outage is None else \
                f"backing off {inbox.backoff:.1f}s: {inbox.outage}"
        ready = all(v == "ok" for v in checks.values())
        return (200 if ready else 503), {"status": "ready" if ready else "not ready", "checks": checks}

    @api("GET", "/metrics", public=True, limited=False, answer="text/plain",
         summary="The Prometheus metrics of this service (运维).")
    def metrics(self, tx, call):
        pending = kit_records.pending_letters(tx.session)
        counts = holds.active_counts(tx.session)
        backlog, oldest_unsent = kit_records.outbox_backlog(tx.session)
        oldest_hold = kit_records.oldest_active_hold(tx.session)
        now = tx.now()
        self.refresh_metrics(tx)
        relay = self.outbox
        # ages for the alert rules of deploy/monitoring/ (the outbox's and holds' times are
        # on the business clock, so their age is too)
        metrics.OUTBOX_OLDEST_AGE.labels(self.name).set(_age(now, oldest_unsent))
        metrics.HOLDS_OLDEST_AGE.labels(self.name).set(_age(now, oldest_hold))
        metrics.RELAY_ACTIVE.labels(self.name).set(1 if relay.running and relay.lock.held else 0)
        metrics.OUTBOX_BACKLOG.labels(self.name).set(backlog)
        metrics.DEAD_LETTERS.labels(self.name).set(pending)
        for step in holds.STEPS:
            metrics.HOLDS_ACTIVE.labels(self.name, step).set(counts.get(step, 0))
        return Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST.split(";")[0],
                        headers={"Content-Type": CONTENT_TYPE_LATEST})

    @api("GET", "/openapi.json", public=True, limited=False, answer="application/json",
         summary="This service's OpenAPI document (运维).",
         transaction=False)
    def openapi(self, call):
        return self.runtime.openapi()


def _age(now, since):
    return max(0.0, (now - since).total_seconds()) if since is not None else 0.0
