"""The staff console on Kubernetes (issue 35, item 1: it deploys like the others): its own
kustomization, deploy/k8s/console, renders to objects valid against the Kubernetes and CRD
schemas (strict), with probes on /health/*, a ServiceMonitor of /metrics, session affinity (its
sessions live in a replica's memory), the client secret from a Secret, a read-only root as the
image's user, a route on the staff Gateway only, and only the gateway's proxies and Prometheus
let in."""
from test_k8s_manifests import render, validate


def test_the_console_deploys_like_the_services():
    docs = render("console")
    for doc in docs:
        validate(doc)
    by_kind = {(d["kind"], d["metadata"]["name"]) for d in docs}
    assert {("Deployment", "console"), ("Service", "console"), ("PodDisruptionBudget", "console"),
            ("ServiceMonitor", "console"), ("HTTPRoute", "console-staff"), ("NetworkPolicy", "console")} <= by_kind
    (deployment,) = [d for d in docs if d["kind"] == "Deployment"]
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsUser"] == 10001
    secret = next(e for e in container["env"] if e["name"] == "CONSOLE_OIDC_CLIENT_SECRET")
    assert secret["valueFrom"]["secretKeyRef"]["name"] == "award-console-oidc"
    (service,) = [d for d in docs if d["kind"] == "Service"]
    assert service["spec"]["sessionAffinity"] == "ClientIP"
    (monitor,) = [d for d in docs if d["kind"] == "ServiceMonitor"]
    assert monitor["spec"]["endpoints"][0]["path"] == "/metrics"
    (route,) = [d for d in docs if d["kind"] == "HTTPRoute"]
    assert [p["name"] for p in route["spec"]["parentRefs"]] == ["award-staff"]
    (config,) = [d for d in docs if d["kind"] == "ConfigMap"]
    assert "CONSOLE_DEV_SIGNIN" not in config["data"] and config["data"]["OIDC_ISSUER"].startswith("https://")
    assert all(config["data"][f"CONSOLE_{s}_URL"].startswith("https://") for s in
               ("INTAKE", "SCORING", "SUPERVISION", "PUBLICITY", "REVOCATION", "FEED"))
