#!/usr/bin/env python3
"""Write deploy/k8s/base/<service>.yaml for the five services from one description, so they
cannot drift apart: edit this file, run it, commit both (tests/test_k8s_manifests.py checks
the YAML is what this writes). Site-specific values belong in the overlays, not here."""
import os

import yaml

ROOT = os.path.dirname(os.path.abspath(__file__))
# service: (its port, its nameko class, whether it keeps documents on a shared volume)
SERVICES = {"intake": (8001, "IntakeService", True), "scoring": (8002, "ScoringService", False),
            "supervision": (8003, "SupervisionService", False), "publicity": (8004, "PublicityService", False),
            "revocation": (8005, "RevocationService", True)}


class D(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


HEADER = """# Written by deploy/k8s/render-services.py: edit that, run it.
# {svc}: its Deployment (waits for its migration Job), Service, PodDisruptionBudget,
# ServiceMonitor, migration Job, CloudNativePG Cluster (its own database), Ingress (only
# /public/v1/ and /v1/) and NetworkPolicy (the port from the ingress controller, Prometheus
# and the operations namespace only).
"""


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
    ]
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
    init = {"name": "wait-for-migration", "image": "award-suite",
            "command": ["python", "/app/deploy/wait-for-migration.py", svc],
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
                 "spec": {"backoffLimit": 10, "ttlSecondsAfterFinished": 3600,
                          "template": {"metadata": {"labels": labels(svc, "migration")},
                                       "spec": {"restartPolicy": "OnFailure", "securityContext": POD_SECURITY,
                                                "containers": [{"name": "migrate", "image": "award-suite",
                                                                "command": ["award-migrate", svc],
                                                                "envFrom": [{"configMapRef": {"name": "award-config"}}],
                                                                "env": [db_env(svc)],
                                                                "resources": {"requests": {"cpu": "100m", "memory": "192Mi"},
                                                                              "limits": {"memory": "512Mi"}},
                                                                "securityContext": SECURITY}]}}}})
    docs.append({"apiVersion": "postgresql.cnpg.io/v1", "kind": "Cluster", "metadata": {"name": f"{svc}-db", "labels": labels(svc, "database")},
                 "spec": {"instances": 3, "storage": {"size": "10Gi"},
                          "bootstrap": {"initdb": {"database": svc, "owner": svc}},
                          "resources": {"requests": {"cpu": "250m", "memory": "512Mi"}, "limits": {"memory": "1Gi"}}}})
    docs.append({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": name, "labels": labels(svc),
                 # ingress-nginx refuses bodies over 1 MiB by default; a 20 MiB document travels base64-encoded
                 "annotations": {"nginx.ingress.kubernetes.io/proxy-body-size": "33m"}},
                 "spec": {"ingressClassName": "nginx",
                          "tls": [{"hosts": [f"{svc}.award.example.org"], "secretName": f"{svc}-tls"}],
                          "rules": [{"host": f"{svc}.award.example.org", "http": {"paths": [
                     {"path": p, "pathType": "Prefix", "backend": {"service": {"name": name, "port": {"name": "http"}}}}
                     for p in ("/public/v1/", "/v1/")]}}]}})
    docs.append({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": name, "labels": labels(svc)},
                 "spec": {"podSelector": {"matchLabels": {"app.kubernetes.io/name": svc, "app.kubernetes.io/component": "server"}},
                          "policyTypes": ["Ingress"],
                          "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": ns}}}
                                                for ns in ("ingress-nginx", "monitoring", "award-ops")],
                                       "ports": [{"protocol": "TCP", "port": "http"}]}]}})
    return docs


def main():
    for svc in SERVICES:
        with open(os.path.join(ROOT, "base", f"{svc}.yaml"), "w") as fh:
            fh.write(rendered(svc))


if __name__ == "__main__":
    main()
