"""award-demo's clients file (issue 34, item 3; award_demo.personas): one client per persona the
replay acts as, its secret given, or named by an environment variable or a file; what cannot
serve the replay is refused naming the persona and the field, before anything is called."""
import json

import pytest

from award_demo import cli, personas


def write(tmp_path, document):
    path = tmp_path / "clients.json"
    path.write_text(json.dumps(document))
    return str(path)


def test_the_personas_are_one_per_person_the_replay_acts_as():
    found = personas.personas(8)
    assert len({p.name for p in found}) == len(found) == 7 + 12 + 7 + 8
    assert {p.role for p in found} == set(personas.ROLES)
    assert all(p.client_id.startswith("award-demo-dev-") and p.scope == "award-demo:" + p.role for p in found)
    assert [p.district for p in found if p.role == "district"] == list(personas.DISTRICTS)
    assert personas.SCOPE_ROLE_MAP.split(",")[0] == "award-demo:operator:operator"


def test_secrets_are_given_or_read_from_the_environment_or_a_file(tmp_path):
    (tmp_path / "applicant.secret").write_text("from-a-file\n")
    document = personas.template(8, "https://sso.example.org/realms/award")
    document["personas"]["applicant-000"] = {"client_id": "c0", "secret_file": "applicant.secret"}
    document["personas"]["office-demo"] = {"client_id": "c1", "secret": "given"}
    document["personas"]["applicant-041"] = {"client_id": "c2", "secret": "more applicants than this replay needs"}
    issuer, clients = personas.load_clients(write(tmp_path, document), 8, {personas.SECRET_ENV: "shared"})
    assert issuer == "https://sso.example.org/realms/award"
    assert clients["applicant-000"][1:] == ("c0", "from-a-file")
    assert clients["office-demo"][1:] == ("c1", "given")
    assert clients["expert-tertiary-5"][1:] == ("award-demo-dev-expert-tertiary-5", "shared")
    assert "applicant-041" not in clients


@pytest.mark.parametrize("change, message", [
    (lambda d: d["personas"].pop("coordinator-3"), "no client for persona coordinator-3"),
    (lambda d: d["personas"].update({"expert-primary-0": {"client_id": "x", "secret": "s"}}),
     "expert-primary-0 is not a persona of the replay"),
    (lambda d: d["personas"]["sup-npc"].pop("client_id"), "persona sup-npc: client_id"),
    (lambda d: d["personas"]["sup-npc"].update(secret="s"), "persona sup-npc: give exactly one of"),
    (lambda d: d["personas"]["sup-npc"].update(secret_env="AWARD_UNSET_SECRET"),
     "persona sup-npc: secret_env names $AWARD_UNSET_SECRET, which is not set"),
])
def test_a_clients_file_that_cannot_serve_the_replay_is_refused_naming_what(tmp_path, change, message):
    document = personas.template(8)
    if "AWARD_UNSET_SECRET" in message:
        document["personas"]["sup-npc"].pop("secret_env")
    change(document)
    with pytest.raises(personas.ClientsError, match=message.replace("$", r"\$")):
        personas.load_clients(write(tmp_path, document), 8, {personas.SECRET_ENV: "shared"})


def test_the_command_says_what_is_wrong_and_calls_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("OIDC_ISSUER", raising=False)
    monkeypatch.setenv(personas.SECRET_ENV, "shared")
    path = write(tmp_path, personas.template(8))
    nowhere = [f"--service={name}=http://127.0.0.1:9" for name in ("intake", "scoring")]
    assert cli.main(nowhere + ["--clients", path, "--applicants", "8"]) == 2
    assert "names no issuer: give --issuer" in capsys.readouterr().err
    assert cli.main(nowhere + ["--clients", path, "--applicants", "9"]) == 2
    assert "no client for persona applicant-008" in capsys.readouterr().err
    assert cli.main(["--clients-template", "--applicants", "8", "--issuer", "https://sso.example.org"]) == 0
    assert json.loads(capsys.readouterr().out) == personas.template(8, "https://sso.example.org")
