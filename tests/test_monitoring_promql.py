"""The PromQL of deploy/monitoring: the alert rules pass `promtool test rules`, every panel of
the Grafana dashboard parses (promtool), and every metric a panel or a rule reads is one the
services expose, under the names of contract.md. promtool comes from scripts/install --test."""
import importlib
import json
import os
import re
import shutil
import subprocess

import pytest
import yaml
from prometheus_client import REGISTRY

from award_shared.bus.topology import SERVICES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MONITORING = os.path.join(ROOT, "deploy", "monitoring")
DASHBOARD = os.path.join(MONITORING, "grafana", "dashboards", "award.json")
KEYWORDS = {"by", "without", "and", "or", "unless", "bool", "on", "ignoring", "group_left",
            "group_right", "offset", "inf", "nan"}
BROKER_METRICS = {"rabbitmq_queue_messages_ready"}  # RabbitMQ's own (rabbitmq_prometheus)
SCRAPE_METRICS = {"up"}  # Prometheus' own, for every target


def promtool(*args, cwd=MONITORING):
    exe = shutil.which("promtool")
    assert exe, "promtool is missing: run scripts/install --test (Debian package prometheus)"
    return subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True)


def dashboard_exprs():
    with open(DASHBOARD) as fh:
        dash = json.load(fh)
    return [(panel["title"], target["expr"]) for panel in dash["panels"] for target in panel["targets"]]


def rule_exprs():
    with open(os.path.join(MONITORING, "alerts.yml")) as fh:
        return [(r["alert"], r["expr"]) for g in yaml.safe_load(fh)["groups"] for r in g["rules"]]


def metric_names(expr):
    """The metric names an expression selects (strings, label matchers, label lists, ranges
    and function names taken out first)."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', "", expr)
    expr = re.sub(r"\{[^}]*\}", "", expr)
    expr = re.sub(r"\[[^\]]*\]", "", expr)
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    expr = re.sub(r"\b[a-zA-Z_]\w*\s*\(", "(", expr)
    return {name for name in re.findall(r"\b[a-zA-Z_:][\w:]*\b", expr)} - KEYWORDS


def exposed():
    """Every sample name the five services' processes register with prometheus_client."""
    for svc in SERVICES:
        importlib.import_module(f"award_{svc}.service")
    names = set()
    for family in REGISTRY.collect():
        suffixes = {"counter": ["_total"], "histogram": ["_bucket", "_count", "_sum"],
                    "gauge": [""], "summary": ["_count", "_sum", ""]}.get(family.type, [""])
        names |= {family.name + s for s in suffixes}
    return names


def test_every_alert_rule_has_a_passing_promtool_test():
    checked = promtool("check", "rules", "alerts.yml")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    tested = promtool("test", "rules", "alerts.test.yml")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    with open(os.path.join(MONITORING, "alerts.test.yml")) as fh:
        tests = yaml.safe_load(fh)["tests"]
    covered = {t["alertname"] for test in tests for t in test["alert_rule_test"] if t["exp_alerts"]}
    assert covered == {name for name, _ in rule_exprs()}


def test_the_compose_prometheus_config_is_valid():
    checked = promtool("check", "config", "prometheus.yml")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_every_dashboard_panel_query_parses(tmp_path):
    exprs = dashboard_exprs()
    rules = {"groups": [{"name": "dashboard", "rules": [
        {"record": f"dashboard:panel_{i}", "expr": expr} for i, (_, expr) in enumerate(exprs)]}]}
    path = tmp_path / "dashboard-rules.yml"
    path.write_text(yaml.safe_dump(rules))
    checked = promtool("check", "rules", str(path))
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_parser_catches_a_bad_query(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "x", "rules": [
        {"record": "x:y", "expr": "sum by (service (award_outbox_backlog)"}]}]}))
    assert promtool("check", "rules", str(path)).returncode != 0


@pytest.mark.parametrize("source", ["dashboard", "alerts"])
def test_every_metric_read_is_one_the_services_expose(source):
    exprs = dashboard_exprs() if source == "dashboard" else rule_exprs()
    available = exposed() | (BROKER_METRICS | SCRAPE_METRICS if source == "alerts" else set())
    for title, expr in exprs:
        names = metric_names(expr)
        assert names, (title, expr)
        assert names <= available, f"{title}: {sorted(names - available)} not exposed"


def test_the_dashboard_shows_what_issue_14_asks_for():
    read = set().union(*(metric_names(e) for _, e in dashboard_exprs()))
    assert read >= {"award_step_transitions_total", "award_events_published_total",
                    "award_events_consumed_total", "award_outbox_backlog",
                    "award_outbox_oldest_unsent_age_seconds", "award_holds_active",
                    "award_http_request_duration_seconds_bucket", "award_dead_letters_pending"}
    quantiles = [e for _, e in dashboard_exprs() if e.startswith("histogram_quantile(")]
    assert {q.split(",")[0] for q in quantiles} == {"histogram_quantile(0.5", "histogram_quantile(0.99"}
    assert all("by (service, le)" in q for q in quantiles)


def test_metric_names_are_found_in_a_query():
    assert metric_names('histogram_quantile(0.5, sum by (service, le) (rate(award_x_bucket{status=~"5.."}[5m])))') \
        == {"award_x_bucket"}
    assert metric_names("max by (service) (a_b) > 30 * 86400 and on (service) c_d") == {"a_b", "c_d"}


def test_every_alert_has_a_runbook_url_at_a_section_of_operations_md():
    with open(os.path.join(ROOT, "docs", "operations.md")) as fh:
        anchors = {re.sub(r"[^\w\- ]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
                   for line in fh if line.startswith("#")}
    with open(os.path.join(MONITORING, "alerts.yml")) as fh:
        rules = [r for g in yaml.safe_load(fh)["groups"] for r in g["rules"]]
    assert not [r["alert"] for r in rules if "runbook" in r["annotations"] or "runbook" in r.get("labels", {})]
    missing = [r["alert"] for r in rules if "runbook_url" not in r["annotations"]]
    assert not missing, f"every alert needs a runbook_url annotation: {missing}"
    links = {r["annotations"]["runbook_url"] for r in rules}
    for link in links:
        path, anchor = link.split("#")
        assert path == "docs/operations.md" and anchor in anchors, link


def test_the_alerts_issue_33_asks_for_are_there():
    """A service down, an inbox backing off, dead letters growing, the outbox's oldest event
    ageing, a notice's window provisional, the relay lock held by nobody."""
    exprs = dict(rule_exprs())
    wanted = {"AwardServiceDown": "up", "AwardInboxBackingOff": "award_inbox_backoff_seconds",
              "AwardDeadLettersGrowing": "award_dead_letters_pending",
              "AwardOutboxEventStuck": "award_outbox_oldest_unsent_age_seconds",
              "AwardPublicNoticeProvisional": "award_public_notices_provisional",
              "AwardOutboxRelayNotRunning": "award_outbox_relay_active"}
    for alert, metric in wanted.items():
        assert metric in metric_names(exprs[alert]), alert
    assert "absent(" in exprs["AwardServiceDown"]
