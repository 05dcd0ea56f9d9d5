"""Issue 32, item 5: where the suite's services answer is one setting for every command that
calls them — ``--service NAME=URL`` (repeated) over ``$AWARD_SERVICE_URLS`` over where
``scripts/up`` serves each (``<NAME>_HTTP_ADDRESS``, else 127.0.0.1:8001-8006) — and both
``award-clock`` and ``award-demo`` say so in their ``--help``."""
import pathlib

import pytest

from award_demo import cli as demo_cli
from award_tools import clock as clock_cli
from award_tools import service_urls

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"
DEVELOPMENT = {"intake": "http://127.0.0.1:8001", "scoring": "http://127.0.0.1:8002",
               "supervision": "http://127.0.0.1:8003", "publicity": "http://127.0.0.1:8004",
               "revocation": "http://127.0.0.1:8005", "feed": "http://127.0.0.1:8006"}


def test_the_development_addresses_unless_told_otherwise():
    assert service_urls(environ={}) == DEVELOPMENT
    # where scripts/up serves a service moved by its config.yaml setting
    moved = service_urls(environ={"PUBLICITY_HTTP_ADDRESS": "0.0.0.0:9004", "SCORING_HTTP_ADDRESS": "10.1.2.3:9002"})
    assert moved == dict(DEVELOPMENT, publicity="http://127.0.0.1:9004", scoring="http://10.1.2.3:9002")


def test_the_flag_over_the_environment_over_the_development_addresses():
    environ = {"AWARD_SERVICE_URLS": " intake=http://intake.internal:80/ , scoring=http://scoring.internal",
               "INTAKE_HTTP_ADDRESS": "0.0.0.0:9001"}
    urls = service_urls(["scoring=http://10.0.0.5:8002"], "award-clock", environ)
    assert urls == dict(DEVELOPMENT, intake="http://intake.internal:80", scoring="http://10.0.0.5:8002")


@pytest.mark.parametrize("pairs, environ, said", [
    (["intkae=http://x"], {}, "award-demo: --service names intkae, not one of intake, scoring"),
    ([], {"AWARD_SERVICE_URLS": "intake=http://x,bureau=http://y"}, "award-demo: AWARD_SERVICE_URLS names bureau"),
    (["intake"], {}, "award-demo: --service takes NAME=URL, not 'intake'"),
    ([], {"AWARD_SERVICE_URLS": "http://x"}, "award-demo: AWARD_SERVICE_URLS takes NAME=URL"),
])
def test_a_name_that_is_no_service_or_a_pair_without_a_url_is_refused_naming_where(pairs, environ, said):
    with pytest.raises(SystemExit, match=said):
        service_urls(pairs, "award-demo", environ)


@pytest.mark.parametrize("main", [clock_cli.main, demo_cli.main])
def test_both_commands_say_in_their_help_where_the_services_are_and_the_readme_too(main, capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert "--service NAME=URL" in said and "$AWARD_SERVICE_URLS" in said and "<NAME>_HTTP_ADDRESS" in said
    readme = README.read_text(encoding="utf-8")
    assert "AWARD_SERVICE_URLS" in readme and "--service NAME=URL" in readme
