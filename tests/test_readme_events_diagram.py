"""The README's diagram of the events between the services (its section "The services and the
events between them") against what the services' handlers consume: every arrow
``◄── events ── publisher`` under a service is an event that service's inbox takes from that
publisher, and every such event is drawn — but for what every service follows (the cycles, the
holds, who sits on a cycle), which the paragraph under the diagram names instead. What the
handlers consume is ``subscriptions.json``, derived from their ``@consume`` declarations
(tests/test_subscriptions.py keeps the two equal). Reads two files: no service is started."""
import os
import re

from award_shared.bus import subscriptions

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECTION = "## The services and the events between them"
#: what every service follows, named under the diagram rather than drawn
FOLLOWED = {"cycle.opened", "cycle.closed", "hold.placed", "hold.released", "agency.appointed",
            "staff.disqualified", "supervision.group_appointed", "supervision.group_dissolved"}
SERVICE = re.compile(r"\b(%s) :\d{4}\b" % "|".join(subscriptions.SERVICE_CLASSES))
ARROW = re.compile(r"^\s+◄── (?P<events>[a-z_., ]+?) ─+ (?P<publishers>[a-z, ]+)$")


def section():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        text = fh.read()
    start = text.index(SECTION)
    return text[start:text.index("\n## ", start + 1)]


def drawn(text):
    """{(publisher, consumer, event)} of the diagram's arrows, and the services it has a row for."""
    diagram = text[text.index("```\n") + 4:text.index("\n```", text.index("```\n") + 4)]
    arrows, services, consumer = set(), [], None
    for line in diagram.splitlines():
        arrow = ARROW.match(line)
        if arrow:
            assert consumer, f"an arrow before any service: {line!r}"
            for publisher in arrow["publishers"].split(", "):
                arrows |= {(publisher, consumer, event) for event in arrow["events"].split(", ")}
        elif SERVICE.search(line):
            consumer = SERVICE.search(line).group(1)
            services.append(consumer)
        elif "◄──" in line and line.startswith("    "):
            raise AssertionError(f"an arrow the test cannot read (◄── events ── publisher): {line!r}")
    return arrows, services


def declared():
    return {(publisher, consumer, event) for consumer, by in subscriptions.load().items()
            for publisher, events in by.items() for event in events if event not in FOLLOWED}


def test_every_arrow_of_the_readme_diagram_is_an_event_a_service_consumes_and_every_one_is_drawn():
    text = section()
    arrows, services = drawn(text)
    assert sorted(services) == sorted(subscriptions.SERVICE_CLASSES), services
    missing, stale = declared() - arrows, arrows - declared()
    assert not missing, f"README's diagram lacks these arrows (publisher, consumer, event): {sorted(missing)}"
    assert not stale, f"README's diagram draws what no service consumes: {sorted(stale)}"
    prose = text[text.index("\n```\n", text.index("```\n") + 4):]
    assert not [e for e in FOLLOWED if f"`{e}`" not in prose], "the paragraph under the diagram names what it leaves out"


def test_the_check_reads_an_arrow_and_misses_a_dropped_one():
    """The diagram as it was before revocation's row (issue 31, item 10) fails the check."""
    text = section()
    before = text.replace("     ◄── application.recommended ─", "     ◄── award.granted ─", 1)
    arrows, _ = drawn(before)
    assert ("intake", "revocation", "application.recommended") in declared() - arrows
