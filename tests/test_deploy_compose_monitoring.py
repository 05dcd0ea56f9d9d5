"""docker-compose.yml's monitoring profile, named volumes and keys init service, and
deploy/make-keys.py, which that service runs (read and run here without Docker)."""
import os
import subprocess
import sys

import yaml

from award_shared.topology import SERVICES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAKE_KEYS = os.path.join(ROOT, "deploy", "make-keys.py")


def compose():
    with open(os.path.join(ROOT, "docker-compose.yml")) as fh:
        return yaml.safe_load(fh)


def host_path(mount):
    return os.path.join(ROOT, mount.split(":")[0])


def test_prometheus_and_grafana_run_in_the_monitoring_profile_with_the_repo_files():
    services = compose()["services"]
    for name in ("prometheus", "grafana"):
        assert services[name]["profiles"] == ["monitoring"]
        for mount in services[name]["volumes"]:
            if mount.startswith("./"):
                assert os.path.exists(host_path(mount)), mount
    assert not any("profiles" in services[s] for s in SERVICES)
    with open(os.path.join(ROOT, "deploy", "monitoring", "prometheus.yml")) as fh:
        targets = yaml.safe_load(fh)["scrape_configs"][0]["static_configs"][0]["targets"]
    ports = {s: services[s]["ports"][0].split(":")[1] for s in SERVICES}
    assert sorted(targets) == sorted(f"{s}:{ports[s]}" for s in SERVICES)
    with open(os.path.join(ROOT, "deploy", "monitoring", "grafana", "provisioning", "dashboards", "award.yml")) as fh:
        provider = yaml.safe_load(fh)["providers"][0]["options"]["path"]
    mounted = {m.split(":")[1]: m.split(":")[0] for m in services["grafana"]["volumes"]}
    assert os.path.exists(os.path.join(ROOT, mounted[provider], "award.json"))
    assert services["topology"]["environment"]["QUEUE_TYPE"] == services["intake"]["environment"]["QUEUE_TYPE"]


def test_data_lives_in_named_volumes():
    c = compose()
    assert any(v.startswith("postgres-data:") for v in c["services"]["postgres"]["volumes"])
    for svc in ("intake", "revocation"):
        mount = next(v for v in c["services"][svc]["volumes"] if v.startswith(f"{svc}-documents:"))
        assert c["services"][svc]["environment"][f"{svc.upper()}_DOCUMENT_DIR"] == mount.split(":")[1]
    assert {"postgres-data", "intake-documents", "revocation-documents"} <= set(c["volumes"])


def test_every_service_waits_for_the_keys_init_service():
    services = compose()["services"]
    assert "make-keys.py" in " ".join(services["keys"]["entrypoint"])
    for svc in SERVICES:
        assert services[svc]["depends_on"]["keys"]["condition"] == "service_completed_successfully"


def make_keys(directory):
    return subprocess.run([sys.executable, MAKE_KEYS, str(directory)], capture_output=True, text=True, check=True)


def test_keys_are_made_once_and_never_replaced(tmp_path):
    make_keys(tmp_path)
    secret = (tmp_path / "person-key.secret").read_text()
    public = (tmp_path / "jwt-public.pem").read_text()
    assert len(secret.strip()) == 64 and "PUBLIC KEY" in public
    assert oct((tmp_path / "person-key.secret").stat().st_mode & 0o777) == "0o600"
    make_keys(tmp_path)
    assert (tmp_path / "person-key.secret").read_text() == secret
    assert (tmp_path / "jwt-public.pem").read_text() == public


def test_an_identity_providers_public_key_is_kept(tmp_path):
    (tmp_path / "jwt-public.pem").write_text("the provider's key\n")
    make_keys(tmp_path)
    assert (tmp_path / "jwt-public.pem").read_text() == "the provider's key\n"
    assert not (tmp_path / "jwt-private.pem").exists()
