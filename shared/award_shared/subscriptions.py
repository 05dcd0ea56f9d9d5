"""What each service consumes, derived from its ``@consume`` declarations.

An operator deploys one service alone and runs ``award-topology`` without the other services'
packages installed, so the derived table is generated into ``subscriptions.json`` beside this
module and checked in (``scripts/subscriptions`` rewrites it); ``tests/test_subscriptions.py``
fails when it differs from the services' declarations, and each service refuses to start if
its handlers and the table disagree (``award_shared.consumer``). A ``@consume`` without
``sources`` takes its event type from every service that may publish it.
"""
import json
import os

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "subscriptions.json")
SERVICE_CLASSES = {"intake": "IntakeService", "scoring": "ScoringService", "supervision": "SupervisionService",
                   "publicity": "PublicityService", "revocation": "RevocationService"}


def load():
    """service -> {source service -> [event types]}, as checked in."""
    with open(PATH, encoding="utf-8") as f:
        return json.load(f)


def derive():
    """The table from the services' own ``@consume`` declarations (needs every service installed)."""
    import importlib
    import inspect

    from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR

    from .consumer import Consume
    from .events.schemas import PUBLISHERS
    table = {}
    for service, class_name in SERVICE_CLASSES.items():
        cls = getattr(importlib.import_module(f"award_{service}.service"), class_name)
        sources = {}
        for _, method in inspect.getmembers(cls, inspect.isfunction):
            for entrypoint in getattr(method, ENTRYPOINT_EXTENSIONS_ATTR, ()):
                if isinstance(entrypoint, Consume):
                    for source in entrypoint.sources or PUBLISHERS[entrypoint.event_type]:
                        sources.setdefault(source, set()).add(entrypoint.event_type)
        table[service] = {source: sorted(types) for source, types in sorted(sources.items())}
    return table


def write(path=PATH):
    table = derive()  # first: deriving imports the services, which read the file being rewritten
    with open(path, "w", encoding="utf-8") as f:
        json.dump(table, f, indent=2, sort_keys=True)
        f.write("\n")
    return path
