"""The broker's metrics the alerts read exist, under those names and labels, on a real
RabbitMQ (issue 33, item 3): its rabbitmq_prometheus plugin's /metrics/per-object (what
deploy/k8s and compose's Prometheus scrape) lists every inbox of the suite's topology with
the labels the alert groups by, and the series of the alert's promtool test are shaped as
that output is. RabbitMQ's default /metrics aggregates the queues away: it has no queue label."""
import contextlib
import os
import re
import shutil
import socket
import subprocess

import pytest
import requests
import yaml
from prometheus_client.parser import text_string_to_metric_families

from award_testing.helpers import wait_for
from award_shared.bus.topology import SERVICES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MONITORING = os.path.join(ROOT, "deploy", "monitoring")
PLUGIN_PORT = 15692


def _open(port):
    with contextlib.closing(socket.socket()) as s:
        s.settimeout(2)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def plugin_endpoint():
    """The local broker's rabbitmq_prometheus, enabled here if it is not (as .ci/run does)."""
    if not _open(PLUGIN_PORT):
        tool = shutil.which("rabbitmq-plugins")
        assert tool, "rabbitmq_prometheus is not serving on :15692: run `rabbitmq-plugins enable rabbitmq_prometheus`"
        subprocess.run([tool, "enable", "rabbitmq_prometheus"], capture_output=True, timeout=120)
        wait_for(lambda: _open(PLUGIN_PORT), timeout=60, interval=0.5,
                 message="rabbitmq_prometheus on :15692 (`rabbitmq-plugins enable rabbitmq_prometheus`)")
    return f"http://127.0.0.1:{PLUGIN_PORT}"


def broker_rules():
    """(alert, expression) of every rule that reads RabbitMQ's own metrics."""
    with open(os.path.join(MONITORING, "alerts.yml")) as fh:
        rules = [r for g in yaml.safe_load(fh)["groups"] for r in g["rules"]]
    return [(r["alert"], r["expr"]) for r in rules if "rabbitmq_" in r["expr"]]


def samples(text, vhost):
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.labels.get("vhost") == vhost:
                out.setdefault(sample.name, []).append(sample.labels)
    return out


def test_the_per_object_endpoint_has_what_the_queue_alerts_read(plugin_endpoint, rabbit_config, declare_topology):
    vhost = rabbit_config["vhost"]
    inboxes = {f"{svc}.inbox" for svc in SERVICES}
    rules = broker_rules()
    assert rules, "no alert reads the broker's metrics"
    names = {n for _, expr in rules for n in re.findall(r"\brabbitmq_\w+", expr)}
    grouped = {label.strip() for _, expr in rules for group in re.findall(r"by \(([^)]*)\)", expr)
               for label in group.split(",")}

    def scraped():
        resp = requests.get(plugin_endpoint + "/metrics/per-object", timeout=30)
        assert resp.status_code == 200, resp.status_code
        found = samples(resp.text, vhost)
        queues = {labels["queue"] for labels in found.get("rabbitmq_queue_messages_ready", [])}
        return found if inboxes <= queues else None
    found = wait_for(scraped, timeout=60, interval=1, message=f"the inboxes of {vhost} in /metrics/per-object")
    for name in names:
        assert name in found, f"{name} is not on the broker's /metrics/per-object"
        for labels in found[name]:
            assert grouped <= set(labels), f"{name}: the alert groups by {grouped}, the broker gives {set(labels)}"
    aggregated = requests.get(plugin_endpoint + "/metrics", timeout=30).text
    assert not samples(aggregated, vhost), "/metrics has per-queue series: the per-object scrape is not needed?"

    # the promtool test's series: a name and label set as the broker gives them, a queue it has
    with open(os.path.join(MONITORING, "alerts.test.yml")) as fh:
        series = [s["series"] for t in yaml.safe_load(fh)["tests"] for s in t["input_series"]]
    tested = [s for s in series if s.startswith("rabbitmq_")]
    assert tested
    for text in tested:
        (family,) = text_string_to_metric_families(text.replace('", ', '",') + " 0\n")
        (sample,) = family.samples
        assert sample.name in found, text
        assert set(sample.labels) == set(found[sample.name][0]), f"{text}: the broker labels {set(found[sample.name][0])}"
        assert sample.labels["queue"] in {labels["queue"] for labels in found[sample.name]}, text
