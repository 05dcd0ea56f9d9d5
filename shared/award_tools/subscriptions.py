"""Derive what each service consumes from its ``@consume`` declarations, and write the
checked-in table ``award_shared/bus/subscriptions.json`` (``scripts/derive``)."""
import importlib
import inspect
import json

from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR

from award_shared.bus.consumer import Consume
from award_shared.bus.subscriptions import PATH, SERVICE_CLASSES
from award_shared.events.schemas import PUBLISHERS


def derive():
    """The table from the services' own ``@consume`` declarations (needs every service installed)."""
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
