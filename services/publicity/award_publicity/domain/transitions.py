"""A transition of one of publicity's lifecycles (objections, the leading group's submission,
the supervision group's opinions): the states it may start from, the state it leads to, the
role that takes it, and how the office says it. Each lifecycle holds its own table of them."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple   # the states it may start from
    target: str      # the state it leads to
    role: str        # the role that takes it
    label: str       # as the office would say it
