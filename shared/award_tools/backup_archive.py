"""The backup archive of one service (issue 14, item 7b): a tar holding the database dump,
the documents folder (intake, revocation) and ``manifest.json``, which names every other
member with its sha256.

Restoring reads the manifest first and refuses the whole archive, naming the file, if any
member is missing, unlisted, altered, or not a plain file under a relative path: a dump that
went through a bad disk or a careless hand must not become a service's state.
"""
import hashlib
import io
import json
import os
import tarfile

FORMAT = 1
MANIFEST = "manifest.json"
DOCUMENTS = "documents"


class ArchiveRefused(Exception):
    """The archive cannot be trusted; the message names the file."""


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write(out_path, meta, files):
    """Write the archive: ``files`` maps member names to local paths; ``meta`` goes into the
    manifest beside their sums. Written beside ``out_path`` and renamed: never half an archive."""
    sums = {name: sha256_of(path) for name, path in files.items()}
    manifest = json.dumps({"format": FORMAT, **meta, "files": sums}, indent=2, ensure_ascii=False).encode()
    partial = out_path + ".partial"
    with tarfile.open(partial, "w") as tar:
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
        for name, path in sorted(files.items()):
            tar.add(path, arcname=name, recursive=False)
    os.replace(partial, out_path)
    return sums


def _safe(name):
    parts = name.split("/")
    return not name.startswith("/") and ".." not in parts and "" not in parts


def extract(archive_path, into):
    """Check every member against the manifest and extract them under ``into``; returns the
    manifest. Raises ArchiveRefused naming the first file that does not match."""
    try:
        tar = tarfile.open(archive_path, "r")
    except (OSError, tarfile.TarError) as exc:
        raise ArchiveRefused(f"{archive_path}: not a readable archive ({exc})") from None
    with tar:
        members = {m.name: m for m in tar.getmembers()}
        if MANIFEST not in members:
            raise ArchiveRefused(f"{archive_path}: no {MANIFEST}")
        try:
            manifest = json.loads(tar.extractfile(members.pop(MANIFEST)).read())
            listed = dict(manifest["files"])
        except (ValueError, KeyError, TypeError):
            raise ArchiveRefused(f"{MANIFEST}: unreadable") from None
        if manifest.get("format") != FORMAT:
            raise ArchiveRefused(f"{MANIFEST}: format {manifest.get('format')!r}, this command reads {FORMAT}")
        for name in sorted(set(members) | set(listed)):
            member = members.get(name)
            if member is None:
                raise ArchiveRefused(f"{name}: listed in the manifest but missing from the archive")
            if name not in listed:
                raise ArchiveRefused(f"{name}: in the archive but not in the manifest")
            if not member.isfile() or not _safe(name):
                raise ArchiveRefused(f"{name}: not a plain file under a relative path")
            digest = hashlib.sha256()
            target = os.path.join(into, *name.split("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with tar.extractfile(member) as src, open(target, "wb") as dst:
                for chunk in iter(lambda: src.read(1 << 20), b""):
                    digest.update(chunk)
                    dst.write(chunk)
            if digest.hexdigest() != listed[name]:
                raise ArchiveRefused(
                    f"{name}: sha256 {digest.hexdigest()} does not match the manifest's {listed[name]}")
    return manifest
