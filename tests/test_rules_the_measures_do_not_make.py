"""Rules the Measures do not make must not be cited as law (issue 31). docs/design.md's table
"Rules the Measures do not make" names, for each choice of this suite, the service that makes it
and the error codes of its refusals. This test lists every citation of an article in every
message of every service and of the kit (their errors' Chinese and English text and their
``article=``), and fails when a refusal whose code the table lists as a choice names an article
— or when the table names a code the service never raises. No I/O: the sources are read as text."""
import ast
import functools
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
JOINED = ("intake", "scoring", "publicity", "supervision", "revocation", "feed", "kit")
ERRORS = {"ApiError", "BadRequest", "Unauthorized", "Forbidden", "NotFound", "Conflict", "Invalid", "RuleViolation"}
#: at least this many citations the listing must find in each (it reads the sources; feed cites none)
FOUND = {"intake": 20, "scoring": 20, "publicity": 20, "supervision": 10, "revocation": 5, "kit": 2}
CITATION = re.compile(r"第[一二三四五六七八九十百]+条|\bArt\. \d+")


def choices():
    """(rule, service, codes) of every row of the table that is a choice of a service."""
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    section = text.split("### Rules the Measures do not make", 1)[1]
    rows, in_table = [], False
    for line in section.splitlines()[1:]:
        if not line.startswith("|"):
            if in_table:
                break
            continue
        in_table = True
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        where = re.match(r"choice \((\w+)", cells[1]) if len(cells) == 4 else None
        if where:
            codes = re.findall(r"`([a-z_]+)`", cells[1].split("codes", 1)[1]) if "codes" in cells[1] else []
            rows.append((cells[0], where.group(1), codes))
    return rows


def sources(service):
    """The Python sources of a service (or of the kit, ``award_shared``), without tests or migrations."""
    folder = ROOT / "shared" / "award_shared" if service == "kit" else ROOT / "services" / service
    return [p for p in sorted(folder.rglob("*.py")) if not {"tests", "migrations"} & set(p.parts)]


@functools.lru_cache(maxsize=None)
def parsed(path):
    """Every node of a source's syntax tree, parsed and walked once for every test that reads it."""
    return tuple(ast.walk(ast.parse(path.read_text(encoding="utf-8"))))


@functools.lru_cache(maxsize=None)
def messages(service):
    return list(_messages(service))


def _messages(service):
    """(where, code, article, text) of every error a service's code raises or builds."""
    for path in sources(service):
        for node in parsed(path):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if name not in ERRORS:
                continue
            kw = {k.arg: k.value for k in node.keywords}
            code = kw["code"].value if isinstance(kw.get("code"), ast.Constant) else None
            article = kw.get("article")
            article = article.value if isinstance(article, ast.Constant) else article and ast.unparse(article)
            text = " ".join(ast.unparse(a) for a in [*node.args, *(kw[k] for k in ("message", "message_en") if k in kw)])
            yield f"{path.relative_to(ROOT)}:{node.lineno}", code, article, text


def citations(service):
    """Every message that cites an article: (where, code, what it cites)."""
    for where, code, article, text in messages(service):
        cited = CITATION.findall(text) + ([article] if article else [])
        if cited:
            yield where, code, cited


def test_no_message_cites_an_article_for_a_rule_the_measures_do_not_make():
    table = choices()
    for service in JOINED:
        chosen = {code for _, s, codes in table if s == service for code in codes}
        cited = list(citations(service))
        assert len(cited) >= FOUND.get(service, 0), service  # the listing reads the sources: it finds them
        wrong = [(where, code, what) for where, code, what in cited if code in chosen]
        assert wrong == [], f"{service} cites an article for a rule docs/design.md lists as its own choice"


def test_every_code_the_table_lists_is_raised_by_its_service():
    table = choices()
    assert table, "docs/design.md lost its table of rules the Measures do not make"
    for service in JOINED:
        coded = [(rule, codes) for rule, s, codes in table if s == service and codes]
        # a code a refusal carries, raised directly or handed on (revocation's ground problems)
        raised = {code for _, code, _, _ in messages(service)} | {
            node.value for path in sources(service) for node in parsed(path)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"[a-z_]+", node.value)}
        missing = [(rule, code) for rule, codes in coded for code in codes if code not in raised]
        assert missing == []


def test_art9_holds_and_complaints_after_the_cycle_are_choices_of_supervision_not_art9():
    """The issue's cases for supervision: the release of holds and complaints after the cycle."""
    codes = {code for _, s, codes in choices() if s == "supervision" for code in codes}
    assert {"complaints_closed", "no_cycle_to_complain_about", "hold_released_by_group", "hold_released_by_office",
            "approval_required"} <= codes


def test_the_issues_nine_cases_are_choices_that_cite_no_article():
    """Issue 31's list: each rule it names is a row of the table, with the codes of its refusals —
    holds and complaints (supervision, above), each stage once per cycle, the leading group's
    adopt-or-strike, a revoked award's bar, prize amounts that stand, a unit's facts after the
    award (获奖后 is Art. 30's word), who reads an application (Art. 25 is no reader list). The
    signed objection is a rule-set value (``public_notice.objections_signed``), not Art. 17."""
    codes = {(s, code) for _, s, codes in choices() for code in codes}
    assert {("scoring", "stage_state"), ("publicity", "deliberation_invalid"), ("intake", "past_winner_revoked"),
            ("publicity", "prize_amounts_frozen"), ("revocation", "unit_fact_before_award"),
            ("intake", "not_a_reader"), ("intake", "not_a_document_reader")} <= codes
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    assert "`public_notice.objections_signed`" in text.split("### Rules the Measures do not make", 1)[1]
    kit = (ROOT / "shared" / "award_shared" / "web" / "cycle_access.py").read_text(encoding="utf-8")
    assert '"Art. 25")' not in kit and "第二十五条）" not in kit  # the third-party refusal: Art. 7 LG(3)


#: Art. 25 binds everyone in the review to be objective, fair and independent and to keep the
#: applicants' secrets: a conflicted expert is refused a seat under it (scoring's panel rules,
#: ``expert_refused``). It is no access rule: who reads, who scores, who recuses whom and who
#: comes back to a panel are Art. 8's or this suite's. The only places whose code names Art. 25.
ART25_CITED_IN = {"services/scoring/award_scoring/domain/panels.py"}
ART25 = re.compile(r"^Art\. 25\b|第二十五条")


def _docstrings(path):
    return {id(node.body[0].value) for node in parsed(path)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}


def art25_citations():
    """(where, text) of every string in every service's and the kit's code (docstrings aside)
    that cites Art. 25: an ``article=``, a message, a reason's article."""
    for service in JOINED:
        for path in sources(service):
            docs = _docstrings(path)
            for node in parsed(path):
                if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
                        and ART25.search(node.value)):
                    yield str(path.relative_to(ROOT)), node.value


def test_art25_is_cited_only_for_a_conflicted_reviewer():
    """Issue 31: Art. 25 was cited for an unassigned scorer, an expert recusing another and one
    who left a panel coming back; those are Art. 8's and this suite's (docs/design.md's table).
    A new refusal that cites Art. 25 elsewhere fails here: cite the article that makes the rule,
    or none with a row in the table."""
    found = list(art25_citations())
    assert found, "the scan finds the conflict rule's citation: it reads the sources"
    elsewhere = [(where, text) for where, text in found if where not in ART25_CITED_IN]
    assert elsewhere == [], "Art. 25 cited for a rule that is not a conflicted reviewer's"
    for code in ("expert_left_panel", "recuse_only_self", "not_assigned"):
        cited = [(where, what) for where, c, what in citations("scoring") if c == code]
        assert all("Art. 25" not in what and "第二十五条" not in what for _, what in cited), code
    scoring_choices = {code for _, s, codes in choices() if s == "scoring" for code in codes}
    assert {"expert_left_panel", "recuse_only_self"} <= scoring_choices
