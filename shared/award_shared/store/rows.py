"""Reading one row by its key: the get-or-404 every service's queries need (contract.md: an
unknown id is a 404 whose message names it, in Chinese first)."""
from award_shared import errors
from award_shared.store.prepared import Prepared


def one_or_404(session, query, message, message_en, lock=False, params=None):
    """The first row of ``query`` (with its bound ``params``, for a statement built once) as a
    mapping — locked ``FOR UPDATE`` when ``lock`` — or :class:`errors.NotFound` with
    ``message`` / ``message_en``."""
    if isinstance(query, Prepared):  # built once; FOR UPDATE, if wanted, is in it already
        row = query.first(session, params)
    else:
        row = session.execute(query.with_for_update() if lock else query, params).mappings().first()
    if row is None:
        raise errors.NotFound(message, message_en)
    return row


def session_of(tx_or_session):
    """The connection to run on: a unit of work's (``tx``), or the session given. The kit's
    functions a service calls (``holds.guard``, ``cycles.load_cycle``, ``cycles.sits`` …) take
    either, so a workflow passes its ``tx`` as it is."""
    return getattr(tx_or_session, "session", tx_or_session)
