"""The tools' client-credentials options (award_tools.credentials): what is missing is named,
and each service's audience is the services' own setting or urn:award:<service>. The grant
itself runs against a real provider in tests/test_oidc_every_service.py."""
import argparse

import pytest

from award_tools import credentials


def parse(argv):
    parser = argparse.ArgumentParser()
    credentials.add_arguments(parser, scope="award:operator")
    return parser.parse_args(argv)


def test_without_a_client_id_the_tool_keeps_its_development_tokens(monkeypatch):
    for name in (credentials.CLIENT_ID_ENV, credentials.CLIENT_SECRET_ENV, credentials.ISSUER_ENV):
        monkeypatch.delenv(name, raising=False)
    assert credentials.from_args(parse([]), "award-clock") is None
    with pytest.raises(SystemExit, match="--client-secret and --issuer"):
        credentials.from_args(parse(["--client-id", "award-clock"]), "award-clock")
    monkeypatch.setenv(credentials.CLIENT_SECRET_ENV, "s")
    monkeypatch.setenv(credentials.ISSUER_ENV, "https://sso.example.org/realms/award")
    client = credentials.from_args(parse(["--client-id", "award-clock"]), "award-clock")
    assert (client.client_id, client.client_secret, client.scope) == ("award-clock", "s", "award:operator")


def test_each_services_audience_is_its_own_setting_or_its_urn():
    assert credentials.audience_of("scoring", {}) == "urn:award:scoring"
    assert credentials.audience_of("scoring", {"SCORING_OIDC_AUDIENCE": "api://scoring, urn:other"}) == "api://scoring"
