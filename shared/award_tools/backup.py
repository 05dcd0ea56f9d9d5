"""Backup and restore of one service (issue 14, item 7b): what ``award-backup`` and
``award-restore`` do, as functions the tests call too.

A restored service is behind the world in two ways, and both are repaired here:

- It has forgotten the events it *published* after the dump, but its subscribers have not:
  their ``sequence`` for each subject (contract.md: it rises per source and subject, and
  consumers keep the latest by it) is ahead of the restored ``event_sequences``. Counting on
  from the dump would repeat numbers they have seen, and a later fact carrying an old number
  is ignored as stale. So every counter jumps by a margin (default 100,000 events per subject
  since the dump: no subject has that many), and a floor at the margin makes every subject
  counted for the first time (one first heard of after the dump included) start above it.
- It has forgotten the events it *consumed* after the dump, which the broker no longer holds.
  Its publishers replay them (``POST /admin/v1/outbox/replay``, award_shared.bus.replay) from the
  high-water mark: per publisher, the latest ``received_at`` of its events in the restored
  inbox (never later than the dump began), less an overlap for what was queued but not yet
  consumed then. The inbox recognises what it already had by id, so overlap costs nothing.
"""
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from datetime import datetime, timedelta, timezone

import requests
import sqlalchemy as sa

from award_shared.bus.topology import SUBSCRIPTIONS, inbox_queue_name
from award_shared.store import db, kit_writes
from award_tools import backup_archive as archive

SEQUENCE_MARGIN = 100_000
OVERLAP = timedelta(minutes=10)


class RestoreRefused(Exception):
    pass


def _libpq(url):
    """A URL pg_dump reads, and the environment carrying its password (not on the command line)."""
    url = sa.engine.make_url(url)
    env = dict(os.environ, **({"PGPASSWORD": url.password} if url.password else {}))
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def _run(args, env=None):
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


def backup(service, database_url, out_path, document_dir=None):
    """Dump ``service``'s database, then its documents (so every document the dump names is
    in: they are content-addressed and only ever added), into one archive at ``out_path``."""
    created_at = datetime.now(timezone.utc)
    with tempfile.TemporaryDirectory(prefix="award-backup-") as work:
        if db.is_sqlite(database_url):
            name = "database.sqlite"
            source = sqlite3.connect(sa.engine.make_url(database_url).database)
            target = sqlite3.connect(os.path.join(work, name))
            with target:
                source.backup(target)  # a consistent copy while the service goes on writing
            source.close()
            target.close()
        else:
            name = "database.pgdump"
            url, env = _libpq(database_url)
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                  "--file", os.path.join(work, name), url], env)
        files = {name: os.path.join(work, name)}
        if document_dir and os.path.isdir(document_dir):
            for root, _dirs, names in os.walk(document_dir):
                for fname in names:
                    path = os.path.join(root, fname)
                    rel = os.path.relpath(path, document_dir).replace(os.sep, "/")
                    files[f"{archive.DOCUMENTS}/{rel}"] = path
        meta = {"service": service, "engine": "sqlite" if db.is_sqlite(database_url) else "postgresql",
                "database": name, "created_at": created_at.isoformat()}
        sums = archive.write(out_path, meta, files)
    return {**meta, "files": len(sums)}


def table_names(database_url):
    engine = sa.create_engine(database_url)
    try:
        return sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


def restore(service, archive_path, database_url, document_dir=None, margin=SEQUENCE_MARGIN):
    """Check the archive, load it into the EMPTY database at ``database_url``, put its
    documents back and move the event sequences past anything published; returns the manifest."""
    with tempfile.TemporaryDirectory(prefix="award-restore-") as work:
        manifest = archive.extract(archive_path, work)
        if manifest.get("service") != service:
            raise RestoreRefused(f"the archive is {manifest.get('service')!r}'s, not {service!r}'s")
        engine = "sqlite" if db.is_sqlite(database_url) else "postgresql"
        if manifest.get("engine") != engine:
            raise RestoreRefused(f"the archive holds a {manifest.get('engine')} dump; {database_url} is {engine}")
        if db.is_sqlite(database_url):
            db._ensure_sqlite_dir(database_url)
        present = table_names(database_url)
        if present:
            raise RestoreRefused(f"the database is not empty ({len(present)} tables, e.g. {sorted(present)[0]}): "
                                 "restore into a new, empty one")
        dump = os.path.join(work, manifest["database"])
        if engine == "sqlite":
            source, target = sqlite3.connect(dump), sqlite3.connect(sa.engine.make_url(database_url).database)
            with target:
                source.backup(target)
            source.close()
            target.close()
        else:
            url, env = _libpq(database_url)
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                  "--dbname", url, dump], env)
        documents = os.path.join(work, archive.DOCUMENTS)
        if document_dir and os.path.isdir(documents):
            shutil.copytree(documents, document_dir, dirs_exist_ok=True)  # content-addressed: same name, same bytes
    bumped = bump_sequences(database_url, margin, manifest)
    return {**manifest, "sequences": bumped}


def bump_sequences(database_url, margin, manifest):
    """Move every subject's counter ``margin`` past where the dump left it (why: module doc);
    audited in the service's own log."""
    engine = sa.create_engine(database_url)
    try:
        with engine.begin() as conn:
            known = set(conn.execute(sa.select(db.event_sequences.c.subject)).scalars())
            conn.execute(db.event_sequences.update().values(last=db.event_sequences.c.last + margin))
            # every subject not counted yet, including one first heard of after the dump, starts
            # above the floor (award_shared.store.kit_writes.next_sequence)
            fresh = [] if kit_writes.SEQUENCE_FLOOR in known else [kit_writes.SEQUENCE_FLOOR]
            if fresh:
                conn.execute(db.event_sequences.insert(), [{"subject": kit_writes.SEQUENCE_FLOOR, "last": margin}])
            known.discard(kit_writes.SEQUENCE_FLOOR)
            conn.execute(db.audit_log.insert().values(
                at=datetime.now(timezone.utc), actor="award-restore", roles="operator", action="backup.restored",
                target=manifest["service"], reason=f"restored from the backup of {manifest['created_at']}",
                detail=f'{{"sequence_margin": {margin}, "bumped": {len(known)}, "seeded": {len(fresh)}}}'))
        return {"bumped": len(known), "seeded": len(fresh), "margin": margin}
    finally:
        engine.dispose()


def replay_requests(service, database_url, manifest, overlap=OVERLAP):
    """What to ask each publisher of ``service``: ``{publisher: body}`` for its
    ``POST /admin/v1/outbox/replay``, from the restored inbox's high-water mark."""
    dumped = datetime.fromisoformat(manifest["created_at"])
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            latest = dict(conn.execute(sa.select(db.inbox.c.source, sa.func.max(db.inbox.c.received_at))
                                       .group_by(db.inbox.c.source)).all())
    finally:
        engine.dispose()
    out = {}
    for publisher in sorted(SUBSCRIPTIONS.get(service, {})):
        if publisher == service:
            continue  # its own events are in its own outbox, relayed or lost with it
        mark = latest.get(publisher)
        # received_at is the wall clock; rows from before it was could carry a business clock
        # ahead of the wall's: never later than the dump
        mark = min(mark, dumped) if mark else dumped
        out[publisher] = {"queue": inbox_queue_name(service), "since": (mark - overlap).isoformat(),
                          "reason": f"{service} restored from the backup of {manifest['created_at']}"}
    return out


def curl_lines(requests_by_publisher, base_urls):
    for publisher, body in requests_by_publisher.items():
        base = base_urls.get(publisher, f"http://{publisher}:PORT")
        payload = json.dumps(body, ensure_ascii=False)
        yield (f"curl -X POST {base}/admin/v1/outbox/replay -H \"Authorization: Bearer $OPERATOR_TOKEN\" "
               f"-H 'Content-Type: application/json' -d '{payload}'")


def perform_replay(requests_by_publisher, base_urls, token, timeout=60):
    """Ask each publisher to replay, following ``more`` with ``after_id``; ``{publisher: count}``.
    Raises RuntimeError naming the publisher that refused."""
    done = {}
    for publisher, body in requests_by_publisher.items():
        url = base_urls[publisher].rstrip("/") + "/admin/v1/outbox/replay"
        total, request = 0, dict(body)
        while True:
            resp = requests.post(url, json=request, headers={"Authorization": f"Bearer {token}"}, timeout=timeout)
            if resp.status_code != 200:
                raise RuntimeError(f"{publisher} refused the replay ({resp.status_code}): {resp.text[:500]}")
            answer = resp.json()
            total += answer["replayed"]
            if not answer.get("more"):
                break
            request["after_id"] = answer["last_id"]
        done[publisher] = total
    return done
