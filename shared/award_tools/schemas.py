"""``award-schemas``: publish the event schemas as JSON Schema (contract.md, Events).

    award-schemas list             # one event type a line
    award-schemas export DIR       # DIR/<type>.v<version>.json, one per type
    award-schemas asyncapi [FILE]  # the AsyncAPI 3 document (docs/asyncapi.yaml), or to stdout
"""

import argparse
import sys

from award_shared.events.jsonschema import export_all
from award_shared.events.schemas import DATA_SCHEMAS
from award_tools.asyncapi import render


def _parser():
    parser = argparse.ArgumentParser(
        prog="award-schemas", description="List the event types or export their JSON Schemas.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="print the event types, one a line")
    export = commands.add_parser("export", help="write one JSON Schema file per event type")
    export.add_argument("directory", help="where to write them (created if missing)")
    asyncapi = commands.add_parser("asyncapi", help="write the AsyncAPI 3 document of every event")
    asyncapi.add_argument("file", nargs="?", help="where to write it (default: standard output)")
    return parser


def main(argv=None):
    args = _parser().parse_args(argv)
    if args.command == "list":
        for event_type in sorted(DATA_SCHEMAS):
            print(event_type)
    elif args.command == "asyncapi":
        text = render()
        if args.file:
            with open(args.file, "w", encoding="utf-8") as out:
                out.write(text)
            print(f"wrote {args.file}", file=sys.stderr)
        else:
            sys.stdout.write(text)
    else:
        paths = export_all(args.directory)
        print(f"wrote {len(paths)} schemas to {args.directory}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
