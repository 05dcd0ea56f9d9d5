"""Reading the feed (issue 36, item 1): a page after a cursor, waiting for one when asked.

A page is at most ``limit`` events after ``after``, of ``types``, in position order; the cursor
to continue from is its last event's position when the page is full, else the head of the
feed as it was read (nothing of those types lies between: positions commit in order), so a
reader filtering on a rare type skips ahead instead of reading the same gap again. A full page
never changes, and says so to caches; a page that is not full may grow."""
import json
import time

from werkzeug.wrappers import Response

from . import queries
from .domain.projection import CURSOR_ATTRIBUTE, parse_types
from .replicas import PUBLIC_TYPES

MEDIA_TYPE = "application/cloudevents-batch+json"
CURSOR_HEADER = "Feed-Cursor"


def read_page(tx, after, types, limit):
    """(events as served, cursor, full) — one transaction."""
    head = queries.head(tx)
    served = [queries.served(row) for row in queries.page(tx, after, head, types, limit)] if head > after else []
    full = len(served) == limit
    return served, (served[-1][CURSOR_ATTRIBUTE] if full else max(after, head)), full


def follow(uow, bell, after, types, limit, wait, poll):
    """A page; when it is empty and ``wait`` seconds are given, waits for the bell — rung when
    this instance adds an event — looking again at least every ``poll`` seconds, and answers
    as soon as an event is there or the wait is over. No transaction is held while waiting.
    When the service's waiters are all taken (``FEED_MAX_WAITERS``) it answers at once."""
    deadline = time.monotonic() + wait
    waiting = False
    try:
        while True:
            seen = bell.rung
            with uow as tx:
                page = read_page(tx, after, types, limit)
            remaining = deadline - time.monotonic()
            if page[0] or remaining <= 0:
                return page
            if not waiting:
                waiting = bell.enter()
                if not waiting:
                    return page
            bell.wait(seen, min(remaining, poll))
    finally:
        if waiting:
            bell.leave()


def link(url, after, types, limit):
    """The next page's ``Link``: a reference relative to the feed's own address, right behind a proxy."""
    query = f"after={after}&limit={limit}" + (f"&types={','.join(types)}" if types else "")
    return f'<{url}?{query}>; rel="next"'


def answer(page, url, types, limit):
    """The page as the HTTP answer's parts: (body bytes, headers)."""
    served, cursor, full = page
    headers = {CURSOR_HEADER: str(cursor), "Link": link(url, cursor, types, limit),
               "Cache-Control": "public, max-age=86400, immutable" if full else "no-cache"}
    return json.dumps(served, ensure_ascii=False).encode("utf-8"), headers


class Limits:
    """``FEED_WAIT_MAX_SECONDS``: the longest a long poll waits (a larger ``wait`` is cut to it);
    ``FEED_POLL_SECONDS``: how often a waiting poll looks for events another instance added."""
    def __init__(self, config):
        self.wait_max = float(config.get("FEED_WAIT_MAX_SECONDS") or 20)
        self.poll = float(config.get("FEED_POLL_SECONDS") or 1.0)


def respond(uow, bell, limits, call):
    """``GET /public/v1/feed`` answered: the page as a CloudEvents JSON batch, the cursor in
    ``Feed-Cursor`` and in the ``Link`` to the next page."""
    query = call.query
    types = parse_types(query["types"], PUBLIC_TYPES)
    page = follow(uow, bell, query["after"], types, query["limit"], min(query["wait"], limits.wait_max), limits.poll)
    body, headers = answer(page, call.request.path, types, query["limit"])
    return Response(body, status=200, headers=headers, content_type=MEDIA_TYPE)
