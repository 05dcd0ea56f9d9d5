"""``award-migrate SERVICE [--database-url URL]``: bring a service's database to the newest
schema (its Alembic migrations), reading the URL from the service's config like ``nameko run``
(SERVICE ``console``: the staff console's sessions' store, ``CONSOLE_DATABASE_URL``)."""
import argparse
import sys

from award_shared.config import database_url
from award_shared.store.migrations import upgrade


def main(argv=None):
    parser = argparse.ArgumentParser(prog="award-migrate", description=__doc__.splitlines()[0])
    parser.add_argument("service")
    parser.add_argument("--database-url")
    parser.add_argument("--revision", default="head")
    args = parser.parse_args(argv)
    package = f"award_{args.service}"
    url = args.database_url or database_url(package)
    upgrade(package, url, args.revision)
    print(f"{args.service}: database at {url} migrated to {args.revision}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
