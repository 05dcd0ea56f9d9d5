"""Issue 33, item 9: an upgrade (or a rollback) of deploy/k8s is a plain ``kubectl apply -k``.
One field of each overlay, the ``version`` of the ConfigMap award-release, names the release:
every image's tag and the Jobs' names come from it (components/release), so a new release
makes new Jobs instead of changing old ones (a Job's template cannot be changed), each
replica waits for its own release's migration, and every Job leaves by itself
(``ttlSecondsAfterFinished``). Rendered offline like tests/test_k8s_manifests.py."""
import os
import re
import sqlite3
import subprocess
import sys

import pytest
import yaml
from test_k8s_manifests import K8S, OVERLAYS, kubectl

from award_shared.bus.topology import SERVICES
from award_shared.store.migrations import upgrade

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAME_PART = re.compile(r"[a-z0-9]([-a-z0-9.]*[a-z0-9])?")


def render_at(tmp_path, overlay, version):
    """The overlay as it is, but at another release: its kustomization copied with the version
    changed (and its paths made relative to the copy)."""
    with open(os.path.join(K8S, "overlays", overlay, "kustomization.yaml")) as fh:
        kustomization = yaml.safe_load(fh)
    here = os.path.join(K8S, "overlays", overlay)
    out = tmp_path / f"{overlay}-{version}"
    out.mkdir()
    for key in ("resources", "components"):  # kustomize takes no absolute path
        kustomization[key] = [os.path.relpath(os.path.join(here, r), out) for r in kustomization.get(key, [])]
    (generator,) = [g for g in kustomization["configMapGenerator"] if g["name"] == "award-release"]
    generator["literals"] = [f"version={version}"]
    (out / "kustomization.yaml").write_text(yaml.safe_dump(kustomization))
    rendered = subprocess.run([kubectl(), "kustomize", str(out)], capture_output=True, text=True, check=True).stdout
    return [d for d in yaml.safe_load_all(rendered) if d]


def of_kind(docs, kind):
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def pod(obj):
    return obj["spec"]["template"]["spec"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_a_new_release_makes_new_jobs_and_each_replica_waits_for_its_own(tmp_path, overlay):
    old, new = render_at(tmp_path, overlay, "1.4.0"), render_at(tmp_path, overlay, "1.5.0-rc.1")
    old_jobs, new_jobs = of_kind(old, "Job"), of_kind(new, "Job")
    assert not set(old_jobs) & set(new_jobs), "a Job of the same name would have to change: apply would fail"
    for version, docs, jobs in (("1.4.0", old, old_jobs), ("1.5.0-rc.1", new, new_jobs)):
        # the staff console's sessions' store is migrated and waited for as each service's database is
        assert set(jobs) == {f"{s}-migrate-{version}" for s in (*SERVICES, "console")} | {f"award-topology-{version}"}
        for name, job in jobs.items():
            assert job["spec"]["ttlSecondsAfterFinished"] > 0, name  # an old release's Job leaves by itself
            assert {c["image"].rsplit(":", 1)[1] for c in pod(job)["containers"]} == {version}, name
        for svc, dep in of_kind(docs, "Deployment").items():
            (init,) = pod(dep)["initContainers"]
            assert init["command"][1:] == ["/app/deploy/wait-for-migration.py", svc, "--job", f"{svc}-migrate-{version}"]
            assert f"{svc}-migrate-{version}" in jobs
            # the replica, its wait and its release's Job run the same image: the migration it waits for is its own
            (migrate,) = pod(jobs[f"{svc}-migrate-{version}"])["containers"]
            assert {c["image"] for c in pod(dep)["containers"] + [init]} == {migrate["image"]}
        for name, cron in of_kind(docs, "CronJob").items():  # the nightly backup runs the release's own image
            containers = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
            assert {c["image"].rsplit(":", 1)[1] for c in containers} == {version}, name
    # nothing but the release differs: the Services, routes and databases stay as they are
    unversioned = lambda docs: [d for d in docs if d["kind"] not in ("Job", "Deployment", "ConfigMap", "CronJob")]  # noqa: E731
    assert unversioned(old) == unversioned(new)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_release_is_named_once_in_the_overlay(overlay):
    """The image's tag comes only from award-release: an overlay's images: sets the registry,
    never a tag that could disagree with the Jobs' names."""
    with open(os.path.join(K8S, "overlays", overlay, "kustomization.yaml")) as fh:
        kustomization = yaml.safe_load(fh)
    assert "../../components/release" in kustomization["components"]
    assert all("newTag" not in image and "digest" not in image for image in kustomization.get("images", []))
    (generator,) = [g for g in kustomization["configMapGenerator"] if g["name"] == "award-release"]
    (literal,) = generator["literals"]
    version = literal.split("=", 1)[1]
    assert NAME_PART.fullmatch(version) and len(f"supervision-migrate-{version}") <= 63, version


def test_a_replica_of_an_older_release_says_the_database_is_newer(tmp_path):
    """A rollback without a down-migration: the older image's init container does not know the
    database's revision; it keeps waiting (maxUnavailable 0: the newer replicas keep serving)
    and says what to do."""
    url = f"sqlite:///{tmp_path}/scoring.db"
    upgrade("award_scoring", url)
    with sqlite3.connect(tmp_path / "scoring.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_a_newer_release'")
    out = subprocess.run([sys.executable, os.path.join(ROOT, "deploy", "wait-for-migration.py"), "scoring",
                          "--database-url", url, "--once", "--job", "scoring-migrate-1.4.0"],
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert "9999_from_a_newer_release, newer than this release" in out.stdout and "migrate it down" in out.stdout
