"""The store floor: what a service keeps in its own database — the kit's tables and instants
(db), statements sent straight to the driver (driver, prepared), the kit's bookkeeping writes
(kit_writes), migrations (kit_migrations, migrations), the relay's lock (locks), the engine
(db_provider), one-row reads (rows), the transaction a worker commits its state, outbox, inbox
and audit in (uow) and the outbox's wake-up (outbox_notify). Below the bus and the web."""
