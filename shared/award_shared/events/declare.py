"""Each event type is declared once, on its payload schema: its name, who publishes it, which
field is its subject, its version, a valid sample and one invalid variation of it.

Everything else is derived from these declarations: the registries of
:mod:`award_shared.events.schemas` (``DATA_SCHEMAS``, ``PUBLISHERS``, ``SUBJECT_FIELD``,
``SCHEMA_VERSION``), the samples of :mod:`award_shared.events.samples`, the JSON Schema
export and the schema tests. Adding an event type is one decorated class here, its publisher's
``tx.publish(TheEvent(...))`` and its consumer's ``@consume(TheEvent)``.

The decorator turns the payload schema into an **event class** (:class:`Event`) of the same name:
``AwardRevoked(award_id=..., cycle_id=..., ...)`` is an event value, checked as it is built (a
field its type does not have, or a required one left out, is a ``TypeError`` naming it, in the
workflow that wrote it); ``AwardRevoked.type`` is its routing key, ``AwardRevoked.Schema`` the
marshmallow schema of its ``data``. A consumer registered with ``@consume(AwardRevoked)``
receives an ``AwardRevoked``: its fields as attributes (``revoked.award_id``), the envelope
beside them (``revoked.id``, ``.time``, ``.sequence``, ``.source_service``) and the JSON as
sent in ``.data``.
"""
from dataclasses import dataclass

#: Event type -> its :class:`Declaration`, in the order the payload modules declare them.
DECLARED = {}


@dataclass(frozen=True)
class Declaration:
    type: str
    schema: type
    publishers: tuple
    subject: str
    sample: dict
    invalid: tuple  # (field, value): the sample with this one field so changed must be refused
    version: int = 1


def event(event_type, *, publishers, subject, sample, invalid, version=1):
    """Declare ``event_type`` on the payload schema class it decorates; the name it is bound to
    becomes the event class (:class:`Event`), the schema its ``Schema``."""
    def register(cls):
        if event_type in DECLARED:
            raise ValueError(f"event type {event_type!r} is declared twice")
        if subject not in cls._declared_fields:
            raise ValueError(f"{event_type}: the subject field {subject!r} is not a field of {cls.__name__}")
        clash = set(cls._declared_fields) & _ENVELOPE_NAMES
        if clash:
            raise ValueError(f"{event_type}: {', '.join(sorted(clash))} would hide the envelope's attribute")
        declaration = Declaration(event_type, cls, tuple(publishers), subject, sample, tuple(invalid), version)
        DECLARED[event_type] = declaration
        return type(cls.__name__, (Event,), {
            "__doc__": cls.__doc__, "__module__": cls.__module__, "__qualname__": cls.__qualname__,
            "__slots__": (), "type": event_type, "Schema": cls, "declaration": declaration,
            "fields": tuple(cls._declared_fields)})
    return register


#: What a received event answers from its envelope (a payload field of that name is refused).
#: ``subject`` is the envelope's too: the holds' and findings' own ``subject`` field (who is
#: held or found against) is read as ``.data["subject"]``.
_ENVELOPE_NAMES = frozenset({"id", "type", "source", "source_service", "time", "sequence", "data",
                             "dataschema", "raw", "envelope", "declaration", "fields", "Schema"})


class Event:
    """An event value of one declared type (see the module's docstring).

    Built by a workflow: ``AwardRevoked(award_id="award-2019-01", cycle_id=..., ...)``; published
    with ``tx.publish(...)``, which validates it against its schema and takes the envelope's
    subject and cycle from its declared fields. Received by a consumer: the same class, with the
    envelope it came in (``.envelope``)."""

    __slots__ = ("data", "envelope")
    type = None         # the routing key, e.g. "award.revoked"
    Schema = None       # the marshmallow schema class of ``data``
    declaration = None  # its :class:`Declaration`
    fields = ()

    def __init__(self, **data):
        if type(self).declaration is None:
            raise TypeError("Event is the base of the declared event classes; build one of them")
        unknown = [name for name in data if name not in self.fields]
        if unknown:
            raise TypeError(f"{type(self).__name__} ({self.type}) has no field {', '.join(sorted(unknown))}")
        declared = self.Schema._declared_fields
        missing = [name for name in self.fields if declared[name].required and name not in data]
        if missing:
            raise TypeError(f"{type(self).__name__} ({self.type}) needs {', '.join(missing)}")
        self.data = data
        self.envelope = None

    @classmethod
    def received(cls, envelope):
        """The event a consumer gets: ``envelope`` (an ``envelope.Event`` decoded from the bus,
        already validated) as this class; fields the class does not know yet are kept in ``data``."""
        if envelope.type != cls.type:
            raise TypeError(f"a {envelope.type} event is not a {cls.type} ({cls.__name__})")
        value = cls.__new__(cls)
        value.data = envelope.data
        value.envelope = envelope
        return value

    def __getattr__(self, name):
        if name in type(self).fields and name != "subject":
            return self.data.get(name)
        raise AttributeError(f"{type(self).__name__} ({self.type}) has no field {name!r}")

    def __eq__(self, other):
        return type(other) is type(self) and other.data == self.data

    def __hash__(self):
        return hash((self.type, self.subject))

    def __repr__(self):
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.data.items())})"

    # -- the envelope's side -------------------------------------------------------------------
    @property
    def subject(self):
        """The thing the event is about: the envelope's subject, which a publisher takes from the
        declared subject field (the payload's own ``subject`` field, where there is one, is
        ``.data["subject"]``)."""
        if self.envelope is not None:
            return self.envelope.subject
        return str(self.data[self.declaration.subject])

    @property
    def cycle_id(self):
        """The cycle the event belongs to (every payload names it)."""
        if self.envelope is not None:
            return self.envelope.cycle_id
        return self.data.get("cycle_id")

    def _envelope(self, name):
        if self.envelope is None:
            raise AttributeError(f"{name}: {type(self).__name__} has not been received; only a consumed event has it")
        return getattr(self.envelope, name)

    id = property(lambda self: self._envelope("id"), doc="the envelope's id (a consumed event)")
    time = property(lambda self: self._envelope("time"), doc="when the publisher's change committed")
    sequence = property(lambda self: self._envelope("sequence"), doc="the source's sequence for the subject")
    source = property(lambda self: self._envelope("source"))
    source_service = property(lambda self: self._envelope("source_service"))
    dataschema = property(lambda self: self._envelope("dataschema"))
    raw = property(lambda self: self._envelope("raw"))

