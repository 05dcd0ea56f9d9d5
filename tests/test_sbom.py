"""scripts/sbom writes the CycloneDX SBOM of the pinned packages (issue 33, item 1): every
pin of constraints.txt is a component with its exact version and package URL, nothing else."""
import json
import os
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_the_sbom_lists_every_pinned_package_and_only_those(tmp_path):
    out = tmp_path / "sbom.cdx.json"
    done = subprocess.run([os.path.join(ROOT, "scripts", "sbom"), str(out)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    bom = json.loads(out.read_text())
    assert bom["bomFormat"] == "CycloneDX" and bom["specVersion"] == "1.5"
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", bom["serialNumber"])
    with open(os.path.join(ROOT, "constraints.txt")) as fh:
        pinned = {}
        for line in fh:
            line = line.split("#")[0].strip()
            if line:
                assert "==" in line, f"constraints.txt pins exactly: {line}"
                name, version = line.split("==")
                pinned[name] = version
    listed = {c["name"]: c for c in bom["components"]}
    assert {n: c["version"] for n, c in listed.items()} == pinned
    for name, c in listed.items():
        assert c["type"] == "library"
        assert c["purl"] == f"pkg:pypi/{re.sub(r'[-_.]+', '-', name).lower()}@{pinned[name]}"
    assert len({c["bom-ref"] for c in bom["components"]}) == len(pinned)
