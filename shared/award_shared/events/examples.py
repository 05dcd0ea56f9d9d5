"""The invented people, units and cycle the event samples speak of.

The people and units are invented; ``person_key`` values are digests of made-up strings,
so no resident ID number appears here either. Copy before changing one:
``dict(SAMPLES[t])`` or ``copy.deepcopy(SAMPLES[t])``.
"""
import hashlib

CYCLE = "cycle-2019"
UNIT_APPLICATION = "app-2019-0001"
PERSON_APPLICATION = "app-2019-0002"
UNIT_CREDIT_CODE = "91370100MA3C4XYD8F"  # valid per GB 32100 (both check characters)
EMPLOYER_CREDIT_CODE = "91370100163051232N"
PERSON_KEY = hashlib.sha256(b"sample person, not an ID number").hexdigest()
RULESET = {
    "id": "jinan-2018",
    "in_force": {"from": "2018-12-07", "to": "2021-12-06"},
    "quotas": {"unit_award": 5, "individual_award": 3,
               "unit_nomination": 3, "individual_nomination": 2},
    "public_notice_working_days": 5,
}
RULESET_SHA256 = hashlib.sha256(b"jinan-2018 rule set").hexdigest()

