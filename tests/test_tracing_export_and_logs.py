"""Issue 33, items 5 and 6, as an operator runs a service: ``award-run`` with only the
OpenTelemetry settings in its environment exports its spans over OTLP/HTTP — the SDK's batch
processor, a green thread under eventlet — to a collector (here a local HTTP receiver that
decodes the protobuf), and with ``LOG_FORMAT=json`` the line written while a request is served
carries that request's span: ``trace_id`` (the caller's, from ``traceparent``) and ``span_id``."""
import json

import eventlet
import requests
from eventlet import wsgi
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from award_testing.helpers import wait_for
from test_service_logs import run_intake

TRACE_ID = "0af7651916cd43dd8448eb211c80319c"
CALLER_SPAN = "b7ad6b7169203331"


class Receiver:
    """An OTLP/HTTP traces endpoint: every span it was sent, by name."""

    def __init__(self):
        self.spans, self.paths = [], []
        self.sock = eventlet.listen(("127.0.0.1", 0))
        self.thread = eventlet.spawn(wsgi.server, self.sock, self.app, log_output=False)

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def app(self, environ, start_response):
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        self.paths.append((environ["PATH_INFO"], environ.get("CONTENT_TYPE")))
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        for resource_spans in request.resource_spans:
            service = next(a.value.string_value for a in resource_spans.resource.attributes if a.key == "service.name")
            for scope_spans in resource_spans.scope_spans:
                self.spans += [(service, span) for span in scope_spans.spans]
        start_response("200 OK", [("Content-Type", "application/x-protobuf")])
        return [b""]

    def stop(self):
        self.thread.kill()
        self.sock.close()


def test_a_service_exports_its_spans_over_otlp_http_and_logs_their_ids(
        rabbit_config, key_dir, queue_type, token, declare_topology, tmp_path, monkeypatch):
    """One engine: nothing here is the database's (the suite test runs on both)."""
    receiver = Receiver()
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint)
    monkeypatch.setenv("OTEL_BSP_SCHEDULE_DELAY", "100")  # milliseconds: the batch goes out soon
    sqlite = lambda service: f"sqlite:///{tmp_path / service}.db"  # noqa: E731
    proc, port = run_intake("json", rabbit_config, sqlite, key_dir, queue_type, tmp_path)
    try:
        resp = requests.post(f"http://127.0.0.1:{port}/v1/cycles", timeout=30, headers={
            "Authorization": "Bearer " + token("office"), "traceparent": f"00-{TRACE_ID}-{CALLER_SPAN}-01"},
            json={"edition": 2026, "schedule": {"application": "2026-12-31T17:00:00+08:00"}})
        assert resp.status_code == 409  # on the wall clock no rule set is in force
        [(service, span)] = wait_for(lambda: [(s, x) for s, x in receiver.spans if x.name == "POST /v1/cycles"],
                                     message="the request's span at the receiver")
    finally:
        proc.kill()
        output, _ = proc.communicate()
        receiver.stop()
    assert receiver.paths[0] == ("/v1/traces", "application/x-protobuf")
    assert service == "intake" and span.trace_id.hex() == TRACE_ID and span.parent_span_id.hex() == CALLER_SPAN
    records = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    [served] = [r for r in records if r.get("request_id") == resp.headers["X-Request-Id"]]
    assert "no rule set is in force" in served["message"]
    assert served["trace_id"] == TRACE_ID and served["span_id"] == span.span_id.hex()
    assert not any("trace_id" in r for r in records if r.get("request_id") is None and "event_id" not in r)
