"""An example follower of the feed over HTTP (docs/bureaus.md, "The feed"): Python's standard
library only. It reads the public events from the cursor it last stored (0 the first time),
applies each to the register (register.py) and stores the cursor in the same SQLite file, then
asks again with a long poll (``wait``), so it is not a busy loop. Stop it with Ctrl-C.

    python examples/bureau/feed_follower.py --feed https://feed.award.example.org --register awards.db
    python examples/bureau/feed_follower.py --feed http://127.0.0.1:8006 --register awards.db --once"""
import argparse
import json
import os
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import register  # noqa: E402  (the example's register, beside this file)


def cursor_of(db):
    db.db.execute("CREATE TABLE IF NOT EXISTS feed_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), cursor INTEGER)")
    row = db.db.execute("SELECT cursor FROM feed_cursor WHERE id = 1").fetchone()
    return row[0] if row else 0


def keep_cursor(db, cursor):
    db.db.execute("INSERT INTO feed_cursor VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET cursor = excluded.cursor",
                  (cursor,))


def page(feed, after, wait, limit=500):
    url = f"{feed.rstrip('/')}/public/v1/feed?after={after}&limit={limit}&wait={wait}"
    with urllib.request.urlopen(url, timeout=wait + 30) as answer:
        return json.load(answer), int(answer.headers["Feed-Cursor"])


def follow(feed, db, wait=20, once=False):
    """Apply every event after the stored cursor; with ``once``, stop when the feed is read to its head."""
    after = cursor_of(db)
    while True:
        events, cursor = page(feed, after, 0 if once else wait)
        for event in events:
            outcome = db.handle(event)   # by id: an event applied before the cursor was kept is a duplicate
            keep_cursor(db, event["feedcursor"])
            print(json.dumps({"event": event["id"], "type": event["type"], "outcome": outcome}), flush=True)
        keep_cursor(db, cursor)
        if once and cursor == after:
            return cursor
        after = cursor


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feed", default=os.environ.get("FEED_URL", "http://127.0.0.1:8006"))
    parser.add_argument("--register", default="awards.db")
    parser.add_argument("--once", action="store_true", help="read to the head of the feed, then stop")
    args = parser.parse_args(argv)
    while True:
        try:
            follow(args.feed, register.Register(args.register), once=args.once)
            return
        except OSError as exc:   # the feed unreachable: try again, from the stored cursor
            print(json.dumps({"outcome": "connection_lost", "reason": str(exc)}), flush=True)
            if args.once:
                raise
            time.sleep(5)


if __name__ == "__main__":
    main()
