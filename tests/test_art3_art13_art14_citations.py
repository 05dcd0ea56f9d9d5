"""Citations checked against the Measures' text (issue 11, item 4): every refusal of intake,
scoring and supervision names in its Chinese message each article its ``article`` cites, and
every article cited exists (第一条 to 第三十一条). No I/O: the sources are read as text."""
import ast
import pathlib
import re

from award_rules.articles import chinese_number

ROOT = pathlib.Path(__file__).resolve().parent.parent
SERVICES = ("intake", "scoring", "supervision")


def refusals():
    """(file, line, article, the call's Chinese text) of every call passing ``article="Art. …"``."""
    for service in SERVICES:
        for path in sorted((ROOT / "services" / service).rglob("*.py")):
            if "tests" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                article = next((k.value for k in node.keywords if k.arg == "article"), None)
                if isinstance(article, ast.Constant) and isinstance(article.value, str):
                    text = " ".join(ast.unparse(a) for a in node.args)
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", article.value, text


def numbers(article):
    return [int(n) for n in re.findall(r"\d+", re.sub(r"\(\d+\)", "", article))]


def test_art3_art13_art14_every_refusal_quotes_the_articles_it_cites_in_chinese():
    found = list(refusals())
    assert len(found) > 50
    wrong = [(where, article) for where, article, text in found
             for n in numbers(article) if f"第{chinese_number(n)}条" not in text]
    assert wrong == []


def test_every_article_cited_exists_in_the_measures():
    articles = set(range(1, 32))  # the 2018 Measures have 第一条 … 第三十一条
    assert {n for _, article, _ in refusals() for n in numbers(article)} <= articles


def test_art14_a_withdrawal_and_a_late_application_cite_the_right_articles():
    cited = {}
    for where, article, text in refusals():
        cited.setdefault(article, []).append(text)
    assert not any("撤回" in t for t in cited.get("Art. 3", ())), "a withdrawal is Art. 14, not Art. 3"
    assert any("截止" in t for t in cited["Art. 13, 14"]), "a late application cites Art. 13 and 14"
