"""A bureau's subscriber to the award feed, in plain pika: no part of the suite's kit.

    pip install -r examples/bureau/requirements.txt
    award-topology --bureau market-regulation        # the operator declares the queue, once
    python examples/bureau/subscriber.py --bureau market-regulation --register awards.db

It consumes ``bureau.<name>`` (``award.#`` from publicity and revocation, docs/asyncapi.yaml;
each message ``application/cloudevents+json``, which pika hands over as bytes: nothing to
register, unlike kombu or nameko, docs/bureaus.md),
keeps its register in SQLite (:mod:`register`: de-duplicated by ``id``, ordered by
``sequence`` per subject) and acknowledges each message only after its effect is committed,
so nothing is lost if it dies between the two. When the broker goes away (restart, network,
an operator closing the connection) it reconnects with backoff and resumes: the queue is
durable and the messages persistent, so what was published meanwhile waits for it.

It prints one JSON line per thing that happens, for the bureau's own logs.
"""
import argparse
import json
import os
import signal
import sys
import time

import pika
from pika.exceptions import AMQPConnectionError, AMQPChannelError, ChannelClosedByBroker

from register import NotAnEvent, Register, parse

NOT_FOUND = 404


def log(what, **fields):
    print(json.dumps({"event": what, **fields}, ensure_ascii=False), flush=True)


class Subscriber:
    def __init__(self, url, bureau, register, prefetch=20):
        self.parameters = pika.URLParameters(url)
        # a name the operator recognises in the management UI (and can close, to test us)
        self.parameters.client_properties = {"connection_name": f"bureau-{bureau}"}
        self.queue = f"bureau.{bureau}"
        self.register = register
        self.prefetch = prefetch
        self.stopping = False

    def run(self):
        """Consume until asked to stop; reconnect whenever the connection is lost."""
        delay = 1
        while not self.stopping:
            try:
                self._consume()
                delay = 1
            except ChannelClosedByBroker as exc:
                if exc.reply_code == NOT_FOUND:
                    log("queue_missing", queue=self.queue,
                        hint="ask the operator to run: award-topology --bureau NAME")
                    return 2
                log("channel_closed", code=exc.reply_code, reason=exc.reply_text, retry_in=delay)
            except (AMQPConnectionError, AMQPChannelError, OSError) as exc:
                log("connection_lost", error=repr(exc), retry_in=delay)
            self._pause(delay)
            delay = min(delay * 2, 30)
        log("stopped")
        return 0

    def _pause(self, seconds):
        # in small steps: a stop request must not wait out the whole backoff
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(0.2)

    def _consume(self):
        connection = pika.BlockingConnection(self.parameters)
        try:
            channel = connection.channel()
            channel.queue_declare(self.queue, passive=True)  # the operator declared it; never redeclare
            channel.basic_qos(prefetch_count=self.prefetch)
            log("connected", queue=self.queue)
            # the timeout returns control every second, so a stop request is noticed
            for method, properties, body in channel.consume(self.queue, inactivity_timeout=1):
                if self.stopping:
                    break  # a message in hand but not applied is redelivered: it was not acked
                if method is not None:
                    self._handle(channel, method, properties, body)
            channel.cancel()
        finally:
            if connection.is_open:
                connection.close()

    def _handle(self, channel, method, properties, body):
        try:
            event = parse(body, properties.content_type)  # application/cloudevents+json
            outcome = self.register.handle(event)
        except NotAnEvent as exc:
            # retrying cannot fix it: reject without requeue (the queue's dead-letter policy,
            # if the operator set one, keeps it)
            log("rejected", reason=str(exc))
            channel.basic_nack(method.delivery_tag, requeue=False)
            return
        log(outcome, id=event["id"], type=event["type"], subject=event["subject"],
            sequence=event["sequence"])
        channel.basic_ack(method.delivery_tag)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Subscribe a bureau to the award feed.")
    parser.add_argument("--amqp-url", default=os.environ.get("AMQP_URL", "amqp://guest:guest@localhost:5672/%2F"),
                        help="the broker, as the operator gave it (vhost URL-encoded: %%2F is /)")
    parser.add_argument("--bureau", required=True, help="the bureau's name: its queue is bureau.NAME")
    parser.add_argument("--register", default="bureau-awards.db", help="the SQLite file of the register")
    parser.add_argument("--prefetch", type=int, default=20)
    args = parser.parse_args(argv)
    subscriber = Subscriber(args.amqp_url, args.bureau, Register(args.register), args.prefetch)

    def stop(_signum, _frame):
        subscriber.stopping = True
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    return subscriber.run()


if __name__ == "__main__":
    sys.exit(main())
