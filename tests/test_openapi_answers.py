"""Issue 32, item 8: every operation of the six services documents its success answer — its
status, its media type, and for JSON the schema of the marshmallow schema the route declares
(``@api(..., answer=…)``) — summaries are whole sentences, refusals one ``Error`` component; and
the service tests' client holds every answer it receives to the route's document
(``award_testing.answers``): an undocumented field or status fails the test that received it."""
import json
import re

import jsonschema
import jsonschema_rs
import pytest
from marshmallow import Schema, fields

from award_feed.service import FeedService
from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_revocation.service import RevocationService
from award_scoring.service import ScoringService
from award_shared import api
from award_shared.web.openapi import openapi_document, summary_of
from award_supervision.service import SupervisionService
from award_testing.answers import UndocumentedAnswer

SERVICES = (IntakeService, ScoringService, SupervisionService, PublicityService, RevocationService, FeedService)
CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"


@pytest.fixture(scope="module")
def documents():
    from nameko.containers import ServiceContainer  # built, never started: only its routes are read
    return {cls.name: openapi_document(ServiceContainer(cls, {"AMQP_URI": "memory://"})) for cls in SERVICES}


def operations(documents):
    for service, doc in documents.items():
        for path, ops in doc["paths"].items():
            for method, op in ops.items():
                yield f"{service} {method.upper()} {path} ({op['operationId']})", op


#: routes whose answer is still to be documented: the list only shrinks (a route documented
#: since leaves it; a new route is never added to it)
NOT_YET_DOCUMENTED = set()


def test_every_route_documents_its_success_answer(documents):
    missing = [where for where, op in operations(documents) if op.get("x-answer-undocumented")]
    new = [where for where in missing if where not in NOT_YET_DOCUMENTED]
    assert not new, (f"{len(new)} routes do not document their answer; give each @api an "
                     "answer=Schema() or answers={status: …} (docs/developing.md, \"The service class\"):\n"
                     + "\n".join(new))
    done = sorted(NOT_YET_DOCUMENTED - set(missing))
    assert not done, "documented now: take them off NOT_YET_DOCUMENTED:\n" + "\n".join(done)
    no_success = [where for where, op in operations(documents)
                  if not any(status.startswith("2") for status in op["responses"])]
    assert not no_success, "routes with no 2xx answer:\n" + "\n".join(no_success)


def test_every_refusal_is_the_one_error_component(documents):
    for where, op in operations(documents):
        for status in ("4XX", "5XX"):
            assert op["responses"][status] == {"$ref": "#/components/responses/Error"}, where


def test_every_summary_is_a_whole_sentence(documents):
    cut = [f"{where}: {op['summary']!r}" for where, op in operations(documents)
           if not op["summary"] or op["summary"].count("(") != op["summary"].count(")")
           or op["summary"].rstrip(".").endswith("Art") or op["summary"][-1] not in ".。)?!"]
    assert not cut, "summaries that are not whole sentences:\n" + "\n".join(cut)


#: a summary names the article it serves ("(Art. 15)", "Arts. 29, 30", "第十七条"), or says whose
#: route it is: "(运维)" an operator's (the kit's /admin, /health, /metrics, /docs, /openapi.json),
#: "(本系统)" a service of this suite that no article asks for (holds, webhooks) — docs/contract.md
CITES = re.compile(r"\bArts?\. \d+|第[一二三四五六七八九十]+条")
OPERATIONS, SUITE = "(运维)", "(本系统"
OPERATOR_PATHS = ("/admin/", "/health/", "/metrics", "/docs", "/openapi.json")


def whose(summary):
    if CITES.search(summary):
        return "article"
    return "operations" if OPERATIONS in summary else "suite" if SUITE in summary else None


def test_every_summary_names_its_article_or_says_it_is_the_suites_or_an_operators(documents):
    """Issue 32, item 8: every summary a whole sentence with its article. An operator's route
    says so ``(运维)``, and only an operator's route may; a rule of this suite ``(本系统)``."""
    bare = [f"{where}: {op['summary']!r}" for where, op in operations(documents) if whose(op["summary"]) is None]
    assert not bare, ("summaries that name no article and say not whose route it is (Art. N / (运维) / "
                      "(本系统), docs/contract.md):\n" + "\n".join(bare))
    misplaced = [where for where, op in operations(documents) if whose(op["summary"]) == "operations"
                 and not where.split(" ")[2].startswith(OPERATOR_PATHS)]
    assert not misplaced, "(运维) marks an operator's route only:\n" + "\n".join(misplaced)
    kinds = {whose(op["summary"]) for _, op in operations(documents)}
    assert kinds == {"article", "operations", "suite"}


def test_whose_reads_the_convention():
    assert whose("Open a review stage, in the order of Art. 15; ``cycle.step_opened``.") == "article"
    assert whose("异议须在公示期内提出（第十七条）。") == "article"
    assert whose("Whether the process answers (运维).") == "operations"
    assert whose("One hold: who placed it (本系统).") == "suite"
    assert whose("Findings of the caller's cycles.") is None
    assert whose("Art 9 without its full stop.") is None


def test_a_summary_keeps_its_citation_whole():
    assert summary_of("Open a case (Art. 29 units, Art. 30 individuals); a ground joins it. More.") == \
        "Open a case (Art. 29 units, Art. 30 individuals); a ground joins it."
    assert summary_of("Revoked awards (Art. 29, 30), e.g. overdue. Then.") == "Revoked awards (Art. 29, 30), e.g. overdue."
    assert summary_of("No full stop at all") == "No full stop at all"


def test_every_schema_and_example_of_the_documents_is_valid(documents):
    wrong, checked = [], set()
    for where, op in operations(documents):
        contents = [("body", op["requestBody"]["content"]["application/json"])] if "requestBody" in op else []
        contents += [(f"{status} {media}", content) for status, response in op["responses"].items()
                     for media, content in response.get("content", {}).items()]
        for what, content in contents:
            schema = content.get("schema", {})
            seen = json.dumps(content, sort_keys=True)  # the kit's routes repeat in every service
            if seen in checked:
                continue
            checked.add(seen)
            validator = jsonschema_rs.Draft202012Validator(schema)  # refuses a schema that is not one
            if "example" in content and not validator.is_valid(content["example"]):
                error = jsonschema.exceptions.best_match(
                    jsonschema.Draft202012Validator(schema).iter_errors(content["example"]))
                if error is not None:
                    wrong.append(f"{where} {what}: the example is not what the schema says: {error.message[:200]}")
    assert not wrong, "\n".join(wrong)


class ProbeAnswer(Schema):
    """What the probe documents."""
    documented = fields.Integer(required=True)


class ProbeIntake(IntakeService):
    @api("GET", "/probe/v1/documented", public=True, limited=False, answer=ProbeAnswer())
    def probe_documented(self, tx, call):
        """Answers what it documents."""
        return {"documented": 1}

    @api("GET", "/probe/v1/extra", public=True, limited=False, answer=ProbeAnswer())
    def probe_extra(self, tx, call):
        """Answers a field it does not document."""
        return {"documented": 1, "extra": 2}

    @api("GET", "/probe/v1/accepted", public=True, limited=False, answer=ProbeAnswer())
    def probe_accepted(self, tx, call):
        """Answers a status it does not document."""
        return 202, {"documented": 1}


@pytest.fixture
def database_url_factory(tmp_path, migrated_templates):
    """The probe's check reads no data of its own: SQLite alone (one run, not one per engine)."""
    def make(name="svc", migrated=None):
        path = f"{tmp_path}/{name}.db"
        migrated_templates.sqlite_copy(migrated, path)
        return f"sqlite:///{path}"
    return make


def test_the_tests_client_fails_an_undocumented_field_or_status(service_factory):
    c = service_factory(ProbeIntake, clock=CLOCK_2019).client
    assert c.get("/probe/v1/documented").json() == {"documented": 1}
    with pytest.raises(UndocumentedAnswer, match=r"GET /probe/v1/extra \(probe_extra\) answered 200 outside its "
                                                 r"documented schema: at the body: .*'extra'"):
        c.get("/probe/v1/extra")
    with pytest.raises(UndocumentedAnswer, match=r"GET /probe/v1/accepted \(probe_accepted\) answered 202, which "
                                                 r"its document does not state \(it states \[200\]\)"):
        c.get("/probe/v1/accepted")
    c.get("/no/such/route")  # the kit's own 404, in the Error shape: nothing to say
