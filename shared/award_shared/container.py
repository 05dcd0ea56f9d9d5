"""The kit's one adapter to nameko 2.14: every name the kit takes from nameko is imported here
and nowhere else (``tests/test_kit_imports.py`` fails on a ``nameko`` import in any other kit
module), so moving to another runtime starts — and, for the imports, ends — in this file.

What the kit builds on, and where (docs/nameko.md says why each matters):

- the extension model — ``Entrypoint``, ``DependencyProvider``, ``SharedExtension``,
  ``ProviderCollector``, ``ENTRYPOINT_EXTENSIONS_ATTR`` (one entrypoint per method) — for
  ``@api`` (:mod:`award_shared.web.http`), ``@consume`` and the inbox batch
  (:mod:`award_shared.bus.consumer`), the unit of work, the clock, the outbox relay, the
  database, the document store and the runtime's settings;
- ``ContainerBeingKilled``: a batch handed to a container that is going away is given back;
- nameko's web server (``WebServer``, ``WsgiApp``, ``HttpRequestHandler``, ``HttpOnlyProtocol``),
  which :mod:`award_shared.web.http` and :mod:`award_shared.web.http_protocol` harden;
- ``Timer`` for ``@every`` (:mod:`award_shared.timers`);
- the command line (``nameko run``) behind ``award-run`` (:mod:`award_shared.run`) and its
  YAML loader with ``${VAR:default}`` (:mod:`award_shared.config`).

Of nameko's objects the kit relies on these attributes besides their documented API:
``container.spawn_worker(..., handle_result=...)`` and ``spawn_managed_thread``,
``container.config`` and ``service_name``, an extension's ``container`` and ``method_name``, and a
``ProviderCollector``'s ``_providers``.
"""
from nameko.exceptions import ContainerBeingKilled
from nameko.extensions import (
    ENTRYPOINT_EXTENSIONS_ATTR, DependencyProvider, Entrypoint, ProviderCollector, SharedExtension)
from nameko.timer import Timer
from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import HttpOnlyProtocol, WebServer, WsgiApp

__all__ = ["ContainerBeingKilled", "DependencyProvider", "ENTRYPOINT_EXTENSIONS_ATTR", "Entrypoint",
           "HttpOnlyProtocol", "HttpRequestHandler", "ProviderCollector", "SharedExtension", "Timer", "WebServer",
           "WsgiApp", "run_command", "setup_yaml_parser"]


def setup_yaml_parser():
    """nameko's YAML loader: ``${VAR}`` and ``${VAR:default}`` from the environment. It changes
    ``yaml.SafeLoader`` globally, as ``nameko run`` does (a test reads such files as text)."""
    from nameko.cli.main import setup_yaml_parser as setup
    setup()


def run_command():
    """nameko's command line (``sys.argv`` already set)."""
    from nameko.cli.main import main
    return main()
