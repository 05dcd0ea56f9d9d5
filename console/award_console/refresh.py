"""Refreshing a person's access tokens before they expire, once per session however many
requests (on however many replicas) find them about to expire: a lock per session in this
process, and across replicas the session row's lease (``Sessions.lease``); whoever does not
hold it waits for the holder's answer in the shared store. A refused refresh signs the person
out; a provider that does not answer leaves the session as it is (the page says the service is
unavailable, and the next request tries again).
"""
import logging
import threading
import time
import weakref

from award_console import signin

log = logging.getLogger("award_console.refresh")
#: each console's striped locks: requests of one session in one instance take the same one
_LOCKS = weakref.WeakKeyDictionary()
#: how long a refresh may hold the session's lease, and how long another request waits for it
LEASE_SECONDS = 30
WAIT_SECONDS = 15


def due(console, session):
    expires = session.get("token_expires")
    return bool(session.get("refresh_token") and expires
                and time.time() >= expires - console.settings.refresh_margin)


def refresh(console, session):
    """Refresh ``session``'s tokens if they are still due: True when the session is live (with
    fresh tokens, or the old ones if the refresh could not be had in time), False when the
    provider refused and the session is gone."""
    store = console.sessions
    locks = _LOCKS.setdefault(console, [threading.Lock() for _ in range(64)])
    with locks[hash(session["id"]) % len(locks)]:
        if store.reload(session) is None:
            return False
        if not due(console, session):  # another request has refreshed it meanwhile
            return True
        deadline = time.monotonic() + WAIT_SECONDS
        while not store.lease(session, LEASE_SECONDS):  # another replica is refreshing it
            if time.monotonic() > deadline:
                return True
            time.sleep(0.2)
            if store.reload(session) is None:
                return False
            if not due(console, session):
                return True
        try:
            other = [r for r in (session.get("tokens") or {}) if r != console.settings.resource]
            values = console.provider.refresh(session["refresh_token"], other)
        except signin.RefreshRefused as refused:
            log.info("refresh refused for %s: %s", session.user and session.user.get("sub"), refused)
            store.drop(session)
            return False
        except Exception:
            store.release(session)
            raise
        session.update(values)
        store.save(session)
        store.release(session)
        log.info("tokens refreshed for %s", session.user and session.user.get("sub"))
        return True
