"""Least privilege on the broker: one user per service and per bureau, each allowed what its
part of :mod:`award_shared.bus.topology` needs and nothing else, and the queue policies.

RabbitMQ checks three regular expressions per user and vhost: *configure* (declare, delete),
*write* (publish to an exchange; bind to a queue) and *read* (consume from a queue; bind
from an exchange). A passive declaration needs none of them. So:

- a service configures and writes only what it owns — its exchange ``<s>.events``, its
  replay exchange ``<s>.replay`` and its inbox (binding it needs write on the queue) — and
  reads its inbox and the exchanges it binds the inbox to; it cannot publish to another
  service's exchange, nor through the default exchange (``amq.default``) to any queue;
- a bureau reads its own queue, and nothing else: the operator's topology run declares it.

- the topology user ``award-topology`` (what every release's ``award-topology`` run connects
  as) configures the suite's exchanges and queues and nothing else, binds them (write on the
  queues, read on the exchanges), publishes and consumes nothing, and sets the queue policies
  (the ``policymaker`` tag, which RabbitMQ limits to the vhosts the user has permissions on).

Creating users and setting permissions takes RabbitMQ's ``administrator`` tag, which no
narrower tag grants; so the operator's administrator creates the users once
(``award-topology --apply-users --users-only``, again when a password or a bureau changes), and
the routine topology run needs no administrator.
"""
import json
import os
import re
from urllib.parse import quote, unquote, urlsplit

import requests

from award_shared.bus.topology import (SERVICES, bureau_queue_name, exchange_name, inbox_bindings,
                       inbox_queue_name, replay_exchange_name)

POLICY_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "broker_policies.json")


def _only(*names):
    return "^(" + "|".join(re.escape(n) for n in sorted(set(names))) + ")$" if names else "^$"


def user_name(service=None, bureau=None, prefix=""):
    """Users are the broker's, not a vhost's: suites sharing a broker take a ``prefix`` each."""
    return prefix + (f"award-{service}" if service else f"bureau-{bureau}")


def service_permissions(service):
    owned = (exchange_name(service), replay_exchange_name(service), inbox_queue_name(service))
    bound_from = {exchange for exchange, _ in inbox_bindings(service)}
    return {"configure": _only(*owned), "write": _only(*owned),
            "read": _only(inbox_queue_name(service), *bound_from)}


def topology_user_name(prefix=""):
    return prefix + "award-topology"


TOPOLOGY_TAGS = "policymaker"  # sets policies on its vhost; not users, not other vhosts


def topology_permissions(bureaus=()):
    """Declare (configure) the suite's exchanges and queues; bind (write on the queue, read on
    the exchange); nothing outside the suite's names, no publishing, no consuming."""
    exchanges = [n for s in SERVICES for n in (exchange_name(s), replay_exchange_name(s))]
    queues = [inbox_queue_name(s) for s in SERVICES] + [bureau_queue_name(b) for b in bureaus]
    return {"configure": _only(*exchanges, *queues), "write": _only(*queues), "read": _only(*exchanges)}


def bureau_permissions(bureau):
    return {"configure": "^$", "write": "^$", "read": _only(bureau_queue_name(bureau))}


def users(bureaus=(), prefix=""):
    """{user name: permissions} for every service and the given bureaus."""
    out = {user_name(service=s, prefix=prefix): service_permissions(s) for s in SERVICES}
    out.update({user_name(bureau=b, prefix=prefix): bureau_permissions(b) for b in bureaus})
    return out


def all_users(bureaus=(), prefix=""):
    """{user name: (permissions, tags)}: the services', the bureaus' and the topology user's."""
    out = {user: (perms, "") for user, perms in users(bureaus, prefix).items()}
    out[topology_user_name(prefix)] = (topology_permissions(bureaus), TOPOLOGY_TAGS)
    return out


def password_variable(user):
    return "AWARD_BROKER_PASSWORD_" + re.sub(r"[^A-Z0-9]", "_", user.upper())


def password_file(directory, user):
    """Where a password lives on disk: ``<directory>/<user>.secret``, one line."""
    return os.path.join(directory, f"{user}.secret")


def uri_with_password(uri, password):
    """``uri`` with its user's password set to ``password`` (quoted for a URI)."""
    parts = urlsplit(uri)
    if not parts.username:
        raise ValueError(f"{uri}: name the broker user to give a password to")
    userinfo, host = parts.netloc.rsplit("@", 1)
    user = userinfo.split(":", 1)[0]  # as written (still quoted)
    return parts._replace(netloc=f"{user}:{quote(password, safe='')}@{host}").geturl()


def password_of(user, directory=None):
    """``user``'s password: ``AWARD_BROKER_PASSWORD_<USER>``, else its file in ``directory``;
    None when neither has one."""
    password = os.environ.get(password_variable(user))
    if not password and directory:
        try:
            with open(password_file(directory, user), encoding="utf-8") as fh:
                password = fh.read().strip()
        except FileNotFoundError:
            return None
    return password or None


def policies():
    with open(POLICY_FILE, encoding="utf-8") as fh:
        return json.load(fh)["policies"]


def rabbitmqctl_lines(vhost, bureaus=(), prefix=""):
    """The same, as ``rabbitmqctl`` commands (passwords from the environment)."""
    lines = []
    for user, (perms, tags) in all_users(bureaus, prefix).items():
        lines.append(f'rabbitmqctl add_user {user} "${password_variable(user)}"')
        if tags:
            lines.append(f"rabbitmqctl set_user_tags {user} {tags}")
        lines.append(f"rabbitmqctl set_permissions -p {vhost} {user} "
                     f"'{perms['configure']}' '{perms['write']}' '{perms['read']}'")
    for p in policies():
        lines.append(f"rabbitmqctl set_policy -p {vhost} --priority {p['priority']} --apply-to {p['apply-to']} "
                     f"{p['name']} '{p['pattern']}' '{json.dumps(p['definition'])}'")
    return lines


def vhost_of(amqp_uri):
    path = urlsplit(amqp_uri).path
    return unquote(path[1:]) if len(path) > 1 else "/"


class Management:
    """RabbitMQ's management HTTP API, as much as applying users and policies needs."""

    def __init__(self, url, vhost):
        parts = urlsplit(url)
        self.base = f"{parts.scheme}://{parts.hostname}:{parts.port or 15672}/api"
        self.auth = (unquote(parts.username or "guest"), unquote(parts.password or "guest"))
        self.vhost = quote(vhost, safe="")

    def _put(self, path, body):
        response = requests.put(self.base + path, json=body, auth=self.auth, timeout=10)
        if response.status_code not in (200, 201, 204):
            raise RuntimeError(f"PUT {path}: {response.status_code} {response.text[:300]}")

    def apply_users(self, passwords, bureaus=(), prefix=""):
        """Create (or update) each user (the topology user too) with its password, tags and
        permissions; it takes the ``administrator`` tag."""
        for user, (perms, tags) in all_users(bureaus, prefix).items():
            self.apply_user(user, passwords[user], perms, tags)

    def apply_user(self, user, password, permissions, tags=""):
        self._put(f"/users/{quote(user, safe='')}", {"password": password, "tags": tags})
        self._put(f"/permissions/{self.vhost}/{quote(user, safe='')}", permissions)

    def delete_user(self, user):
        requests.delete(f"{self.base}/users/{quote(user, safe='')}", auth=self.auth, timeout=10)

    def apply_policies(self, chosen=None):
        for p in chosen or policies():
            self._put(f"/policies/{self.vhost}/{quote(p['name'], safe='')}",
                      {"pattern": p["pattern"], "apply-to": p["apply-to"], "priority": p["priority"],
                       "definition": p["definition"]})


def default_management_url(amqp_uri):
    """``http://<user>:<password>@<broker host>:15672`` from the AMQP URI."""
    parts = urlsplit(amqp_uri)
    auth = f"{parts.username or 'guest'}:{parts.password or 'guest'}@"
    return f"http://{auth}{parts.hostname or 'localhost'}:15672"
