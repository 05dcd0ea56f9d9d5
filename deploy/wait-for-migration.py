#!/usr/bin/env python3
"""Wait until SERVICE's database (SERVICE ``console``: the staff console's sessions' store) stands
at its newest migration, then exit 0.

A Deployment's init container runs this so that no replica starts on an old schema: the
migration Job (deploy/k8s) is the only one that migrates, once, whatever the replica count.
The newest migration is this image's: a replica of a release waits for that release's Job
(``--job`` names it, as deploy/k8s names each Job after the release, for the log). A database
at a revision this image does not know was migrated by a newer release: the replica waits
and says so (roll back by migrating down first, docs/operations.md "Upgrade and roll back").
``--once`` checks a single time (exit 1 if not there yet).
"""
import argparse
import sys
import time

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from award_shared.config import database_url
from award_shared.store.migrations import alembic_config


def revisions(service, url):
    """(the database's current heads, this image's heads, the current heads it does not know)."""
    script = ScriptDirectory.from_config(alembic_config(f"award_{service}", url))
    heads = set(script.get_heads())
    known = {rev.revision for rev in script.walk_revisions()}
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()
    return current, heads, current - known


def migrated(service, url):
    current, heads, _ = revisions(service, url)
    return current == heads


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("service")
    parser.add_argument("--database-url")
    parser.add_argument("--once", action="store_true")
    parser.add_argument("--interval", type=float, default=3.0)
    parser.add_argument("--job", default="", help="the migration Job of this release (named in the log)")
    args = parser.parse_args(argv)
    url = args.database_url or database_url(f"award_{args.service}")
    while True:
        job = f" {args.job}" if args.job else ""
        try:
            current, heads, unknown = revisions(args.service, url)
            if current == heads:
                print(f"{args.service}: database at the newest migration")
                return 0
            if unknown:
                print(f"{args.service}: database at {', '.join(sorted(unknown))}, newer than this release "
                      f"({', '.join(sorted(heads))}): migrate it down before rolling back", flush=True)
            else:
                print(f"{args.service}: waiting for the migration Job{job}", flush=True)
        except sa.exc.OperationalError as exc:  # the database is not up yet
            print(f"{args.service}: database not reachable ({exc.__class__.__name__})", flush=True)
        if args.once:
            return 1
        time.sleep(args.interval)


if __name__ == "__main__":
    sys.exit(main())
