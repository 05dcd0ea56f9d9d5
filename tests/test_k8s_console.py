"""The staff console on Kubernetes (issue 35, item 1: it deploys like the others): in every
overlay (base/console.yaml, its route in each routing component), objects valid against the
Kubernetes and CRD schemas (strict), with probes on /health/*, a ServiceMonitor of /metrics, its
sessions in a PostgreSQL store every replica shares (so no session affinity), the client secret
and the sessions' keys from Secrets made once (deploy/k8s/secrets), a read-only root as the
image's user, a route on the staff Gateway (or the Ingress variant) only, and only the proxies,
Prometheus and operators let in."""
import pytest

from test_k8s_manifests import GATEWAY_OVERLAYS, OVERLAYS, objects, release, render


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_console_deploys_like_the_services(overlay):
    path = f"overlays/{overlay}"
    deployment = objects(path, "Deployment")["console"]
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    assert container["command"] == ["award-console"]
    # its sessions' store is migrated by its release's Job (award-migrate console), which each
    # replica waits for, as each service's replicas wait for theirs
    job = objects(path, "Job")[f"console-migrate-{release(path)}"]
    (migrate,) = job["spec"]["template"]["spec"]["containers"]
    (init,) = deployment["spec"]["template"]["spec"]["initContainers"]
    assert migrate["command"] == ["award-migrate", "console"] and migrate["image"] == container["image"]
    assert init["command"][2:] == ["console", "--job", f"console-migrate-{release(path)}"]
    for runs in (migrate, init):
        store = {e["name"]: e for e in runs["env"]}["CONSOLE_DATABASE_URL"]
        assert store["valueFrom"]["secretKeyRef"] == {"name": "console-db-app", "key": "uri"}
    assert container["image"] == f"registry.example.org/award-suite:{release(path)}"
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsUser"] == 10001
    env = {e["name"]: e for e in container["env"]}
    assert env["CONSOLE_OIDC_CLIENT_SECRET"]["valueFrom"]["secretKeyRef"]["name"] == "award-console-oidc"
    # the sessions: one PostgreSQL store for every replica, the tokens in it encrypted with the Secret's keys
    assert env["CONSOLE_DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {"name": "console-db-app", "key": "uri"}
    assert env["CONSOLE_SESSION_KEYS"]["valueFrom"]["secretKeyRef"]["name"] == "award-console-sessions"
    cluster = objects(path, "Cluster")["console-db"]
    assert cluster["spec"]["bootstrap"]["initdb"]["database"] == "console"
    service = objects(path, "Service")["console"]
    assert "sessionAffinity" not in service["spec"]  # any replica serves any request
    assert objects(path, "ServiceMonitor")["console"]["spec"]["endpoints"][0]["path"] == "/metrics"
    assert objects(path, "PodDisruptionBudget")["console"]["spec"]["maxUnavailable"] == 1
    config = objects(path, "ConfigMap")["award-console-config"]["data"]
    assert "CONSOLE_DEV_SIGNIN" not in config and config["OIDC_ISSUER"].startswith("https://")
    assert all(config[f"CONSOLE_{s}_URL"].startswith("https://") for s in
               ("INTAKE", "SCORING", "SUPERVISION", "PUBLICITY", "REVOCATION", "FEED"))
    policy = objects(path, "NetworkPolicy")["console"]
    (allowed,) = policy["spec"]["ingress"]
    namespaces = {f["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"] for f in allowed["from"]}
    if overlay in GATEWAY_OVERLAYS:
        route = objects(path, "HTTPRoute")["console-staff"]
        assert route["spec"]["hostnames"] == [config["CONSOLE_PUBLIC_URL"][len("https://"):]]
        assert [p["name"] for p in route["spec"]["parentRefs"]] == ["award-staff"]
        assert namespaces == {"envoy-gateway-system", "monitoring", "award-ops"}
    else:
        assert objects(path, "Ingress")["console"]["spec"]["rules"][0]["host"] == config["CONSOLE_PUBLIC_URL"][len("https://"):]
        assert namespaces == {"ingress-nginx", "monitoring", "award-ops"}
        assert config["CONSOLE_INTAKE_URL"] == "https://intake.award.example.org"  # the Ingress hosts


def test_the_prod_console_signs_in_where_the_services_verify():
    config = objects("overlays/prod", "ConfigMap")
    assert config["award-console-config"]["data"]["OIDC_ISSUER"] == config["award-config"]["data"]["OIDC_ISSUER"]
    secrets = {d["metadata"]["name"]: d for d in render("secrets") if d["kind"] == "Secret"}
    assert "CONSOLE_SESSION_KEYS" in secrets["award-console-sessions"]["stringData"]
    assert "WEBHOOK_SECRET_KEYS" in secrets["award-webhook-secrets"]["stringData"]  # feed's, made the same way
    assert "CONSOLE_OIDC_CLIENT_SECRET" in secrets["award-console-oidc"]["stringData"]
