"""One valid ``data`` payload per event type, for tests across the suite: each the sample its
declaration carries (:mod:`award_shared.events.declare`).

The people and units are invented (:mod:`award_shared.events.examples`); ``person_key`` values
are digests of made-up strings, so no resident ID number appears here either. Copy before
changing one: ``dict(SAMPLES[t])`` or ``copy.deepcopy(SAMPLES[t])``.
"""
from award_shared.events.examples import (  # noqa: F401 - re-exported, as before
    CYCLE, EMPLOYER_CREDIT_CODE, PERSON_APPLICATION, PERSON_KEY, RULESET, RULESET_SHA256, UNIT_APPLICATION,
    UNIT_CREDIT_CODE)
from award_shared.events.schemas import DECLARED

SAMPLES = {t: d.sample for t, d in DECLARED.items()}
#: Event type -> (field, value): the sample with that one field so changed is refused.
INVALID = {t: d.invalid for t, d in DECLARED.items()}
