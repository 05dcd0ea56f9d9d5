"""The business clock in a running service: one :class:`~award_rules.clock.BusinessClock`
per container, built from its config; :mod:`award_rules.clock` itself stays free of nameko
so that plain modules (rules, command-line tools) can use it.
"""
import json
import logging
from datetime import datetime, timezone

import sqlalchemy as sa
from award_shared.container import DependencyProvider, SharedExtension

from award_rules.clock import BusinessClock, ClockError
from award_shared.store import db
from award_shared.store.db_provider import Database

log = logging.getLogger(__name__)
MOVED = "clock.set"  # the audit action of an operator's move, which records the state to resume
#: the newest moves, newest first: read through the audit log's index by action (kit v2)
LAST_MOVES = (sa.select(db.audit_log.c.detail).where(db.audit_log.c.action == MOVED)
              .order_by(db.audit_log.c.id.desc()).limit(50))


def setting_of(config):
    return str(config.get("CLOCK", "wall") or "wall").strip()


def move_record(config, clock):
    """What an audited move of the clock records, so that a restart can resume from it."""
    return {"setting": setting_of(config), "mode": clock.mode, "at": clock.now().isoformat(),
            "wall": datetime.now(timezone.utc).isoformat()}


class ServiceClock(SharedExtension):
    """The container's one business clock, built from ``CLOCK``, ``CLOCK_MIN`` and
    ``CLOCK_MAX``: the unit of work stamps with it and the operations routes move it.

    A fixed or simulated clock survives a restart: every move is audited with the configured
    setting, the business time and the wall time it was made at, and on start the clock
    resumes from the last move made under the same ``CLOCK`` setting (a simulated clock has
    run on meanwhile). Changing ``CLOCK`` starts afresh; the wall clock is never moved.
    """
    database = Database()

    def setup(self):
        config = self.container.config
        self.setting = setting_of(config)
        self.clock = BusinessClock.from_setting(self.setting, config.get("CLOCK_MIN"), config.get("CLOCK_MAX"))

    def start(self):
        if self.clock.mode == "wall":
            return
        try:
            moved = self._last_move()
        except Exception as exc:  # noqa: BLE001 - an unmigrated database: start from the setting
            log.warning("%s: the business clock starts from %s (%s)", self.container.service_name, self.setting,
                        exc.__class__.__name__)
            return
        if moved is not None:
            self._resume(moved)

    def _last_move(self):
        with self.database.engine.connect() as conn:
            rows = conn.execute(LAST_MOVES).scalars().all()
        for detail in rows:
            state = json.loads(detail) if detail else {}
            if state.get("setting") == self.setting and state.get("at"):
                return state
        return None

    def _resume(self, state):
        at = datetime.fromisoformat(state["at"])
        if self.clock.mode == "simulated" and state.get("wall"):
            at += datetime.now(timezone.utc) - datetime.fromisoformat(state["wall"])
        try:
            self.clock.set(at)
        except ClockError as exc:
            log.warning("%s: cannot resume the business clock at %s: %s", self.container.service_name, at, exc)
            return
        log.info("%s: the business clock resumes at %s", self.container.service_name, at.isoformat())


class Clock(DependencyProvider):
    """Gives a worker the service's :class:`BusinessClock`."""
    source = ServiceClock()

    def get_dependency(self, worker_ctx):
        return self.source.clock
