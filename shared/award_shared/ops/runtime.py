"""What the operations routes read of the running container, and what they share."""
from marshmallow import Schema, fields, validate

from award_shared import metrics
from award_shared.bus.topology import SUBSCRIPTIONS
from award_shared.container import DependencyProvider
from award_shared.events.fields import optional, text_field
from award_shared.events.schemas import PUBLISHERS
from award_shared.web.openapi import openapi_document

OPS = ("operator",)
MAX_ROW_ID = 2 ** 63 - 1  # a row id either engine can compare with (SQLite: 64-bit signed)


def id_after(noun):
    """``after`` of an operations list read by its integer row id (the audit log, the dead
    letters): the page after this id — the previous page's ``next``; 0, the default, from the
    first. Any id pages from there (the row may since have left a status the list is narrowed
    to); not an integer from 0: 422 naming ``after``."""
    return fields.Integer(load_default=0, strict=False, validate=validate.Range(min=0, max=MAX_ROW_ID),
                          metadata={"description": f"the page after this {noun} id (the previous page's next); "
                                                   "0: from the first"})


class ReplaySchema(Schema):
    example = {"reason": "maintenance"}
    reason = optional(text_field, "why (kept in the audit log)", max_length=2000)


class Runtime(DependencyProvider):
    """What the operations routes read of the running container: its configuration, its
    OpenAPI document and its inbox consumer. At setup it creates the service's counters with
    known labels at 0 (:func:`award_shared.metrics.at_zero`)."""

    def setup(self):
        service = self.container.service_name
        metrics.at_zero(
            service,
            published=sorted(t for t, publishers in PUBLISHERS.items() if service in publishers),
            consumed=sorted({t for types in SUBSCRIPTIONS.get(service, {}).values() for t in types}))

    def get_dependency(self, worker_ctx):
        return self

    @property
    def config(self):
        return self.container.config

    def openapi(self):
        return openapi_document(self.container)

    @property
    def inbox(self):
        from award_shared.bus.consumer import InboxConsumer
        return next((e for e in self.container.subextensions if isinstance(e, InboxConsumer)), None)
