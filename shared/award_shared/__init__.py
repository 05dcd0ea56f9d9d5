"""The shared kit of the Jinan Mayor's Quality Award suite (济南市市长质量奖): its front door.

A service imports what it builds with from here, and the award's own rules from
``award_rules`` — nothing else of the kit::

    from award_shared import KitService, api, consume, errors, events

    class RevocationService(CycleReplica, KitService):
        name = "revocation"

        @consume(events.AwardGranted, sources=("publicity",))
        def on_award_granted(self, tx, granted): ...

        @api("POST", "/v1/cases/<case_id>/decision", roles=("government",), body=DecisionSchema())
        def decide(self, tx, call, case_id):
            ...; tx.publish(events.AwardRevoked(award_id=..., cycle_id=..., ...))

The names (``__all__``, counted by ``tests/test_kit_shape.py``):

=================  ===============================================================================
``KitService``     the service base: unit of work, clock, outbox, inbox, holds, rosters, ops routes
``CycleReplica``   mixin of a service that follows intake's cycles (``/v1/cycles``)
``Work``           the unit of work a method receives as ``tx``: ``first``/``all``/``one_or_404``/
                   ``insert_if_absent``/``run``, ``publish``, ``audit``, ``transition``, ``now``
``api``            an HTTP route (``@api(method, path, roles=…, body=Schema())``)
``consume``        an event consumer (``@consume(events.X)``), exactly once through the inbox
``every``          a timer (``@every("SETTING", default=seconds)``) in its own unit of work
``errors``         the errors a rule raises (``RuleViolation``, ``Forbidden``, ``NotFound`` …)
``events``         one class per event type (``events.AwardRevoked``) and ``events.CLASSES``
``holds``          the hold rule every step owner enforces (``holds.guard``, ``place``, ``release``)
``cycles``         the copy of the cycles and who sits on them (``load_cycle``, ``sits`` …)
``tables``         what tables and queries are built with (``KIT``, ``CYCLES``, ``Instant``,
                   ``Prepared``, ``KeyedUpdate``)
``fields``         marshmallow fields of the contract (``id_field``, ``Money``, ``Pattern`` …)
``pages``          the Chinese HTML pages (``page``, ``table``, ``json_or_html``)
``paging``         a list a page at a time: ``PageQuery.of(noun)`` (``after``, ``limit``), ``page()``
                   (the keyset read and the ``next`` cursor)
``answers``        answer schemas more than one service declares (``Filed``, ``Identity``)
``migrations``     what a service's Alembic env and revisions call (``run_env``, ``kit_v1_upgrade`` …)
``Documents``      the document store a service keeps its uploads in
``Setting``        a value built once from the service's config (``Setting(lambda config: …)``)
``fernet_keys``    Fernet keys of a setting, newest first, for what is kept encrypted at rest
=================  ===============================================================================

The floors under it (``store/``, ``bus/``, ``web/``, ``ops/``, ``events/``) are the kit's own;
``docs/developing.md`` walks a request and an event through them. Names are loaded on first
use, so a tool that needs only the events does not load nameko.
"""
import importlib
import warnings

#: notices of what we chose knowingly (docs/design.md, "Why eventlet, and the log"): eventlet,
#: nameko 2.14's runtime, announces its deprecation in nine lines at import; setuptools warns
#: that ``pkg_resources``, which nameko's command imports, will go. Filtered when the kit is
#: first imported: a command or module that may import nameko first imports the kit.
QUIET = (r"\s*Eventlet is deprecated", r"pkg_resources is deprecated as an API")
for _message in QUIET:
    warnings.filterwarnings("ignore", message=_message)

#: name -> (module, attribute; None: the module itself)
_FRONT_DOOR = {
    "KitService": ("award_shared.service", "KitService"),
    "CycleReplica": ("award_shared.cycles", "CycleReplica"),
    "Work": ("award_shared.store.uow", "Work"),
    "api": ("award_shared.web.http", "api"),
    "consume": ("award_shared.bus.consumer", "consume"),
    "every": ("award_shared.timers", "every"),
    "errors": ("award_shared.errors", None),
    "events": ("award_shared.events", None),
    "holds": ("award_shared.holds", None),
    "cycles": ("award_shared.cycles", None),
    "tables": ("award_shared.tables", None),
    "fields": ("award_shared.events.fields", None),
    "pages": ("award_shared.web.pages", None),
    "paging": ("award_shared.web.paging", None),
    "answers": ("award_shared.web.answers", None),
    "migrations": ("award_shared.store.migrations", None),
    "Documents": ("award_shared.documents", "Documents"),
    "Setting": ("award_shared.settings", "Setting"),
    "fernet_keys": ("award_shared.fernet_keys", None),
}
__all__ = sorted(_FRONT_DOOR)


def __getattr__(name):
    try:
        module, attribute = _FRONT_DOOR[name]
    except KeyError:
        raise AttributeError(f"award_shared has no {name!r}; the front door is {', '.join(__all__)}") from None
    value = importlib.import_module(module)
    if attribute is not None:
        value = getattr(value, attribute)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
