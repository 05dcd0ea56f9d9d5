"""The award's rules as versioned data: one *rule set* per edition of the Measures.

A rule set holds what Art. 2, 6, 10-12, 15, 17, 19, 29 and 30 make countable (quotas,
items, eligibility, review weights, tilt, notice length, revocation grounds) together
with the dates it is in force (Art. 31). A cycle is bound to the rule set in force on its
opening date; a new edition of the Measures is a new file, not a code change.
Pure: no nameko, no SQLAlchemy, no clock.

This module is the stable import path; the code lives in ``ruleset_schema`` (the document's
shape and its validation) and ``ruleset_library`` (loading, hashing, the rule set in force,
the small readers the services share).
"""
from award_rules.ruleset_library import (
    SUFFIXES, RuleSetLibrary, canonical_sha256, category, gbt19580_total, load_ruleset,
)
from award_rules.ruleset_schema import (
    CATEGORY_KEYS, GBT19580_TOTAL, RUBRIC_TOTAL, STAGE_KEYS, AggregationSchema,
    CategoriesSchema, CategorySchema, ConditionSchema, EligibilitySchema, Gbt19580Schema,
    GroundSchema, IndividualEligibilitySchema, PublicNoticeSchema, ReviewSchema,
    RevocationGroundsSchema, RuleSetError, RuleSetSchema, SpreadFlagSchema, StageSchema,
    TiltKindSchema, TiltSchema, UnitEligibilitySchema, validate_ruleset,
)

__all__ = [
    # schema: the document's shape and its validation
    "CATEGORY_KEYS", "STAGE_KEYS", "GBT19580_TOTAL", "RUBRIC_TOTAL", "RuleSetError",
    "CategorySchema", "CategoriesSchema", "ConditionSchema", "UnitEligibilitySchema",
    "IndividualEligibilitySchema", "EligibilitySchema", "Gbt19580Schema", "StageSchema",
    "AggregationSchema", "SpreadFlagSchema", "ReviewSchema", "TiltKindSchema", "TiltSchema",
    "PublicNoticeSchema", "GroundSchema", "RevocationGroundsSchema", "RuleSetSchema",
    "validate_ruleset",
    # library: loading, hashing, the rule set in force, readers
    "SUFFIXES", "load_ruleset", "canonical_sha256", "RuleSetLibrary", "category",
    "gbt19580_total",
]
