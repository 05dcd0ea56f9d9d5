#!/usr/bin/env python3
"""Wait until SERVICE's database stands at its newest migration, then exit 0.

A Deployment's init container runs this so that no replica starts on an old schema: the
migration Job (deploy/k8s) is the only one that migrates, once, whatever the replica count.
``--once`` checks a single time (exit 1 if not there yet).
"""
import argparse
import sys
import time

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from award_shared.config import load_config, service_config_path
from award_shared.store.migrations import alembic_config


def migrated(service, url):
    heads = set(ScriptDirectory.from_config(alembic_config(f"award_{service}", url)).get_heads())
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return set(MigrationContext.configure(conn).get_current_heads()) == heads
    finally:
        engine.dispose()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("service")
    parser.add_argument("--database-url")
    parser.add_argument("--once", action="store_true")
    parser.add_argument("--interval", type=float, default=3.0)
    args = parser.parse_args(argv)
    url = args.database_url
    if not url:
        module = __import__(f"award_{args.service}")
        url = load_config(service_config_path(module.__file__))["DATABASE_URL"]
    while True:
        try:
            if migrated(args.service, url):
                print(f"{args.service}: database at the newest migration")
                return 0
            print(f"{args.service}: waiting for the migration Job", flush=True)
        except sa.exc.OperationalError as exc:  # the database is not up yet
            print(f"{args.service}: database not reachable ({exc.__class__.__name__})", flush=True)
        if args.once:
            return 1
        time.sleep(args.interval)


if __name__ == "__main__":
    sys.exit(main())
