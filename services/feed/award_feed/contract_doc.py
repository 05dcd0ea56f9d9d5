"""What feed's ``/openapi.json`` says beside its routes (issue 36, item 5): the public event as
the feed serves it and a webhook delivers it, and the webhook a subscription receives (OpenAPI
3.1's ``webhooks``). The data of each type is described by its ``dataschema`` (docs/asyncapi.yaml,
``award-schemas export``)."""
from .replicas import PUBLIC_TYPES

PUBLIC_EVENT = {
    "type": "object",
    "description": "A public event: a CloudEvents 1.0 event in the JSON format, the public projection "
                   "(no person_key, no tracing extension), with its position in the feed.",
    "required": ["specversion", "id", "source", "type", "subject", "time", "dataschema", "datacontenttype",
                 "sequence", "feedcursor", "data"],
    "properties": {
        "specversion": {"const": "1.0"},
        "id": {"type": "string", "description": "the event's id: de-duplicate by it (the webhook-id of a delivery)"},
        "source": {"type": "string", "description": "the publishing service, e.g. /award/publicity"},
        "type": {"enum": list(PUBLIC_TYPES)},
        "subject": {"type": "string", "description": "what the event is about (the award or the cycle)"},
        "time": {"type": "string", "format": "date-time", "description": "when the publisher committed it"},
        "dataschema": {"type": "string", "description": "the JSON Schema of data"},
        "datacontenttype": {"const": "application/json"},
        "cycleid": {"type": ["string", "null"]},
        "sequence": {"type": "integer", "description": "the publisher's, rising per source and subject"},
        "feedcursor": {"type": "integer", "minimum": 1, "description": "the event's position in the feed"},
        "data": {"type": "object"},
    },
}

_SIGNED = [
    {"name": "webhook-id", "in": "header", "required": True, "schema": {"type": "string"},
     "description": "the event's id, the same on every retry: de-duplicate by it"},
    {"name": "webhook-timestamp", "in": "header", "required": True, "schema": {"type": "string"},
     "description": "seconds since the epoch when this attempt was signed; refuse one far from your clock"},
    {"name": "webhook-signature", "in": "header", "required": True, "schema": {"type": "string"},
     "description": "v1,<base64 HMAC-SHA256 of id.timestamp.body> with the key of the whsec_ secret; "
                    "space-separated, one per secret in force (two during a rotation's overlap)"},
]

WEBHOOKS = {
    "publicEvent": {"post": {
        "summary": "A public event, POSTed to a webhook subscription's URL (Standard Webhooks)",
        "description": "One event per request, in the feed's order (hence in order per subject), at least once; "
                       "answer 2xx once it is stored. Any other answer, a redirect or no answer within "
                       "WEBHOOK_TIMEOUT_SECONDS is a failure: the same event is sent again with backoff and "
                       "jitter, and after WEBHOOK_RETRY_FOR_SECONDS the subscription is parked until an operator "
                       "replays it (docs/bureaus.md).",
        "parameters": _SIGNED,
        "requestBody": {"required": True, "content": {"application/cloudevents+json": {
            "schema": {"$ref": "#/components/schemas/PublicEvent"}}}},
        "responses": {"2XX": {"description": "stored: the next event follows"},
                      "default": {"description": "a failure: sent again later"}},
    }},
}

SCHEMAS = {"PublicEvent": PUBLIC_EVENT,
           "PublicEventBatch": {"type": "array", "items": {"$ref": "#/components/schemas/PublicEvent"},
                                "description": "GET /public/v1/feed's answer (application/cloudevents-batch+json)"}}
