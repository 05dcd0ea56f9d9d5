"""One idiom for the lifecycles of the Measures, tested one way: a lifecycle is data — its
states, and transitions each with the states it leaves (``sources``), the state it reaches,
its name, the role that takes it and the article it rests on — drawn in the service's README
as a mermaid ``stateDiagram-v2``; a unit test holds the drawing equal to the data and checks
that every state is reached and every one can come to rest.

    from award_testing.state_machines import diagrams, drawn, reachable

    def test_the_readme_draws_every_transition_of_the_data_and_no_other():
        [diagram] = diagrams(README, marker="domain/case_states.py")
        assert diagram.arrows == drawn(cs.TRANSITIONS, label=lambda t: f"{t.name} ({t.role})")
"""
import re
from dataclasses import dataclass

_BLOCK = re.compile(r"```mermaid\n(stateDiagram-v2\n.*?)```", re.S)
_ARROW = re.compile(r"^\s+(\w+) --> (\w+): (.+?)\s*$", re.M)
_START = re.compile(r"^\s+\[\*\] --> (\w+)\s*$", re.M)
_END = re.compile(r"^\s+(\w+) --> \[\*\]\s*$", re.M)


@dataclass(frozen=True)
class Diagram:
    arrows: frozenset   # (source, target, label)
    initial: tuple      # the states ``[*]`` leads to
    final: frozenset    # the states that lead to ``[*]``
    text: str


def diagrams(readme, marker=None):
    """The state diagrams of ``readme`` (a path), in order; ``marker``: only those whose text
    names it (e.g. a ``%% award_publicity/domain/objections.py`` comment)."""
    with open(readme, encoding="utf-8") as fh:
        blocks = _BLOCK.findall(fh.read())
    return [Diagram(frozenset(_ARROW.findall(b)), tuple(_START.findall(b)), frozenset(_END.findall(b)), b)
            for b in blocks if marker is None or marker in b]


def _target(transition, source):
    after = getattr(transition, "after", None)
    return after(source) if callable(after) else transition.target


def drawn(transitions, label=lambda t: t.name):
    """The arrows the data says the drawing must have: (source, target, label) per source."""
    return frozenset((source, _target(t, source), label(t)) for t in transitions for source in t.sources)


def reachable(start, transitions):
    """Every state reachable from ``start`` (itself included) through ``transitions``."""
    seen, todo = {start}, [start]
    while todo:
        state = todo.pop()
        for t in transitions:
            if state in t.sources and _target(t, state) not in seen:
                seen.add(_target(t, state))
                todo.append(_target(t, state))
    return seen
