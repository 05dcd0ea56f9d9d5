"""Issue 9: what each service consumes is derived from its @consume declarations; the table the
topology command reads (checked in, for an operator who installs one service alone) must equal
what the services declare. Regenerate it with scripts/derive."""
from award_shared.bus import subscriptions
from award_shared.bus.topology import SUBSCRIPTIONS
from award_tools.subscriptions import derive


def test_the_checked_in_subscriptions_are_the_services_own_declarations():
    derived = derive()
    assert subscriptions.load() == derived, "run scripts/derive and commit shared/award_shared/bus/subscriptions.json"
    assert SUBSCRIPTIONS == derived
