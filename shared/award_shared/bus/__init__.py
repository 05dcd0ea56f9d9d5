"""The bus floor: RabbitMQ — the wire (wire, tls), the outbox relay and its floor (relay,
relay_floor, relay_provider), the idempotent inbox and its consumer (inbox, consumer,
settlements), the topology and what each service subscribes to (topology, subscriptions),
the broker's users (broker_access), replays (replay) and the bus's own errors (errors)."""
