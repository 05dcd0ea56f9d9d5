"""The bus's own errors, which its modules raise and catch between them."""
import amqp

BROKER_ERRORS = (OSError, amqp.exceptions.AMQPError)  # socket and connection errors are OSErrors


class HandlerFailed(Exception):
    """A handler raised in a fast (savepoint-free) batch: the batch is redone carefully."""


class Outage(Exception):
    """The service's database (or clock) does not answer: nothing more can commit now.

    ``committed``: messages settled in this worker before it (ack them); ``remaining``:
    messages not committed (give them back); ``cause``: the first error."""

    def __init__(self, committed, remaining, cause):
        super().__init__(f"{cause.__class__.__name__}: {str(cause)[:300]}")
        self.committed = committed
        self.remaining = remaining
        self.cause = cause
