"""scripts/install in two parts (issue 32, items 1 and 2): the runtime (`scripts/install`, run by
scripts/up) needs only what the services need; the test part (`scripts/install --test`, run by
scripts/test) brings kubectl itself and names every missing tool with the package that brings
it — never a silent exit."""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INSTALL = os.path.join(ROOT, "scripts", "install")


def no_kubectl_on_path(tmp_path):
    """PATH where `kubectl` is not found: a shim answering as bash does for a missing command."""
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "kubectl").write_text('#!/bin/sh\necho "kubectl: command not found" >&2\nexit 127\n')
    (shim / "kubectl").chmod(0o755)
    return f"{shim}:{os.environ['PATH']}"


def path_without(tmp_path, *missing):
    """A PATH of one folder linking every command of the current PATH except ``missing``."""
    farm = tmp_path / "bin"
    farm.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(folder):
            continue
        for name in os.listdir(folder):
            target = farm / name
            if name not in missing and not os.path.lexists(target):
                target.symlink_to(os.path.join(folder, name))
    return str(farm)


def install(*args, path):
    return subprocess.run([INSTALL, *args], cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, PATH=path))


def test_the_runtime_install_needs_no_kubectl(tmp_path):
    done = install(path=no_kubectl_on_path(tmp_path))
    assert done.returncode == 0, done.stderr


def test_the_test_install_brings_its_own_kubectl(tmp_path):
    done = install("--test", path=no_kubectl_on_path(tmp_path))
    assert done.returncode == 0, done.stderr
    version = subprocess.run([os.path.join(ROOT, ".venv", "bin", "kubectl"), "version", "--client"],
                             capture_output=True, text=True, check=True).stdout
    minor = int(version.split("Client Version: v1.")[1].split(".")[0])
    assert minor >= 27


def test_a_missing_test_tool_is_named_with_the_package_that_brings_it(tmp_path):
    path = path_without(tmp_path, "zbarimg", "pg_dump", "apt-get")
    assert install(path=path).returncode == 0  # the services need neither

    done = install("--test", path=path)
    assert done.returncode == 1
    assert "zbarimg (zbar-tools)" in done.stderr and "pg_dump (postgresql-client)" in done.stderr
    assert "apt-get install -y --no-install-recommends zbar-tools postgresql-client" in done.stderr
