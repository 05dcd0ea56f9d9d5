"""The kit's JSON answers write instants as RFC 3339, the form the events carry, not Python's
``str()`` (a space instead of ``T``), so a client parses both with one parser."""
import json
import uuid
from datetime import date, datetime, timezone
from decimal import Decimal

from award_shared.web.http import json_response


def test_instants_dates_and_money_in_an_answer():
    at = datetime(2019, 9, 27, 1, 0, tzinfo=timezone.utc)
    ident = uuid.UUID("01234567-89ab-7def-8123-456789abcdef")
    body = json.loads(json_response({"recorded_at": at, "decided_on": date(2019, 10, 8),
                                     "prize": Decimal("200000.00"), "id": ident}).get_data())
    assert body == {"recorded_at": "2019-09-27T01:00:00+00:00", "decided_on": "2019-10-08",
                    "prize": "200000.00", "id": str(ident)}
    assert datetime.fromisoformat(body["recorded_at"]) == at
