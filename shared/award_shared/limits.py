"""Limits on what a client or a publisher may send, checked before anything is stored.

One JSON reader for the bus and for HTTP bodies (docs/design.md, "Limits"): a body larger
than ``max_bytes`` or nested deeper than ``max_depth`` is refused before ``json.loads``
could recurse a thousand levels and raise ``RecursionError`` (which is neither a
``ValueError`` nor a property of the service); and text that no database can store — a lone
surrogate (``"\\ud800"``) or a NUL — is refused wherever it sits in the document. Each
refusal is a :class:`LimitError` naming what was wrong and where. :class:`Connections` holds
how long the web server waits on a client's connection and how many it keeps open.
"""
import itertools
import json
import re
from dataclasses import dataclass

MESSAGE_MAX_BYTES = 1024 * 1024        # an event; cycle.opened with its rule set is ~40 KiB
MESSAGE_MAX_DEPTH = 32                 # a rule set is 8 levels deep
BODY_MAX_BYTES = 32 * 1024 * 1024      # a 20 MiB document travels base64-encoded (~27 MiB)
BODY_MAX_DEPTH = 32
# HTTP connections (docs/design.md, "Limits"): how long the server waits on a client, and how
# many connections it keeps open at once
HTTP_IDLE_TIMEOUT_SECONDS = 75.0       # a kept-alive connection between requests; above a proxy's 60 s
HTTP_HEADER_TIMEOUT_SECONDS = 10.0     # a request line and headers, from their first byte
HTTP_SOCKET_TIMEOUT_SECONDS = 60.0     # one read of a body or one write of an answer
HTTP_MAX_CONNECTIONS = 500             # open at once (under a container's 1024 file descriptors)
HTTP_MAX_CONNECTIONS_PER_CLIENT = 50   # open at once from one address (a proxy in TRUSTED_PROXIES: no cap)


class LimitError(ValueError):
    """What was sent is over a limit or holds text that cannot be stored.

    ``kind``: ``size``, ``depth`` or ``text``; ``where``: the path of the offending value,
    for ``text``."""

    def __init__(self, kind, detail, where=None):
        super().__init__(detail)
        self.kind = kind
        self.detail = detail
        self.where = where


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_depth: int

    @classmethod
    def for_messages(cls, config=None):
        config = config or {}
        return cls(int(config.get("MESSAGE_MAX_BYTES") or MESSAGE_MAX_BYTES),
                   int(config.get("MESSAGE_MAX_DEPTH") or MESSAGE_MAX_DEPTH))

    @classmethod
    def for_bodies(cls, config=None):
        config = config or {}
        return cls(int(config.get("BODY_MAX_BYTES") or BODY_MAX_BYTES),
                   int(config.get("BODY_MAX_DEPTH") or BODY_MAX_DEPTH))


@dataclass(frozen=True)
class Connections:
    """What the kit's web server allows a client's connection (``award_shared.web.http``)."""
    idle_timeout: float
    header_timeout: float
    socket_timeout: float
    max_connections: int
    max_per_client: int

    @classmethod
    def from_config(cls, config=None):
        config = config or {}
        return cls(float(config.get("HTTP_IDLE_TIMEOUT_SECONDS") or HTTP_IDLE_TIMEOUT_SECONDS),
                   float(config.get("HTTP_HEADER_TIMEOUT_SECONDS") or HTTP_HEADER_TIMEOUT_SECONDS),
                   float(config.get("HTTP_SOCKET_TIMEOUT_SECONDS") or HTTP_SOCKET_TIMEOUT_SECONDS),
                   int(config.get("HTTP_MAX_CONNECTIONS") or HTTP_MAX_CONNECTIONS),
                   int(config.get("HTTP_MAX_CONNECTIONS_PER_CLIENT") or HTTP_MAX_CONNECTIONS_PER_CLIENT))


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKETS = re.compile(r"[\[\]{}]")
# the only ways a lone surrogate or a NUL gets into a decoded string: a \u escape
# (raw surrogates are not UTF-8, raw control characters are refused by json.loads)
_SUSPECT_ESCAPE = re.compile(rb"\\u(?:[dD][89a-fA-F]|0000)")


def load_json(raw, limits):
    """``raw`` (bytes) → the decoded JSON value, or :class:`LimitError` /
    ``ValueError`` (``UnicodeDecodeError``, ``json.JSONDecodeError``) for a body that is
    not JSON."""
    raw = bytes(raw)
    if len(raw) > limits.max_bytes:
        raise LimitError("size", f"{len(raw)} bytes, more than the limit of {limits.max_bytes}")
    text = raw.decode("utf-8")
    _check_depth(text, limits.max_depth)
    try:
        value = json.loads(text)
    except RecursionError:  # cannot happen below the depth check; a limit all the same
        raise LimitError("depth", f"nested deeper than {limits.max_depth} levels") from None
    if _SUSPECT_ESCAPE.search(raw):
        where = bad_text_path(value)
        if where is not None:
            raise LimitError("text", f"the text at {where or 'the top'} is not storable Unicode "
                                     "(a lone surrogate or a NUL)", where)
    return value


def _check_depth(text, max_depth):
    # brackets are counted in C; only a document that might be too deep is walked
    if text.count("[") + text.count("{") <= max_depth:
        return
    steps = (1 if c in "[{" else -1 for c in _BRACKETS.findall(_STRING.sub("", text)))
    deepest = max(itertools.accumulate(steps), default=0)
    if deepest > max_depth:
        raise LimitError("depth", f"nested {deepest} levels deep, more than the limit of {max_depth}")


def bad_text(value):
    """Why the string ``value`` cannot be stored, or None."""
    if "\x00" in value:
        return "a NUL character cannot be stored"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "a lone surrogate is not valid Unicode"
    return None


def bad_text_path(value):
    """The dotted path of the first string (key or value) in ``value`` that cannot be
    stored ('' for the top), or None. Iterative: the value may be deep."""
    stack = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if bad_text(item):
                return path
        elif isinstance(item, dict):
            for key, inner in item.items():
                here = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and bad_text(key):
                    return path or "(a key)"
                stack.append((here, inner))
        elif isinstance(item, list):
            stack.extend((f"{path}.{i}" if path else str(i), inner) for i, inner in enumerate(item))
    return None
