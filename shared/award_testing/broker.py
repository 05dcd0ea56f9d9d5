"""The test run's RabbitMQ vhosts with the suite's topology already declared
(``award_testing.plugin``).

Every test that starts a service declares the whole topology on a fresh vhost first — five
exchanges and their replay exchanges, five durable inboxes, some sixty bindings, and on quorum
queues the shipped policies: ≈0.15–0.2 s of the broker's work, for each of several hundred
tests. The suite's plugin (award_testing.nameko) makes its per-test vhosts ahead of time, in the background,
while tests run (``vhost_pipeline``); this pipeline also declares the topology on them, so a
test that asks for it (``declare_topology``) finds it there. A vhost the pipeline could not
prepare fails the test that takes it, naming why, instead of leaving it waiting.
"""
from contextlib import contextmanager
from urllib.parse import urlparse

from kombu import Connection
from nameko.testing.utils import ResourcePipeline

from award_shared.bus.broker_access import Management
from award_shared.bus.topology import declare_all


class Unprepared:
    """A vhost the pipeline could not declare the topology on, and why."""

    def __init__(self, vhost, error):
        self.vhost, self.error = vhost, error


class TopologyPipeline(ResourcePipeline):
    """nameko's ``ResourcePipeline``; a vhost it could not prepare fails the test that takes it."""

    @contextmanager
    def get(self):
        with super().get() as item:
            if isinstance(item, Unprepared):
                raise RuntimeError(f"could not prepare a vhost with the topology: {item.error!r}") from item.error
            yield item


def amqp_uri_of(base_uri, vhost):
    parts = urlparse(base_uri)
    return f"{parts.scheme}://{parts.netloc}/{vhost}"


def declare_topology(amqp_uri, api_uri, vhost, queue_type, bureaus=()):
    """The suite's topology on ``vhost`` (``amqp_uri`` names the broker, any vhost) and, on
    quorum queues, the shipped policies first, as the prod overlay does; returns what
    ``declare_all`` declared."""
    if queue_type == "quorum":
        Management(api_uri, vhost).apply_policies()
    with Connection(amqp_uri_of(amqp_uri, vhost)) as conn:
        return declare_all(conn.default_channel, bureaus=bureaus, queue_type=queue_type)


def topology_pipeline(vhosts, amqp_uri, api_uri, queue_type):
    """nameko's vhosts (``vhost_pipeline``: made ahead, with permissions, deleted after use),
    with the topology (and, for quorum queues, the policies) declared on them ahead of time."""

    def create():
        vhost = vhosts.ready.get()
        try:
            declare_topology(amqp_uri, api_uri, vhost, queue_type)
        except Exception as exc:  # noqa: BLE001 - raised in the test that takes it
            return Unprepared(vhost, exc)
        return vhost

    def destroy(item):  # back to nameko's pipeline, which deletes it
        vhosts.trash.put(item.vhost if isinstance(item, Unprepared) else item)

    return TopologyPipeline(create, destroy)
