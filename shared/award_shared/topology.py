"""The bus topology: exchanges, each service's durable inbox queue, their bindings, and
subscribing bureaus' queues — declared by one command before any service starts, and
re-declared by the services with exactly the same arguments (RabbitMQ refuses a
re-declaration with other arguments: 406 PRECONDITION_FAILED).

Events published before a queue exists are dropped by RabbitMQ, so ``award-topology``
must run first (the Quickstart and the deploy files do).
"""
from kombu import Exchange, Queue

from . import subscriptions

SERVICES = ("intake", "scoring", "supervision", "publicity", "revocation")


# service -> {source service -> [event types it consumes]}, derived from the services' @consume
# declarations and checked in (award_shared.subscriptions). The inbox consumer refuses to start if
# a handler is missing for a binding here, or a handler has no binding.
SUBSCRIPTIONS = subscriptions.load()

BUREAU_BINDINGS = {"publicity": "award.#", "revocation": "award.#"}


def exchange_name(service):
    return f"{service}.events"


def exchange_of(service):
    return Exchange(exchange_name(service), type="topic", durable=True, auto_delete=False)


def inbox_queue_name(service):
    return f"{service}.inbox"


def inbox_queues(service, subscriptions=None):
    """One durable queue per service, bound once per (source exchange, event type)."""
    subscriptions = SUBSCRIPTIONS[service] if subscriptions is None else subscriptions
    bindings = []
    for source, types in sorted(subscriptions.items()):
        for event_type in sorted(set(types)):
            bindings.append((exchange_of(source), event_type))
    name = inbox_queue_name(service)
    return [Queue(name, exchange=ex, routing_key=key, durable=True, auto_delete=False)
            for ex, key in bindings]


def declare_exchange(channel, service):
    exchange_of(service)(channel).declare()


def declare_service(channel, service, subscriptions=None):
    """Declare everything ``service`` publishes to and consumes from."""
    declare_exchange(channel, service)
    queues = inbox_queues(service, subscriptions)
    for queue in queues:
        queue.exchange(channel).declare()
    for queue in queues:
        queue(channel).declare()  # declares the queue and its binding
    return queues


def bureau_queue(bureau):
    name = f"bureau.{bureau}"
    return [Queue(name, exchange=exchange_of(source), routing_key=key, durable=True, auto_delete=False)
            for source, key in sorted(BUREAU_BINDINGS.items())]


def declare_bureau(channel, bureau):
    queues = bureau_queue(bureau)
    for queue in queues:
        queue.exchange(channel).declare()
        queue(channel).declare()
    return queues[0].name


def declare_all(channel, services=SERVICES, bureaus=()):
    for service in SERVICES:
        declare_exchange(channel, service)
    for service in services:
        declare_service(channel, service)
    return [declare_bureau(channel, b) for b in bureaus]
