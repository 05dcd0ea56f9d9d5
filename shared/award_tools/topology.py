"""``award-topology``: declare every exchange, inbox queue and binding before services start.

    award-topology [--amqp-uri URI] [--queue-type classic|quorum] [--bureau NAME ...]
                   [--apply-policies] [--print-users] [--apply-users] [--password-dir DIR]
                   [--management-url URL] [--users-only]

With ``--bureau market-regulation`` it also declares ``bureau.market-regulation``, bound to
``award.#`` on ``publicity.events`` and ``revocation.events``. ``--queue-type`` (or
``QUEUE_TYPE``) must be what the services are configured with: RabbitMQ refuses a queue
re-declared with other arguments. ``--apply-policies`` sets the queue policies of
``award_shared/bus/broker_policies.json``. With an ``amqps://`` URI it verifies the broker against
``AMQP_SSL_CA_CERTS`` (or the system's CAs), as the services do. ``--print-users`` prints each service's and bureau's
broker user with its permissions (as ``rabbitmqctl`` commands) and ``--apply-users`` creates
them through the management API, each password from ``AWARD_BROKER_PASSWORD_<USER>`` or, with
``--password-dir DIR``, from ``DIR/<user>.secret`` (what docker-compose's keys service makes).

Creating users takes the broker's administrator; declaring and setting policies does not. So
on Kubernetes the administrator runs ``--apply-users --users-only`` once (the bootstrap: it
also creates the ``award-topology`` user, limited to the suite's names on its vhost, tag
``policymaker``), and every release's run connects as ``award-topology`` with
``--apply-policies`` only (``award_shared.bus.broker_access``).
"""
import argparse
import os
import sys

import amqp.exceptions
from kombu import Connection
from kombu.exceptions import OperationalError as KombuOperationalError

from award_shared.bus import broker_access
from award_shared.bus.tls import SSL_FILES, amqp_ssl
from award_shared.bus.topology import QUEUE_TYPES, SERVICES, declare_all, exchange_name, inbox_queue_name


def _parser():
    parser = argparse.ArgumentParser(prog="award-topology", description=__doc__.splitlines()[0])
    parser.add_argument("--amqp-uri", default=os.environ.get("AMQP_URI", "pyamqp://guest:guest@localhost:5672//"))
    parser.add_argument("--queue-type", choices=QUEUE_TYPES, default=os.environ.get("QUEUE_TYPE") or "classic",
                        help="classic (default) or quorum; the services' QUEUE_TYPE must be the same")
    parser.add_argument("--bureau", action="append", default=[], help="declare a subscribing bureau's queue")
    parser.add_argument("--management-url", default=os.environ.get("RABBITMQ_MANAGEMENT_URL"),
                        help="default: http://<AMQP user>:<password>@<AMQP host>:15672")
    parser.add_argument("--apply-policies", action="store_true", help="set the queue policies")
    parser.add_argument("--print-users", action="store_true",
                        help="print the per-service and per-bureau users and permissions, declare nothing")
    parser.add_argument("--apply-users", action="store_true",
                        help="create the users and set their permissions through the management API")
    parser.add_argument("--users-only", action="store_true",
                        help="with --apply-users: create the users, declare nothing (the administrator's bootstrap)")
    parser.add_argument("--password-dir", default=os.environ.get("AWARD_BROKER_PASSWORD_DIR"),
                        help="a user's password from DIR/<user>.secret when AWARD_BROKER_PASSWORD_<USER> "
                             "is not set (compose's keys service makes them)")
    parser.add_argument("--user-prefix", default=os.environ.get("AWARD_BROKER_USER_PREFIX", ""),
                        help="put before every user name (users are the broker's: one prefix per suite)")
    return parser


def main(argv=None):
    args = _parser().parse_args(argv)
    # the administrator's password from a file (compose: made by the keys service), as the
    # services' entrypoint does with theirs: never on a command line
    if os.environ.get("AMQP_PASSWORD_FILE"):
        with open(os.environ["AMQP_PASSWORD_FILE"], encoding="utf-8") as fh:
            args.amqp_uri = broker_access.uri_with_password(args.amqp_uri, fh.read().strip())
    vhost = broker_access.vhost_of(args.amqp_uri)
    if args.print_users:
        print("\n".join(broker_access.rabbitmqctl_lines(vhost, args.bureau, args.user_prefix)))
        return 0
    if args.users_only and not args.apply_users:
        print("award-topology: --users-only goes with --apply-users", file=sys.stderr)
        return 2
    if args.queue_type not in QUEUE_TYPES:
        print(f"award-topology: QUEUE_TYPE must be one of {', '.join(QUEUE_TYPES)}", file=sys.stderr)
        return 2
    if args.users_only:
        return _apply_users(args, vhost)
    try:
        tls = {name: os.environ.get(name) for name in SSL_FILES.values()}
        with Connection(args.amqp_uri, connect_timeout=5, ssl=amqp_ssl(tls, args.amqp_uri)) as conn:
            conn.ensure_connection(max_retries=2)
            queues = declare_all(conn.default_channel, SERVICES, args.bureau, queue_type=args.queue_type)
    except amqp.exceptions.PreconditionFailed as exc:
        print(f"award-topology: RabbitMQ refuses a declaration ({exc}): the queues exist with another "
              f"type than --queue-type {args.queue_type}; a queue's type changes only by deleting it "
              "(empty it first)", file=sys.stderr)
        return 1
    except (OSError, KombuOperationalError) as exc:
        print(f"award-topology: RabbitMQ at {args.amqp_uri} cannot be reached ({exc}).\n"
              "Start it with `rabbitmq-server -detached` (or `docker compose up rabbitmq`).", file=sys.stderr)
        return 1
    print("declared exchanges " + ", ".join(exchange_name(s) for s in SERVICES) + " and their .replay")
    print(f"declared {args.queue_type} queues " + ", ".join([inbox_queue_name(s) for s in SERVICES] + queues))
    if args.apply_policies:
        try:
            _manager(args, vhost).apply_policies()
        except RuntimeError as exc:
            print(f"award-topology: the broker refuses the policies ({exc}): the user needs the policymaker "
                  "tag and permissions on the vhost (award-topology --apply-users --users-only makes it)",
                  file=sys.stderr)
            return 1
        print("applied policies " + ", ".join(p["name"] for p in broker_access.policies()))
    if args.apply_users:
        return _apply_users(args, vhost)
    return 0


def _manager(args, vhost):
    return broker_access.Management(
        args.management_url or broker_access.default_management_url(args.amqp_uri), vhost)


def _apply_users(args, vhost):
    wanted = broker_access.all_users(args.bureau, args.user_prefix)
    passwords = {u: broker_access.password_of(u, args.password_dir) for u in wanted}
    missing = [broker_access.password_variable(u)
               + (f" (or {broker_access.password_file(args.password_dir, u)})" if args.password_dir else "")
               for u, password in passwords.items() if not password]
    if missing:
        print("award-topology: no password for " + ", ".join(missing), file=sys.stderr)
        return 2
    try:
        _manager(args, vhost).apply_users(passwords, args.bureau, args.user_prefix)
    except RuntimeError as exc:
        print(f"award-topology: the broker refuses to create the users ({exc}): that takes its administrator",
              file=sys.stderr)
        return 1
    print("applied users " + ", ".join(wanted))
    return 0


if __name__ == "__main__":
    sys.exit(main())
