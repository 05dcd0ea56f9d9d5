"""Each service README's article index ("## Articles": Art. | rule | module | test) names
modules and tests that exist, so the index cannot drift from the code."""
import ast
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent


def rows():
    for readme in sorted((ROOT / "services").glob("*/README.md")):
        text = readme.read_text(encoding="utf-8")
        if "## Articles" not in text:
            continue
        section = text.split("## Articles", 1)[1].split("\n## ", 1)[0]
        for line in section.splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == 4 and cells[0].startswith("Art. "):
                yield readme.parent, cells


def test_every_index_row_names_an_existing_module_and_test():
    found, problems = 0, []
    for service, (article, _, modules, test) in rows():
        found += 1
        package = next(service.glob("award_*"))
        for module in re.findall(r"`([^`]+)`", modules):
            if not (package / module).exists() and not (service / module).exists():
                problems.append((service.name, article, module))
        path, _, name = test.strip("`").partition("::")
        tree = ast.parse((service / path).read_text(encoding="utf-8")) if (service / path).exists() else None
        if tree is None or name not in {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}:
            problems.append((service.name, article, test))
    assert found >= 25 and problems == []
