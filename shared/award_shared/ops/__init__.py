"""The ops floor: the operations routes every service inherits (contract.md, "HTTP"), one
module per concern — health, metrics and the OpenAPI document (health), the API reference
page that renders it (docs), dead letters (dead_letters), the outbox and its replay (outbox),
the holds known (holds), the audit log (audit), the business clock (clock) — each a mixin of
routes that :class:`award_shared.service.KitService` puts together. The top floor of the kit."""
