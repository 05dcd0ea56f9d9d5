"""Scoring's own tables (its database alone)."""
from award_shared.cycles import CYCLES
from award_shared.db import KIT

ALL = [KIT, CYCLES]
