#!/usr/bin/env python3
"""Write deploy/k8s/base/<service>.yaml for the six services, and the routes to them
(components/envoy-gateway/: the Gateway API's Gateways and HTTPRoutes; components/ingress-nginx/:
the Ingress variant), from one description, so they cannot drift apart: edit this file, run
it, commit what it writes (tests/test_k8s_manifests.py checks the YAML is what this writes).
Site-specific values belong in the overlays, not here."""
import os

import yaml

ROOT = os.path.dirname(os.path.abspath(__file__))
# service: (its port, its nameko class, whether it keeps documents on a shared volume)
SERVICES = {"intake": (8001, "IntakeService", True), "scoring": (8002, "ScoringService", False),
            "supervision": (8003, "SupervisionService", False), "publicity": (8004, "PublicityService", False),
            "revocation": (8005, "RevocationService", True), "feed": (8006, "FeedService", False)}
# the services with routes under /public/v1/ (the public pages are there too): intake's
# application notice, publicity's notice, objections, awards and certificate verification,
# supervision's complaints (publicity's objection answer links there: SUPERVISION_PUBLIC_URL),
# revocation's published revocations, feed's feed of the public events. Scoring has none.
PUBLIC = ("intake", "publicity", "supervision", "revocation", "feed")
# where the public reaches a service: <service>.<DOMAIN>, the hosts the Ingress had, so every
# certificate already issued (PUBLIC_BASE_URL) still leads to its verification page; staff
# reach <service>.<STAFF_DOMAIN> through another Gateway
DOMAIN = "award.example.org"
STAFF_DOMAIN = f"staff.{DOMAIN}"
PUBLIC_PATHS = ("/public/v1",)
STAFF_PATHS = ("/v1",)  # /admin/v1/, /metrics, /health/ and /openapi.json stay inside the cluster
GATEWAY_CLASS = "envoy-gateway"
# The public rate limit at the gateway, per client address and public route (so per service),
# counted once for every Envoy replica (Envoy Gateway's global rate limit): the same budget as
# each replica's own token bucket (PUBLIC_RATE_PER_MINUTE in base/config.yaml), which stays as
# the second fence; never more than it (tests/test_k8s_manifests.py).
GATEWAY_RATE_PER_MINUTE = 60
# The gateway counts in windows of a minute: its 429 says, in Retry-After, to wait one window
# (the longest wait there can be; the service's own 429 computes its own and is left as it is)
GATEWAY_RATE_WINDOW = ("Minute", 60)
# Envoy must drop an idle upstream connection before the service does (HTTP_IDLE_TIMEOUT_SECONDS, 75 s)
UPSTREAM_IDLE_TIMEOUT = "60s"


class D(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


HEADER = """# Written by deploy/k8s/render-services.py: edit that, run it.
# {svc}: its Deployment (waits for its release's migration Job), Service, PodDisruptionBudget,
# ServiceMonitor, migration Job, CloudNativePG Cluster (its own database) and NetworkPolicy
# (the port from Prometheus and the operations namespace; each routing component adds its
# proxies). Its routes: components/envoy-gateway/routes.yaml (or components/ingress-nginx/).
"""
ROUTES_HEADER = """# Written by deploy/k8s/render-services.py: edit that, run it.
# {what}
"""


# a migration Job (named after its release) is deleted a day after it ended, failed or not: an
# old release's Job leaves by itself, and a failed one's log can be read the next morning
TTL_AFTER_FINISHED = 86400


def rendered(svc):
    """The text of deploy/k8s/base/<svc>.yaml."""
    port, cls, documents = SERVICES[svc]
    return HEADER.format(svc=svc) + yaml.dump_all(service_docs(svc, port, cls, documents), Dumper=D,
                                                  sort_keys=False, default_flow_style=False, width=110)


def labels(svc, component="server"):
    return {"app.kubernetes.io/name": svc, "app.kubernetes.io/part-of": "award", "app.kubernetes.io/component": component}


def db_env(svc):
    return {"name": f"{svc.upper()}_DATABASE_URL", "valueFrom": {"secretKeyRef": {"name": f"{svc}-db-app", "key": "uri"}}}

def amqp_env(svc):
    """The service's own broker user (award_shared.bus.broker_access: it may publish to its own
    exchange and read its own inbox, nothing else), created by the topology Job from the
    password in the award-broker-users Secret."""
    user = f"award-{svc}"
    variable = "AWARD_BROKER_PASSWORD_" + user.upper().replace("-", "_")
    return [
        {"name": "RABBITMQ_USER", "value": user},
        {"name": "RABBITMQ_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "award-broker-users", "key": variable}}},
        {"name": "AMQP_URI", "value": "pyamqp://$(RABBITMQ_USER):$(RABBITMQ_PASSWORD)@award-rabbitmq:5672//"},
    ]
# a service's own secrets, given to it and to its migration Job (which may need them to change
# rows): feed's webhook secrets are encrypted at rest with WEBHOOK_SECRET_KEYS, and its
# migration 0004 encrypts the rows stored in clear before it
OWN_SECRETS = {"feed": [{"name": "WEBHOOK_SECRET_KEYS",
                         "valueFrom": {"secretKeyRef": {"name": "award-webhook-secrets", "key": "WEBHOOK_SECRET_KEYS"}}}]}


# the image's root filesystem is read-only: a service writes only to its volumes (/tmp, the
# documents); tests/test_image_runtime.py runs the wheels that way
SECURITY = {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True, "capabilities": {"drop": ["ALL"]}}
POD_SECURITY = {"runAsNonRoot": True, "runAsUser": 10001, "runAsGroup": 10001, "fsGroup": 10001,
                "seccompProfile": {"type": "RuntimeDefault"}}


def service_docs(svc, port, cls, documents):
    name = svc
    env = [{"name": "SERVICE", "value": svc}, db_env(svc)] + amqp_env(svc) + [
        {"name": "PERSON_KEY_SECRET", "valueFrom": {"secretKeyRef": {"name": "award-person-key", "key": "PERSON_KEY_SECRET"}}},
        {"name": "JWT_JWKS_URL", "valueFrom": {"secretKeyRef": {"name": "award-jwt", "key": "JWT_JWKS_URL", "optional": True}}},
    ] + OWN_SECRETS.get(svc, [])
    volumes = [{"name": "jwt", "secret": {"secretName": "award-jwt", "optional": True,
                                          "items": [{"key": "jwt-public.pem", "path": "jwt-public.pem"}]}},
               {"name": "tmp", "emptyDir": {}}]
    mounts = [{"name": "jwt", "mountPath": "/app/var/keys", "readOnly": True}, {"name": "tmp", "mountPath": "/tmp"}]
    docs = []
    if documents:
        env.append({"name": f"{svc.upper()}_DOCUMENT_DIR", "value": "/var/lib/award/documents"})
        volumes.append({"name": "documents", "persistentVolumeClaim": {"claimName": f"{svc}-documents"}})
        mounts.append({"name": "documents", "mountPath": "/var/lib/award/documents"})
        docs.append({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                     "metadata": {"name": f"{svc}-documents", "labels": labels(svc, "documents")},
                     "spec": {"accessModes": ["ReadWriteMany"], "resources": {"requests": {"storage": "20Gi"}}}})
    # measured peak RSS 90-110 MB (docs/benchmarks.md), plus request bodies of up to 32 MiB
    memory_limit = "768Mi" if documents else "512Mi"
    container = {
        "name": svc, "image": "award-suite",
        "command": ["award-run", "--config", f"services/{svc}/config.yaml", f"award_{svc}.service:{cls}"],
        "ports": [{"name": "http", "containerPort": port}],
        "envFrom": [{"configMapRef": {"name": "award-config"}}],
        "env": env,
        "readinessProbe": {"httpGet": {"path": "/health/ready", "port": "http"}, "periodSeconds": 10,
                           "timeoutSeconds": 5, "failureThreshold": 3},
        "livenessProbe": {"httpGet": {"path": "/health/live", "port": "http"}, "initialDelaySeconds": 15,
                          "periodSeconds": 20, "timeoutSeconds": 5, "failureThreshold": 3},
        "resources": {"requests": {"cpu": "100m", "memory": "192Mi"}, "limits": {"cpu": "1", "memory": memory_limit}},
        "securityContext": SECURITY, "volumeMounts": mounts,
    }
    # the Job's name (and every image's tag) gets the release appended by components/release
    init = {"name": "wait-for-migration", "image": "award-suite",
            "command": ["python", "/app/deploy/wait-for-migration.py", svc, "--job", f"{svc}-migrate"],
            "envFrom": [{"configMapRef": {"name": "award-config"}}], "env": [db_env(svc)],
            "resources": {"requests": {"cpu": "50m", "memory": "128Mi"}, "limits": {"memory": "256Mi"}},
            "securityContext": SECURITY}
    docs.append({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "labels": labels(svc)},
                 "spec": {"replicas": 2, "selector": {"matchLabels": {"app.kubernetes.io/name": svc, "app.kubernetes.io/component": "server"}},
                          "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}},
                          "template": {"metadata": {"labels": labels(svc)},
                                       "spec": {"securityContext": POD_SECURITY, "terminationGracePeriodSeconds": 30,
                                                "initContainers": [init], "containers": [container], "volumes": volumes}}}})
    docs.append({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "labels": labels(svc)},
                 "spec": {"selector": {"app.kubernetes.io/name": svc, "app.kubernetes.io/component": "server"},
                          "ports": [{"name": "http", "port": 80, "targetPort": "http"}]}})
    docs.append({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": name, "labels": labels(svc)},
                 "spec": {"maxUnavailable": 1, "selector": {"matchLabels": {"app.kubernetes.io/name": svc, "app.kubernetes.io/component": "server"}}}})
    docs.append({"apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor", "metadata": {"name": name, "labels": labels(svc)},
                 "spec": {"selector": {"matchLabels": {"app.kubernetes.io/name": svc, "app.kubernetes.io/component": "server"}},
                          "endpoints": [{"port": "http", "path": "/metrics", "interval": "30s"}]}})
    docs.append({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": f"{svc}-migrate", "labels": labels(svc, "migration")},
                 "spec": {"backoffLimit": 10, "ttlSecondsAfterFinished": TTL_AFTER_FINISHED,
                          "template": {"metadata": {"labels": labels(svc, "migration")},
                                       "spec": {"restartPolicy": "OnFailure", "securityContext": POD_SECURITY,
                                                "containers": [{"name": "migrate", "image": "award-suite",
                                                                "command": ["award-migrate", svc],
                                                                "envFrom": [{"configMapRef": {"name": "award-config"}}],
                                                                "env": [db_env(svc)] + OWN_SECRETS.get(svc, []),
                                                                "resources": {"requests": {"cpu": "100m", "memory": "192Mi"},
                                                                              "limits": {"memory": "512Mi"}},
                                                                "securityContext": SECURITY}]}}}})
    docs.append({"apiVersion": "postgresql.cnpg.io/v1", "kind": "Cluster", "metadata": {"name": f"{svc}-db", "labels": labels(svc, "database")},
                 "spec": {"instances": 3, "storage": {"size": "10Gi"},
                          "bootstrap": {"initdb": {"database": svc, "owner": svc}},
                          "plugins": cluster_plugins(),
                          "resources": {"requests": {"cpu": "250m", "memory": "512Mi"}, "limits": {"memory": "1Gi"}}}})
    docs.append(scheduled_backup(svc))
    docs.append({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": name, "labels": labels(svc)},
                 "spec": {"podSelector": {"matchLabels": {"app.kubernetes.io/name": svc, "app.kubernetes.io/component": "server"}},
                          "policyTypes": ["Ingress"],
                          "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": ns}}}
                                                for ns in ("monitoring", "award-ops")],
                                       "ports": [{"protocol": "TCP", "port": "http"}]}]}})
    return docs


BACKUP_STORE = "award-backup-store"  # the object store's credentials (deploy/k8s/secrets)
BACKUP_MOUNT = "/var/lib/award/backups"  # the same store, mounted, for award-backup's archives
DOCUMENTS_MOUNT = "/var/lib/award/documents"


BARMAN_PLUGIN = "barman-cloud.cloudnative-pg.io"  # CloudNativePG's Barman Cloud plugin (CNPG-I)
OBJECT_STORE = "award-postgresql"  # its ObjectStore: where every Cluster archives


def cluster_plugins():
    """The Barman Cloud plugin archives the Cluster's WAL continuously to :func:`object_store`
    (CloudNativePG's way since 1.26; the in-tree spec.backup.barmanObjectStore is deprecated)."""
    return [{"name": BARMAN_PLUGIN, "isWALArchiver": True, "parameters": {"barmanObjectName": OBJECT_STORE}}]


def object_store():
    """One ObjectStore for every Cluster (each archives under <destinationPath>/<cluster name>/):
    WAL and base backups, gzip, kept 30 days — the plugin expires what is older."""
    return {"apiVersion": "barmancloud.cnpg.io/v1", "kind": "ObjectStore",
            "metadata": {"name": OBJECT_STORE, "labels": labels("award-backup", "backup")},
            "spec": {"retentionPolicy": "30d",
                     "configuration": {
                         "destinationPath": "s3://award-backups/postgresql",
                         "endpointURL": "https://s3.example.org",
                         "s3Credentials": {"accessKeyId": {"name": BACKUP_STORE, "key": "ACCESS_KEY_ID"},
                                           "secretAccessKey": {"name": BACKUP_STORE, "key": "ACCESS_SECRET_KEY"}},
                         "wal": {"compression": "gzip"},
                         "data": {"compression": "gzip"}}}}


def scheduled_backup(svc):
    """A base backup of the service's Cluster each night at 01:00 (CloudNativePG's schedule has
    seconds first), through the plugin, owned by this resource; the first one at once: WAL alone
    restores nothing."""
    return {"apiVersion": "postgresql.cnpg.io/v1", "kind": "ScheduledBackup",
            "metadata": {"name": f"{svc}-db-nightly", "labels": labels(svc, "database")},
            "spec": {"schedule": "0 0 1 * * *", "cluster": {"name": f"{svc}-db"}, "method": "plugin",
                     "pluginConfiguration": {"name": BARMAN_PLUGIN}, "backupOwnerReference": "self",
                     "immediate": True}}


def backup_cronjob():
    """One CronJob, one container per service: award-backup of its database and documents,
    a new archive per night into the store (docs/operations.md, "Backup and restore")."""
    containers, volumes = [], [{"name": "backups", "persistentVolumeClaim": {"claimName": "award-backups"}},
                               {"name": "tmp", "emptyDir": {}}]
    for svc, (_, _, documents) in SERVICES.items():
        command = ["award-backup", svc, "--database-url", "$(DATABASE_URL)", "--out-dir", f"{BACKUP_MOUNT}/{svc}"]
        mounts = [{"name": "backups", "mountPath": f"{BACKUP_MOUNT}/{svc}", "subPath": svc},
                  {"name": "tmp", "mountPath": "/tmp"}]
        if documents:
            command += ["--document-dir", DOCUMENTS_MOUNT]
            volumes.append({"name": f"{svc}-documents", "persistentVolumeClaim": {"claimName": f"{svc}-documents",
                                                                                  "readOnly": True}})
            mounts.append({"name": f"{svc}-documents", "mountPath": DOCUMENTS_MOUNT, "readOnly": True})
        containers.append({"name": svc, "image": "award-suite", "command": command,
                           "env": [{"name": "DATABASE_URL",
                                    "valueFrom": {"secretKeyRef": {"name": f"{svc}-db-app", "key": "uri"}}}],
                           "volumeMounts": mounts,
                           "resources": {"requests": {"cpu": "50m", "memory": "128Mi"}, "limits": {"memory": "256Mi"}},
                           "securityContext": SECURITY})
    pvc = {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
           "metadata": {"name": "award-backups", "labels": labels("award-backup", "backup")},
           "spec": {"accessModes": ["ReadWriteMany"], "resources": {"requests": {"storage": "50Gi"}}}}
    cron = {"apiVersion": "batch/v1", "kind": "CronJob",
            "metadata": {"name": "award-backup", "labels": labels("award-backup", "backup")},
            "spec": {"schedule": "30 2 * * *", "concurrencyPolicy": "Forbid",
                     "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 3,
                     "jobTemplate": {"spec": {"backoffLimit": 2, "ttlSecondsAfterFinished": 86400, "template": {
                         "metadata": {"labels": labels("award-backup", "backup")},
                         "spec": {"restartPolicy": "OnFailure", "securityContext": POD_SECURITY,
                                  "containers": containers, "volumes": volumes}}}}}}
    return [object_store(), pvc, cron]


def dump(what, docs):
    return ROUTES_HEADER.format(what=what) + yaml.dump_all(docs, Dumper=D, sort_keys=False,
                                                          default_flow_style=False, width=110)


def backend(svc):
    return [{"name": svc, "port": 80}]


def gateways():
    """Two Gateways, so that no staff path can be reached at the public address: award-public
    (a listener per public host, its certificate the Secret <service>-tls, and plain HTTP only
    to redirect to HTTPS) and award-staff (one listener for *.STAFF_DOMAIN, the Secret
    award-staff-tls); give award-staff an address inside your network."""
    only_here = {"namespaces": {"from": "Same"}, "kinds": [{"kind": "HTTPRoute"}]}
    public = [{"name": f"https-{svc}", "hostname": f"{svc}.{DOMAIN}", "port": 443, "protocol": "HTTPS",
               "tls": {"mode": "Terminate", "certificateRefs": [{"kind": "Secret", "name": f"{svc}-tls"}]},
               "allowedRoutes": only_here} for svc in PUBLIC]
    public.append({"name": "http", "port": 80, "protocol": "HTTP", "allowedRoutes": only_here})
    staff = [{"name": "https", "hostname": f"*.{STAFF_DOMAIN}", "port": 443, "protocol": "HTTPS",
              "tls": {"mode": "Terminate", "certificateRefs": [{"kind": "Secret", "name": "award-staff-tls"}]},
              "allowedRoutes": only_here}]
    return [{"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
             "metadata": {"name": name, "labels": {"app.kubernetes.io/name": name, "app.kubernetes.io/component": "gateway"}},
             "spec": {"gatewayClassName": GATEWAY_CLASS, "listeners": listeners}}
            for name, listeners in (("award-public", public), ("award-staff", staff))]


def http_routes():
    """Per service host an HTTPRoute: <svc>-public (only PUBLIC_PATHS, on award-public) for
    the services with public routes, <svc>-staff (only STAFF_PATHS, on award-staff) for all;
    and award-public-redirect (plain HTTP of the public hosts to HTTPS, no backend)."""
    docs = [{"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
             "metadata": {"name": "award-public-redirect", "labels": {"app.kubernetes.io/component": "public-route"}},
             "spec": {"parentRefs": [{"name": "award-public", "sectionName": "http"}],
                      "hostnames": [f"{svc}.{DOMAIN}" for svc in PUBLIC],
                      "rules": [{"filters": [{"type": "RequestRedirect",
                                              "requestRedirect": {"scheme": "https", "statusCode": 301}}]}]}}]
    for svc in SERVICES:
        # Envoy answers 504 after 15 s by default; ingress-nginx waited 60 s (exports, certificates)
        timeouts = {"request": "60s"}
        if svc in PUBLIC:
            docs.append({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
                         "metadata": {"name": f"{svc}-public", "labels": labels(svc, "public-route")},
                         "spec": {"parentRefs": [{"name": "award-public", "sectionName": f"https-{svc}"}],
                                  "hostnames": [f"{svc}.{DOMAIN}"],
                                  "rules": [{"matches": [{"path": {"type": "PathPrefix", "value": p}} for p in PUBLIC_PATHS],
                                             "backendRefs": backend(svc), "timeouts": timeouts}]}})
        docs.append({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
                     "metadata": {"name": f"{svc}-staff", "labels": labels(svc, "staff-route")},
                     "spec": {"parentRefs": [{"name": "award-staff", "sectionName": "https"}],
                              "hostnames": [f"{svc}.{STAFF_DOMAIN}"],
                              "rules": [{"matches": [{"path": {"type": "PathPrefix", "value": p}} for p in STAFF_PATHS],
                                         "backendRefs": backend(svc), "timeouts": timeouts}]}})
    return docs


def policies():
    """Envoy Gateway's BackendTrafficPolicies: every route's upstream idle timeout (on both
    Gateways), and on the public routes the rate limit per client address, whose 429 says
    in Retry-After how long to wait (a policy on a route replaces the Gateway's for it, so it
    repeats the timeout)."""
    timeout = {"http": {"connectionIdleTimeout": UPSTREAM_IDLE_TIMEOUT}}
    ref = lambda kind, name: {"group": "gateway.networking.k8s.io", "kind": kind, "name": name}  # noqa: E731
    # Distinct: each address of the range counts for itself (IPv4 and IPv6 each a rule)
    unit, window_seconds = GATEWAY_RATE_WINDOW
    rules = [{"clientSelectors": [{"sourceCIDR": {"type": "Distinct", "value": cidr}}],
              "limit": {"requests": GATEWAY_RATE_PER_MINUTE, "unit": unit}} for cidr in ("0.0.0.0/0", "::/0")]
    # Envoy's own 429 (source Local: not a service's, which carries its own) gets Retry-After
    retry_after = [{"match": {"statusCodes": [{"type": "Value", "value": 429}]}, "source": "Local",
                    "response": {"header": {"add": [{"name": "Retry-After", "value": str(window_seconds)}]}}}]
    meta = lambda name: {"name": name, "labels": {"app.kubernetes.io/component": "gateway"}}  # noqa: E731
    return [{"apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "BackendTrafficPolicy", "metadata": meta("award-gateways"),
             "spec": {"targetRefs": [ref("Gateway", "award-public"), ref("Gateway", "award-staff")], "timeout": timeout}},
            {"apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "BackendTrafficPolicy",
             "metadata": meta("award-public-rate-limit"),
             "spec": {"targetRefs": [ref("HTTPRoute", f"{svc}-public") for svc in PUBLIC],
                      "rateLimit": {"global": {"rules": rules}}, "responseOverride": retry_after,
                      "timeout": timeout}}]


def ingresses():
    """The Ingress variant (components/ingress-nginx): one host per service, /public/v1/ and
    /v1/ on it, as before the Gateway API."""
    docs = []
    for svc in SERVICES:
        docs.append({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": svc, "labels": labels(svc),
                     # ingress-nginx refuses bodies over 1 MiB by default; a 20 MiB document travels base64-encoded
                     "annotations": {"nginx.ingress.kubernetes.io/proxy-body-size": "33m"}},
                     "spec": {"ingressClassName": "nginx",
                              "tls": [{"hosts": [f"{svc}.{DOMAIN}"], "secretName": f"{svc}-tls"}],
                              "rules": [{"host": f"{svc}.{DOMAIN}", "http": {"paths": [
                                  {"path": p, "pathType": "Prefix", "backend": {"service": {"name": svc, "port": {"name": "http"}}}}
                                  for p in ("/public/v1/", "/v1/")]}}]}})
    return docs


def files():
    """Every file this writes (its path under deploy/k8s) and its text."""
    out = {f"base/{svc}.yaml": rendered(svc) for svc in SERVICES}
    out["components/envoy-gateway/gateways.yaml"] = dump(
        "The public and the staff Gateway (Gateway API, standard channel; class envoy-gateway).", gateways())
    out["components/envoy-gateway/routes.yaml"] = dump(
        "Per service host an HTTPRoute: /public/v1 on award-public, /v1 on award-staff, nothing else.", http_routes())
    out["components/envoy-gateway/policies.yaml"] = dump(
        "Envoy Gateway's policies: the public rate limit per client (global: one count for all Envoy\n"
        "# replicas, in its rate-limit service) and the upstream idle timeout.", policies())
    out["base/backup.yaml"] = dump(
        "Backups of each service's database and documents by award-backup, one archive per service\n"
        "# a night, onto the volume award-backups: give it the storage class that mounts the object\n"
        "# store CloudNativePG archives the WAL to (the bucket of Secret award-backup-store), or any\n"
        "# volume you copy off-site. The databases' WAL and base backups go to the ObjectStore\n"
        "# award-postgresql (Barman Cloud plugin; each Cluster's spec.plugins, its ScheduledBackup).",
        backup_cronjob())
    out["components/ingress-nginx/ingresses.yaml"] = dump(
        "The Ingress variant: /public/v1/ and /v1/ of each service's host.", ingresses())
    return out


def main():
    for path, text in files().items():
        with open(os.path.join(ROOT, path), "w") as fh:
            fh.write(text)


if __name__ == "__main__":
    main()
