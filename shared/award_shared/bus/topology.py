"""The bus topology: exchanges, each service's durable inbox queue, their bindings, and
subscribing bureaus' queues — declared by one command before any service starts, and
re-declared by the services with exactly the same arguments (RabbitMQ refuses a
re-declaration with other arguments: 406 PRECONDITION_FAILED).

Events published before a queue exists are dropped by RabbitMQ, so ``award-topology``
must run first (the Quickstart and the deploy files do).

Queues are ``classic`` or ``quorum`` (``QUEUE_TYPE``); the only argument either side puts
on a queue is ``x-queue-type``: delivery limits, overflow and dead-lettering are RabbitMQ
policies (:mod:`award_shared.bus.broker_access`), which a running queue picks up without a
re-declaration. Least privilege shapes the rest: a service declares only what it owns (its
exchange, its replay exchange, its inbox) and declares the exchanges it binds to
*passively*, so its broker user needs no configure right on them.
"""
from kombu import Exchange, Queue

from award_shared.bus import subscriptions

QUEUE_TYPES = ("classic", "quorum")

SERVICES = ("intake", "scoring", "supervision", "publicity", "revocation", "feed")


# service -> {source service -> [event types it consumes]}, derived from the services' @consume
# declarations and checked in (award_shared.bus.subscriptions). The inbox consumer refuses to start if
# a handler is missing for a binding here, or a handler has no binding.
SUBSCRIPTIONS = subscriptions.load()

BUREAU_BINDINGS = {"publicity": "award.#", "revocation": "award.#"}


def exchange_name(service):
    return f"{service}.events"


def exchange_of(service, passive=False):
    return Exchange(exchange_name(service), type="topic", durable=True, auto_delete=False, passive=passive)


def replay_exchange_name(service):
    """Where ``service`` publishes events again, to one named queue (routing key = the
    queue's name): its own dead letters to its inbox, or its sent events to a subscriber.
    Replay never goes through the default exchange, whose write right reaches every queue."""
    return f"{service}.replay"


def replay_exchange_of(service, passive=False):
    return Exchange(replay_exchange_name(service), type="direct", durable=True, auto_delete=False,
                    passive=passive)


def accepted_exchanges(source, consumer_service):
    """The exchanges an event from ``source`` may arrive on at ``consumer_service``'s inbox:
    its publisher's own, its publisher's replay, and the consumer's own replay (an
    operator's dead-letter replay, of bytes this inbox already received)."""
    return {exchange_name(source), replay_exchange_name(source), replay_exchange_name(consumer_service)}


def inbox_queue_name(service):
    return f"{service}.inbox"


def bureau_queue_name(bureau):
    return f"bureau.{bureau}"


def queue_arguments(queue_type="classic"):
    """The queue arguments both the topology command and the services declare. A classic
    queue gets none, as before quorum queues existed: a broker that already holds the
    queues would refuse ``x-queue-type: classic`` on them (406)."""
    if queue_type not in QUEUE_TYPES:
        raise ValueError(f"QUEUE_TYPE must be one of {', '.join(QUEUE_TYPES)}, not {queue_type!r}")
    return {"x-queue-type": "quorum"} if queue_type == "quorum" else {}


def _queue(name, queue_type):
    return Queue(name, durable=True, auto_delete=False, queue_arguments=queue_arguments(queue_type))


def inbox_bindings(service, subscriptions=None):
    """(exchange name, routing key) for ``service``'s inbox: once per (source, event type),
    and once per replay exchange that may address it."""
    subscriptions = SUBSCRIPTIONS[service] if subscriptions is None else subscriptions
    bindings = [(exchange_name(source), event_type)
                for source, types in sorted(subscriptions.items()) for event_type in sorted(set(types))]
    replayers = sorted(set(subscriptions) | {service})
    bindings += [(replay_exchange_name(source), inbox_queue_name(service)) for source in replayers]
    return bindings


def bureau_bindings(bureau):
    queue = bureau_queue_name(bureau)
    return ([(exchange_name(source), key) for source, key in sorted(BUREAU_BINDINGS.items())]
            + [(replay_exchange_name(source), queue) for source in sorted(BUREAU_BINDINGS)])


def declare_exchange(channel, service, passive=False):
    exchange_of(service, passive)(channel).declare()
    replay_exchange_of(service, passive)(channel).declare()


def _declare_queue(channel, name, queue_type, bindings):
    queue = _queue(name, queue_type)(channel)
    queue.queue_declare()
    for exchange, key in bindings:
        channel.queue_bind(queue=name, exchange=exchange, routing_key=key)
    return queue


def declare_service(channel, service, subscriptions=None, queue_type="classic"):
    """Declare what ``service`` owns (its exchanges, its inbox and the inbox's bindings);
    the exchanges it binds to are only checked (passive): their owners or the topology
    command declare them."""
    declare_exchange(channel, service)
    subscriptions = SUBSCRIPTIONS[service] if subscriptions is None else subscriptions
    for source in sorted(set(subscriptions) - {service}):
        declare_exchange(channel, source, passive=True)
    return _declare_queue(channel, inbox_queue_name(service), queue_type,
                          inbox_bindings(service, subscriptions))


def declare_bureau(channel, bureau, queue_type="classic"):
    name = bureau_queue_name(bureau)
    _declare_queue(channel, name, queue_type, bureau_bindings(bureau))
    return name


def declare_all(channel, services=SERVICES, bureaus=(), queue_type="classic"):
    for service in SERVICES:
        declare_exchange(channel, service)
    for service in services:
        declare_service(channel, service, queue_type=queue_type)
    return [declare_bureau(channel, b, queue_type) for b in bureaus]
