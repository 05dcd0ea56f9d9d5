"""The public projection of an event (issue 36, item 3): what the feed serves to anyone.

An event on the bus may carry a cross-service pseudonym (``person_key``: a keyed hash of an ID
number that lets the suite's services join their records of one person; contract.md, Privacy)
and tracing extensions; neither is the public's. The feed keeps the CloudEvents attributes of
contract.md's envelope and the data less every pseudonym, at any depth."""

#: fields of an event's data that the public never reads, wherever they appear
PSEUDONYMS = frozenset({"person_key"})

#: the CloudEvents attributes the feed serves, beside ``data`` and its own ``feedcursor``; any
#: other attribute of the envelope (a tracing extension such as ``traceparent``) is dropped
ATTRIBUTES = ("specversion", "id", "source", "type", "subject", "time", "dataschema", "datacontenttype",
              "cycleid", "sequence")

#: the extension attribute carrying a served event's position: a reader that stops in the
#: middle of a page continues from the last one it handled
CURSOR_ATTRIBUTE = "feedcursor"


def public_data(data):
    """``data`` without any pseudonym, at any depth (a new dict; the argument is unchanged)."""
    if isinstance(data, dict):
        return {k: public_data(v) for k, v in data.items() if k not in PSEUDONYMS}
    if isinstance(data, list):
        return [public_data(v) for v in data]
    return data


def public_event(envelope, position):
    """The event as the feed serves it: the envelope's own attributes, the public data and the
    position it holds in the feed."""
    served = {name: envelope[name] for name in ATTRIBUTES if name in envelope}
    served[CURSOR_ATTRIBUTE] = position
    served["data"] = public_data(envelope.get("data") or {})
    return served


def parse_types(text, known):
    """``types=award.granted,award.revoked`` as a tuple (empty: every public type), or
    ValueError naming what is not a public event type."""
    if not text:
        return ()
    wanted = tuple(sorted({t.strip() for t in text.split(",") if t.strip()}))
    unknown = [t for t in wanted if t not in known]
    if unknown:
        raise ValueError(", ".join(unknown))
    return wanted
