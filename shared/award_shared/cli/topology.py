"""``award-topology``: declare every exchange, inbox queue and binding before services start.

    award-topology [--amqp-uri URI] [--bureau NAME ...]

With ``--bureau market-regulation`` it also declares ``bureau.market-regulation``, bound to
``award.#`` on ``publicity.events`` and ``revocation.events``.
"""
import argparse
import os
import sys

from kombu import Connection
from kombu.exceptions import OperationalError as KombuOperationalError

from ..topology import SERVICES, declare_all, exchange_name, inbox_queue_name


def main(argv=None):
    parser = argparse.ArgumentParser(prog="award-topology", description=__doc__.splitlines()[0])
    parser.add_argument("--amqp-uri", default=os.environ.get("AMQP_URI", "pyamqp://guest:guest@localhost:5672//"))
    parser.add_argument("--bureau", action="append", default=[], help="declare a subscribing bureau's queue")
    args = parser.parse_args(argv)
    try:
        with Connection(args.amqp_uri, connect_timeout=5) as conn:
            conn.ensure_connection(max_retries=2)
            queues = declare_all(conn.default_channel, SERVICES, args.bureau)
    except (OSError, KombuOperationalError) as exc:
        print(f"award-topology: RabbitMQ at {args.amqp_uri} cannot be reached ({exc}).\n"
              "Start it with `rabbitmq-server -detached` (or `docker compose up rabbitmq`).", file=sys.stderr)
        return 1
    print("declared exchanges " + ", ".join(exchange_name(s) for s in SERVICES))
    print("declared queues " + ", ".join([inbox_queue_name(s) for s in SERVICES] + queues))
    return 0


if __name__ == "__main__":
    sys.exit(main())
