"""Alembic, per service: each service keeps its own migrations (``<package>/migrations``)
over its own tables plus the kit's (outbox, inbox, dead letters, audit log, holds).

``award-migrate intake`` upgrades the database named by ``services/intake/config.yaml``
(``DATABASE_URL`` or its environment override) to the newest revision.

A service's ``migrations/env.py`` and revisions reach this module through the front door
(``from award_shared import migrations``): ``migrations.run_env`` and the kit's own revisions,
``migrations.kit_v1_upgrade(op)`` … (:mod:`award_shared.store.kit_migrations`).
"""
import importlib
import os

from alembic import command
from alembic.config import Config

from award_shared.store.kit_migrations import (  # noqa: F401 - what a service's revisions call
    kit_v1_downgrade, kit_v1_upgrade, kit_v2_downgrade, kit_v2_upgrade, kit_v3_downgrade, kit_v3_upgrade,
    kit_v4_downgrade, kit_v4_upgrade, kit_v5_downgrade, kit_v5_upgrade,
    known_cycles_v1_downgrade, known_cycles_v1_upgrade, roster_rows)


def alembic_config(package, database_url):
    module = importlib.import_module(package)
    here = os.path.dirname(os.path.abspath(module.__file__))
    cfg = Config()
    cfg.set_main_option("script_location", os.path.join(here, "migrations"))
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    cfg.attributes["package"] = package
    return cfg


def upgrade(package, database_url, revision="head"):
    from award_shared.store.db import _ensure_sqlite_dir, is_sqlite
    if is_sqlite(database_url):
        _ensure_sqlite_dir(database_url)
    command.upgrade(alembic_config(package, database_url), revision)


def run_env(context, target_metadata):
    """The body of every service's ``migrations/env.py``."""
    import sqlalchemy as sa
    url = context.config.get_main_option("sqlalchemy.url")
    sqlite = url.startswith("sqlite")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True,
                          render_as_batch=sqlite)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=sqlite, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
