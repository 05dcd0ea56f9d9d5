"""The test run's RabbitMQ vhosts with the suite's topology already declared
(``award_shared.testing``).

Every test that starts a service declares the whole topology on a fresh vhost first — five
exchanges and their replay exchanges, five durable inboxes, some sixty bindings, and on quorum
queues the shipped policies: ≈0.15–0.2 s of the broker's work, for each of several hundred
tests. nameko's plugin already makes its per-test vhosts ahead of time, in the background,
while tests run (``vhost_pipeline``); this pipeline also declares the topology on them, so a
test that asks for it (``declare_topology``) finds it there. A vhost the pipeline could not
prepare fails the test that takes it, naming why, instead of leaving it waiting.
"""
import random
import socket
import string
from collections.abc import Iterable
from contextlib import contextmanager
from urllib.parse import urlparse

from kombu import Connection
from kombu.pools import connections
from nameko.testing.utils import ResourcePipeline
from nameko.utils.retry import retry
from requests.exceptions import HTTPError

from .broker_access import Management
from .topology import declare_all


class _Failed:
    def __init__(self, vhost, error):
        self.vhost, self.error = vhost, error


class TopologyPipeline(ResourcePipeline):
    """nameko's ``ResourcePipeline``, but a failure to make one vhost is handed to the test
    that takes it (the plain pipeline's thread would die, and every later test wait for ever)."""

    def _create(self):
        while self.running:
            try:
                item = self.create()
            except Exception as exc:  # noqa: BLE001 - raised again in the test that takes it
                item = _Failed(getattr(exc, "vhost", None), exc)
            self.ready.put(item)

    def _destroy(self):
        while True:
            item = self.trash.get()
            if item is ResourcePipeline.STOP:
                break
            vhost = item.vhost if isinstance(item, _Failed) else item
            if vhost is not None:
                self.destroy(vhost)

    @contextmanager
    def get(self):
        item = self.ready.get()
        try:
            if isinstance(item, _Failed):
                raise RuntimeError(f"could not prepare a vhost with the topology: {item.error!r}") from item.error
            yield item
        finally:
            self.trash.put(item)


def amqp_uri_of(base_uri, vhost):
    parts = urlparse(base_uri)
    return f"{parts.scheme}://{parts.netloc}/{vhost}"


def topology_pipeline(rabbit_manager, amqp_uri, api_uri, queue_type):
    """Vhosts made ahead of time with the topology (and, for quorum queues, the policies)
    declared on them; delete them as nameko's ``vhost_pipeline`` does."""
    username = urlparse(amqp_uri).username

    def create():
        vhost = "nameko_test_" + "".join(random.choice(string.ascii_lowercase) for _ in range(10))
        rabbit_manager.create_vhost(vhost)
        try:
            rabbit_manager.set_vhost_permissions(vhost, username, ".*", ".*", ".*")
            if queue_type == "quorum":  # as the prod overlay does: the policies come with quorum queues
                Management(api_uri, vhost).apply_policies()
            with Connection(amqp_uri_of(amqp_uri, vhost)) as conn:
                declare_all(conn.default_channel, queue_type=queue_type)
        except Exception as exc:
            exc.vhost = vhost  # deleted all the same
            raise
        return vhost

    @retry(for_exceptions=(HTTPError, socket.timeout), delay=1, max_attempts=9)
    def destroy(vhost):
        rabbit_manager.delete_vhost(vhost)
        for key, pool in list(connections.items()):  # the vhost's pooled connections go with it
            if isinstance(key, Iterable) and key[4] == vhost:
                pool.force_close_all()

    return TopologyPipeline(create, destroy)
