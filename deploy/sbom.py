#!/usr/bin/env python3
"""The suite's software bill of materials as CycloneDX 1.5 JSON, from the pins of
constraints.txt (what deploy/Dockerfile's builder makes wheels of): one library component
per pinned package, named and versioned as pinned, with its package URL (pkg:pypi/...).

Standard library only, so that it runs before anything is installed; scripts/sbom writes it
to a file. ``python deploy/sbom.py constraints.txt > sbom.cdx.json``"""
import datetime
import json
import re
import sys
import uuid

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")


def pins(text):
    """[(name, version)] of every ``name==version`` line, comments dropped."""
    out = []
    for line in text.splitlines():
        match = PIN.match(line.split("#")[0].strip())
        if match:
            out.append((match.group(1), match.group(2)))
    return out


def purl(name, version):
    # the purl spec for PyPI: lower case, runs of "-", "_" and "." as one "-"
    return f"pkg:pypi/{re.sub(r'[-_.]+', '-', name).lower()}@{version}"


def sbom(text, now=None):
    now = now or datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    return {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "serialNumber": f"urn:uuid:{uuid.uuid4()}",
        "version": 1,
        "metadata": {
            "timestamp": now.isoformat().replace("+00:00", "Z"),
            "component": {"type": "application", "bom-ref": "award-suite", "name": "award-suite",
                          "description": "Jinan Mayor's Quality Award suite (one image, five services)"},
        },
        "components": [{"type": "library", "bom-ref": purl(n, v), "name": n, "version": v, "purl": purl(n, v)}
                       for n, v in pins(text)],
    }


if __name__ == "__main__":
    with open(sys.argv[1] if len(sys.argv) > 1 else "constraints.txt", encoding="utf-8") as fh:
        json.dump(sbom(fh.read()), sys.stdout, indent=2)
        sys.stdout.write("\n")
