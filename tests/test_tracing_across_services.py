"""Issue 33, item 5: one trace across HTTP and the bus, asserted with an in-memory exporter.

A finding placed at supervision (the request continues its caller's W3C ``traceparent``) →
``hold.placed`` applied at intake in a consumer span whose parent is that request's span →
``hold.applied`` applied back at supervision under intake's span: one trace. The district
review intake then refuses for the hold is a request, and a trace, of its own. The public
events never carry the context (docs/contract.md, Events)."""
import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from award_shared import tracing
from award_shared.events.schemas import PUBLIC_EVENT_TYPES
from award_testing.helpers import wait_for
from test_holds_suite_driver import suite  # noqa: F401 - the fixture

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"
TRACEPARENT = f"00-{TRACE_ID}-{CALLER_SPAN}-01"


@pytest.fixture
def spans():
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    before = tracing.use(provider)
    try:
        yield exporter
    finally:
        tracing.use(before)
        provider.shutdown()


def one(exporter, name, service):
    found = [s for s in exporter.get_finished_spans()
             if s.name == name and s.attributes.get("award.service") == service]
    return found[0] if len(found) == 1 else None


@pytest.mark.engines("postgresql")  # the trace crosses the kit's bus, not a database feature
def test_a_finding_its_hold_at_intake_and_the_hold_applied_are_one_trace(spans, suite):  # noqa: F811
    cycle_id = suite.open_cycle()
    suite.appoint(cycle_id)
    held = suite.submitted_unit(cycle_id)
    spans.clear()
    assert suite.intake.client.get("/health/live").status_code == 200

    resp = suite.supervision.client.post("/v1/findings", "supervisor", sub="p01", headers={
        "traceparent": TRACEPARENT, "tracestate": "city=jinan"}, json_body={
            "cycle_id": cycle_id, "kind": "procedural", "step": "district_review", "subject": held,
            "article": "Art. 14", "summary": "区县初审推荐程序存疑，待核实", "evidence": ["投诉举报材料"], "halt": True})
    assert resp.status_code == 201, resp.text
    hold_id = resp.json()["hold"]["hold_id"]
    suite.wait_intake_hold(hold_id)
    refused = suite.review(held)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "hold_active"
    suite.wait_effects(hold_id)

    applied = wait_for(lambda: one(spans, "process hold.applied", "supervision"),
                       message="supervision's span of hold.applied")
    finding = one(spans, "POST /v1/findings", "supervision")
    placed = one(spans, "process hold.placed", "intake")
    # the request continues its caller's trace
    assert finding.kind == SpanKind.SERVER and finding.attributes["http.response.status_code"] == 201
    assert format(finding.context.trace_id, "032x") == TRACE_ID
    assert format(finding.parent.span_id, "016x") == CALLER_SPAN and finding.parent.is_remote
    assert finding.context.trace_state.get("city") == "jinan"
    assert finding.attributes["award.request_id"] == resp.headers["X-Request-Id"]
    # intake applies the hold under the finding's span, supervision the application under intake's
    assert placed.kind == SpanKind.CONSUMER and placed.parent.is_remote
    assert placed.context.trace_id == finding.context.trace_id
    assert placed.parent.span_id == finding.context.span_id
    assert placed.attributes["messaging.destination.name"] == "intake.inbox" and placed.attributes["award.outcome"] == "applied"
    assert applied.context.trace_id == finding.context.trace_id
    assert applied.parent.span_id == placed.context.span_id
    # the refusal: a request of its own, answered 409
    review = one(spans, "POST /v1/applications/<application_id>/district-review", "intake")
    assert review.kind == SpanKind.SERVER and review.parent is None
    assert review.attributes["http.response.status_code"] == 409
    assert review.attributes["award.error.code"] == "hold_active"  # and which hold: the way to its trace
    assert review.attributes["award.error.hold_id"] == hold_id and review.attributes["award.error.article"] == "Art. 14"
    assert not [s for s in spans.get_finished_spans() if s.name.startswith("GET /health/")]  # probes: no spans
    assert review.context.trace_id != finding.context.trace_id


def test_the_context_goes_on_the_suite_s_own_events_only(spans):
    with tracing._tracer.start_as_current_span("publishing"):
        assert tracing.carried("hold.placed", PUBLIC_EVENT_TYPES)
        assert not any(tracing.carried(t, PUBLIC_EVENT_TYPES) for t in PUBLIC_EVENT_TYPES)
        body = tracing.inject({"type": "hold.placed"})
    version, trace_id, span_id, flags = body["traceparent"].split("-")
    assert (version, len(trace_id), len(span_id)) == ("00", 32, 16) and int(flags, 16) & 1  # sampled


def test_tracing_is_off_unless_the_environment_turns_it_on():
    assert not tracing.enabled_by({})
    assert not tracing.enabled_by({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"})
    assert not tracing.enabled_by({"OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "otlp"})
    assert tracing.enabled_by({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"})
    assert tracing.enabled_by({"OTEL_TRACES_EXPORTER": "otlp"})
    for setting, named in (({"OTEL_TRACES_EXPORTER": "zipkin"}, "OTEL_TRACES_EXPORTER"),
                           ({"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"},
                            "OTEL_EXPORTER_OTLP_PROTOCOL")):
        with pytest.raises(tracing.TracingSettingError, match=named):
            tracing.enabled_by(setting)
