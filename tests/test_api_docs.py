"""Issue 32, item 9: Redoc's script vendored in the kit (``shared/award_shared/web/assets/``,
``scripts/vendor-redoc``). The vendored file is the released one, unchanged, and it ships in
the kit's wheel."""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASSETS = os.path.join(ROOT, "shared", "award_shared", "web", "assets")
SHIPPED = ("redoc.standalone.js", "redoc.standalone.js.LICENSE.txt", "redoc.LICENSE.txt", "redoc.json", "README.md")


def manifest():
    with open(os.path.join(ASSETS, "redoc.json"), encoding="utf-8") as fh:
        return json.load(fh)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def test_the_vendored_redoc_is_the_released_file_unchanged():
    """A hand edit of a vendored file (or a README that no longer says what is vendored) fails
    here; ``scripts/vendor-redoc VERSION INTEGRITY`` is the way to change them."""
    recorded = manifest()
    assert recorded["package"] == "redoc" and recorded["license"] == "MIT"
    assert sorted(recorded["files"]) == sorted(SHIPPED[:3])
    for name, entry in recorded["files"].items():
        with open(os.path.join(ASSETS, name), "rb") as fh:
            assert sha256(fh.read()) == entry["sha256"], f"{name} is not the file vendored from redoc {recorded['version']}"
    with open(os.path.join(ASSETS, "redoc.standalone.js.LICENSE.txt"), encoding="utf-8") as fh:
        assert f'Version: "{recorded["version"]}"' in fh.read()  # the bundle's own banner
    with open(os.path.join(ASSETS, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    for fact in (recorded["version"], recorded["integrity"], recorded["files"]["redoc.standalone.js"]["sha256"]):
        assert fact in readme, f"the assets' README does not say {fact}"
    assert sorted(os.listdir(ASSETS)) == sorted(SHIPPED), "a file in the assets that no manifest accounts for"


def test_the_kits_wheel_ships_the_script_and_its_licences(tmp_path):
    """The image installs the kit from its wheel (deploy/Dockerfile): the assets are package data."""
    source = tmp_path / "shared"  # built from a copy: setuptools writes build/ into its source tree
    shutil.copytree(os.path.join(ROOT, "shared"), source,
                    ignore=shutil.ignore_patterns("*.egg-info", "__pycache__", "build", "tests"))
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "--no-deps",
         "--no-build-isolation", "--wheel-dir", str(tmp_path / "wheels"), str(source)],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    [wheel] = os.listdir(tmp_path / "wheels")
    with zipfile.ZipFile(tmp_path / "wheels" / wheel) as zf:
        inside = {name: zf.read(name) for name in zf.namelist() if name.startswith("award_shared/web/assets/")}
    assert sorted(inside) == sorted(f"award_shared/web/assets/{name}" for name in SHIPPED)
    for name, entry in manifest()["files"].items():
        assert sha256(inside[f"award_shared/web/assets/{name}"]) == entry["sha256"], name
