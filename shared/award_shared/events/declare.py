"""Each event type is declared once, on its payload schema: its name, who publishes it, which
field is its subject, its version, a valid sample and one invalid variation of it.

Everything else is derived from these declarations: the registries of
:mod:`award_shared.events.schemas` (``DATA_SCHEMAS``, ``PUBLISHERS``, ``SUBJECT_FIELD``,
``SCHEMA_VERSION``), the samples of :mod:`award_shared.events.samples`, the JSON Schema
export and the schema tests. Adding an event type is one decorated class here, its publisher's
``tx.publish`` and its consumer's ``@consume``.
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
    """Declare ``event_type`` on the payload schema class it decorates."""
    def register(cls):
        if event_type in DECLARED:
            raise ValueError(f"event type {event_type!r} is declared twice")
        if subject not in cls._declared_fields:
            raise ValueError(f"{event_type}: the subject field {subject!r} is not a field of {cls.__name__}")
        DECLARED[event_type] = Declaration(event_type, cls, tuple(publishers), subject, sample, tuple(invalid),
                                           version)
        return cls
    return register
