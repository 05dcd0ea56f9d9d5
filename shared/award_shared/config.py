"""Service configuration: one ``config.yaml`` per service, every value overridable from the
environment with nameko's ``${VAR:default}`` syntax (style.md, principle 5).

``nameko run --config config.yaml`` reads the file itself; the other entry points
(migrations, benches, tests) read it through :func:`load_config` so both see the same values.
"""
import importlib
import os

import yaml

_parser_ready = False


def load_config(path, overrides=None):
    global _parser_ready
    if not _parser_ready:
        from award_shared.container import setup_yaml_parser
        setup_yaml_parser()
        _parser_ready = True
    with open(path, encoding="utf-8") as fh:
        config = yaml.safe_load(fh) or {}
    config.update(overrides or {})
    return config


def service_config_path(package_file):
    """The service's ``config.yaml``: beside its package in a checkout (``services/<name>/``),
    else, the package being installed as a wheel (the image: site-packages has no config),
    ``services/<name>/config.yaml`` under the working directory, where ``nameko run --config``
    finds it too (the image's /app)."""
    here = os.path.dirname(os.path.abspath(package_file))
    beside = os.path.join(os.path.dirname(here), "config.yaml")
    if os.path.exists(beside):
        return beside
    name = os.path.basename(here).removeprefix("award_")
    return os.path.join(os.getcwd(), "services", name, "config.yaml")


def database_url(package):
    """The database URL of ``package`` (``award_intake`` …, ``award_console``) as it reads it
    itself: its config.yaml's ``DATABASE_URL`` with the environment's override, or, for a
    package without a config.yaml (the staff console: its settings are environment variables),
    what its own ``database_url()`` answers. ``award-migrate`` and the migration's init
    container read it so."""
    module = importlib.import_module(package)
    own = getattr(module, "database_url", None)
    if callable(own):
        return own()
    return load_config(service_config_path(module.__file__))["DATABASE_URL"]
