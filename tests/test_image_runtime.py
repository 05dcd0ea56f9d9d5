"""The image's runtime stage (deploy/Dockerfile), proved without Docker (issue 33, item 1): the
suite built as wheels with ``pip wheel -c constraints.txt``, installed (not editable) into a
fresh virtualenv that holds no source tree, and a service started from it as uid 10001 with
only its volumes writable, as Kubernetes runs it with ``readOnlyRootFilesystem``: it migrates
its database, becomes ready and commits a request, and nothing outside its volumes changed.

The third-party wheels are cached under var/cache/image-wheels/, keyed by the pins; the
suite's own wheels are built afresh on every run, once: the dependencies are resolved from those
wheels, not from the source trees (which ``pip wheel`` would build a second time, each in a
build environment of its own: a quarter of the fixture's CPU time on a fresh clone)."""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

import pytest
import requests

from award_shared.web import keys
from award_testing.plugin import free_port
from award_testing.helpers import wait_until_serving
from award_shared.bus.topology import SERVICES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OWN = [os.path.join(ROOT, "shared")] + [os.path.join(ROOT, "services", s) for s in SERVICES]
UID = 10001
CLASSES = {"intake": "IntakeService"}


def run(*cmd, **kw):
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert done.returncode == 0, f"{' '.join(map(str, cmd))}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def pins_key():
    digest = hashlib.sha256()
    for path in [os.path.join(ROOT, "constraints.txt")] + [os.path.join(p, "pyproject.toml") for p in OWN]:
        with open(path, "rb") as fh:
            digest.update(fh.read())
    return digest.hexdigest()[:16]


def dependency_wheels(own):
    """Every pinned dependency of the suite as a wheel, built once per set of pins (as the
    image's builder stage does: psycopg2 compiled against libpq), resolved from the suite's own
    wheels in ``own``."""
    parent = os.path.join(ROOT, "var", "cache", "image-wheels")
    cache = os.path.join(parent, pins_key())
    for old in os.listdir(parent) if os.path.isdir(parent) else ():  # wheels of pins gone
        if old != pins_key():
            shutil.rmtree(os.path.join(parent, old), ignore_errors=True)
    if not os.path.exists(os.path.join(cache, ".complete")):
        shutil.rmtree(cache, ignore_errors=True)
        built = sorted(os.path.join(own, name) for name in os.listdir(own) if name.endswith(".whl"))
        assert len(built) == len(OWN), built
        run(sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "-c",
            os.path.join(ROOT, "constraints.txt"), "--wheel-dir", cache, *built)
        for name in os.listdir(cache):  # the suite's own wheels: those of this run, in ``own``
            if name.startswith("award_"):
                os.remove(os.path.join(cache, name))
        open(os.path.join(cache, ".complete"), "w").close()
    return cache


def own_wheels(target):
    leftovers = [os.path.join(p, "build") for p in OWN if not os.path.exists(os.path.join(p, "build"))]
    try:
        run(sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "--no-deps",
            "--no-build-isolation", "--wheel-dir", target, *OWN)
    finally:  # setuptools builds in the source tree: leave it as it was
        for path in leftovers:
            shutil.rmtree(path, ignore_errors=True)
    return target


def snapshot(directory, skip):
    seen = {}
    for top, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if os.path.join(top, d) not in skip]
        for name in dirs + files:
            path = os.path.join(top, name)
            st = os.lstat(path)
            seen[path] = (st.st_mtime_ns, st.st_size, st.st_mode)
    return seen


@pytest.fixture(scope="module")
def image(key_dir):
    """A root-owned directory as the image has it: a virtualenv of wheels, /app with the
    services' config.yaml, the token key read-only; nothing in it writable by uid 10001."""
    assert os.geteuid() == 0, "tests/test_image_runtime.py drops to uid 10001 with setpriv: run it as root (CI does)"
    assert shutil.which("setpriv"), "setpriv is needed (Debian: apt-get install util-linux)"
    top = tempfile.mkdtemp(prefix="award-image-")
    os.chmod(top, 0o755)
    try:
        own = own_wheels(os.path.join(top, "wheels"))
        deps = dependency_wheels(own)
        venv = os.path.join(top, "venv")
        run(sys.executable, "-m", "venv", venv)
        run(os.path.join(venv, "bin", "pip"), "install", "-q", "--disable-pip-version-check", "--no-index",
            "--find-links", deps, "--find-links", own, "-c", os.path.join(ROOT, "constraints.txt"),
            "award-shared", *[f"award-{s}" for s in SERVICES])
        shutil.rmtree(own)
        app = os.path.join(top, "app")
        for svc in SERVICES:
            os.makedirs(os.path.join(app, "services", svc))
            shutil.copy(os.path.join(ROOT, "services", svc, "config.yaml"), os.path.join(app, "services", svc))
        mounted_keys = os.path.join(top, "keys")  # the token key as a read-only Secret volume
        os.makedirs(mounted_keys)
        shutil.copy(os.path.join(key_dir, keys.PUBLIC_KEY_NAME), mounted_keys)
        os.chmod(os.path.join(mounted_keys, keys.PUBLIC_KEY_NAME), 0o644)
        yield {"top": top, "venv": venv, "app": app, "key_dir": mounted_keys}
    finally:
        shutil.rmtree(top, ignore_errors=True)


def volume(image, name):
    path = os.path.join(image["top"], "volumes", name)
    os.makedirs(path)
    os.chown(path, UID, UID)
    os.chmod(path, 0o700)
    return path


def as_10001(image, *cmd):
    return ["setpriv", "--reuid", str(UID), "--regid", str(UID), "--clear-groups",
            os.path.join(image["venv"], "bin", cmd[0]), *cmd[1:]]


def test_the_wheels_hold_everything_and_no_source_tree_is_used(image):
    venv_python = os.path.join(image["venv"], "bin", "python")
    listing = run(venv_python, "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check").stdout
    assert "psycopg2==" in listing and "psycopg2-binary" not in listing
    where = run(venv_python, "-c", "import award_shared, award_intake; print(award_shared.__file__, award_intake.__file__)",
                cwd=image["top"]).stdout
    assert ROOT not in where and "site-packages" in where, where
    assert not list(filter(lambda n: n.endswith((".pth", ".egg-link")) and "award" in n,
                           os.listdir(os.path.dirname(os.path.dirname(where.split()[0])))))


def test_a_service_runs_as_uid_10001_writing_only_under_its_volumes(
        image, rabbit_config, declare_topology, queue_type, token):
    data, tmp, documents = volume(image, "var"), volume(image, "tmp"), volume(image, "documents")
    before = snapshot(image["top"], skip={os.path.join(image["top"], "volumes")})
    port = free_port()
    env = {"PATH": os.path.join(image["venv"], "bin") + ":/usr/bin:/bin", "HOME": "/nonexistent",
           "PYTHONDONTWRITEBYTECODE": "1", "TMPDIR": tmp, "LANG": "C.UTF-8",
           "AMQP_URI": rabbit_config["AMQP_URI"], "QUEUE_TYPE": queue_type,
           "JWT_PUBLIC_KEY_FILE": os.path.join(image["key_dir"], keys.PUBLIC_KEY_NAME),
           "AWARD_CLOCK": "fixed:2019-03-01T09:00:00+08:00", "INTAKE_HTTP_ADDRESS": f"127.0.0.1:{port}",
           "INTAKE_DOCUMENT_DIR": documents}
    for svc in SERVICES:
        env[f"{svc.upper()}_DATABASE_URL"] = f"sqlite:///{data}/{svc}.db"
    # each service's migrations ship in its wheel; the config is found in /app. The six run side
    # by side (each its own process and database file): one after another they cost CI seconds
    migrating = {svc: subprocess.Popen(as_10001(image, "award-migrate", svc), cwd=image["app"], env=env, text=True,
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for svc in SERVICES}
    for svc, migration in migrating.items():
        said = migration.communicate(timeout=120)[0]
        assert migration.returncode == 0, f"award-migrate {svc}:\n{said[-3000:]}"
    proc = subprocess.Popen(as_10001(image, "award-run", "--config", "services/intake/config.yaml",
                                     "award_intake.service:IntakeService"),
                            cwd=image["app"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_serving(proc, f"http://127.0.0.1:{port}/health/ready", timeout=90,
                           message="the service installed from wheels to be ready")
        resp = requests.post(f"http://127.0.0.1:{port}/v1/cycles", timeout=30,
                             headers={"Authorization": "Bearer " + token("office")},
                             json={"edition": 2019, "schedule": {"application": "2019-05-31T17:00:00+08:00"}})
        assert resp.status_code == 201, resp.text
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert snapshot(image["top"], skip={os.path.join(image["top"], "volumes")}) == before, \
        "the service wrote outside its volumes"
    assert os.stat(os.path.join(data, "intake.db")).st_uid == UID
