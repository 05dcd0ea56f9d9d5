"""What each service consumes, as derived from its ``@consume`` declarations.

An operator deploys one service alone and runs ``award-topology`` without the other services'
packages installed, so the derived table is generated into ``subscriptions.json`` beside this
module and checked in (``scripts/derive`` rewrites it, through
``award_tools.subscriptions``: deriving imports every service, which is a command's business,
not a running service's); ``tests/test_subscriptions.py`` fails when it differs from the
services' declarations, and each service refuses to start if its handlers and the table
disagree (``award_shared.bus.consumer``). A ``@consume`` without
``sources`` takes its event type from every service that may publish it.
"""
import json
import os

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "subscriptions.json")
SERVICE_CLASSES = {"intake": "IntakeService", "scoring": "ScoringService", "supervision": "SupervisionService",
                   "publicity": "PublicityService", "revocation": "RevocationService",
                   "feed": "FeedService"}


def load():
    """service -> {source service -> [event types]}, as checked in."""
    with open(PATH, encoding="utf-8") as f:
        return json.load(f)
