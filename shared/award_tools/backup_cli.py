"""``award-backup`` and ``award-restore``: one service's database and documents, in one
archive checked by sha256 (docs/operations.md, "Backup and restore").

    award-backup scoring --out scoring-0300.tar
    award-backup intake --out-dir /var/lib/award/backups/intake   # intake-<UTC time>.tar there
    award-restore scoring scoring-0300.tar --database-url postgresql://…/scoring_new \\
        --publisher intake=http://intake:8001 --publisher publicity=http://publicity:8004 \\
        --publisher supervision=http://supervision:8003 --key-dir var/keys

The database URL and DOCUMENT_DIR come from the service's config (and its environment
overrides) like ``nameko run``, unless given. Publishers are at the Quickstart's addresses
(127.0.0.1:8001-8005) unless ``--publisher NAME=URL`` says otherwise. With an operator token
(``--token``, ``$AWARD_OPERATOR_TOKEN``, ``--key-dir``, or the client-credentials grant at the
city's provider with ``--client-id``: award_tools.credentials) ``award-restore`` asks each publisher
to replay; without one it prints the calls for the operator to make.
"""
import argparse
import os
import sys
from datetime import datetime, timedelta, timezone

import requests

from award_shared.config import load_config, service_config_path
from award_shared.web.keys import PRIVATE_KEY_NAME, mint
from award_tools import DEFAULT_SERVICES, backup, credentials, name_urls
from award_tools.backup_archive import ArchiveRefused

HAS_DOCUMENTS = ("intake", "revocation")


def _config(service):
    module = __import__(f"award_{service}")
    return load_config(service_config_path(module.__file__))


def _locations(args):
    config = None if args.database_url and (args.document_dir or args.service not in HAS_DOCUMENTS) \
        else _config(args.service)
    url = args.database_url or config["DATABASE_URL"]
    documents = None
    if args.service in HAS_DOCUMENTS:
        documents = args.document_dir or config.get("DOCUMENT_DIR") or f"var/documents/{args.service}"
    return url, documents


def _common(parser):
    parser.add_argument("service", choices=("intake", "scoring", "supervision", "publicity", "revocation", "feed"))
    parser.add_argument("--database-url", help="default: DATABASE_URL of the service's config")
    parser.add_argument("--document-dir", help="default: DOCUMENT_DIR of the service's config (intake, revocation)")


def main_backup(argv=None):
    parser = argparse.ArgumentParser(prog="award-backup", description="Dump one service into an archive.")
    _common(parser)
    out = parser.add_mutually_exclusive_group(required=True)
    out.add_argument("--out", help="the archive to write (a tar)")
    out.add_argument("--out-dir", help="write <service>-<UTC time>.tar into this directory (made if missing): "
                                       "what the Kubernetes backup CronJob does, one new archive per run")
    args = parser.parse_args(argv)
    url, documents = _locations(args)
    if args.out_dir:
        os.makedirs(args.out_dir, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        args.out = os.path.join(args.out_dir, f"{args.service}-{stamp}.tar")
        if os.path.exists(args.out):
            parser.error(f"--out-dir: {args.out} exists already (one run per second at most)")
    done = backup.backup(args.service, url, args.out, documents)
    print(f"{args.service}: {done['engine']} database and {done['files'] - 1} documents -> {args.out} "
          f"(taken {done['created_at']})")
    return 0


def main_restore(argv=None):
    parser = argparse.ArgumentParser(prog="award-restore", description="Restore one service from an archive "
                                     "into an empty database, then have its publishers replay what it missed.")
    _common(parser)
    parser.add_argument("archive")
    parser.add_argument("--sequence-margin", type=int, default=backup.SEQUENCE_MARGIN,
                        help="how far each event sequence jumps (default %(default)s)")
    parser.add_argument("--overlap-minutes", type=float, default=backup.OVERLAP.total_seconds() / 60,
                        help="how far before the high-water mark the replay starts (default %(default)s)")
    parser.add_argument("--publisher", action="append", default=[], metavar="NAME=URL",
                        help="a publisher's base URL (default: the Quickstart's 127.0.0.1:8001-8005)")
    parser.add_argument("--token", default=os.environ.get("AWARD_OPERATOR_TOKEN"),
                        help="an operator token (default: $AWARD_OPERATOR_TOKEN; or --key-dir)")
    parser.add_argument("--key-dir", help="mint an operator token with this directory's jwt-private.pem")
    credentials.add_arguments(parser, scope="award:operator")
    args = parser.parse_args(argv)
    client = credentials.from_args(args, "award-restore")
    url, documents = _locations(args)
    try:
        manifest = backup.restore(args.service, args.archive, url, documents, args.sequence_margin)
    except (ArchiveRefused, backup.RestoreRefused) as exc:
        print(f"award-restore: refused: {exc}", file=sys.stderr)
        return 2
    seq = manifest["sequences"]
    print(f"{args.service}: restored the backup of {manifest['created_at']} into {url}; "
          f"{seq['bumped']} sequences moved and {seq['seeded']} seeded {seq['margin']} ahead")
    asks = backup.replay_requests(args.service, url, manifest, timedelta(minutes=args.overlap_minutes))
    publishers = {name: f"http://127.0.0.1:{port}" for name, port in DEFAULT_SERVICES.items()}
    publishers.update(name_urls(args.publisher, "award-restore: --publisher"))
    token = args.token
    if not token and args.key_dir:
        token = mint(os.path.join(args.key_dir, PRIVATE_KEY_NAME), "operator-award-restore", ["operator"],
                     ttl_seconds=600)
    if token or client is not None:
        ok = True
        for publisher, body in asks.items():
            try:
                bearer = token or client.token(publisher)  # the provider's: one audience each
                count = backup.perform_replay({publisher: body}, publishers, bearer)[publisher]
                print(f"{publisher}: replayed {count} events to {args.service}")
            except (RuntimeError, requests.RequestException) as exc:  # CredentialsError too
                ok = False  # the restore stands; this publisher's call is left to the operator
                print(f"{publisher}: {exc}\n  ask it again: {next(backup.curl_lines({publisher: body}, publishers))}",
                      file=sys.stderr)
        return 0 if ok else 1
    print("ask each publisher to replay what the restored service missed (then start it):")
    for line in backup.curl_lines(asks, publishers):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main_backup())
