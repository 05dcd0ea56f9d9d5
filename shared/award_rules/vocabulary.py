"""The award's vocabulary, shared by every service and by the event contract: the steps and
who owns them, the kinds of applicant, the categories, the items conferred, and the patterns
of identifiers and money (Art. 2, 6, 11-19).

Plain constants with no marshmallow in them (re-exported by :mod:`award_shared.events.schemas`).
"""
# -- vocabulary -------------------------------------------------------------------------

#: The steps of a cycle, in order (docs/design.md: "The cycle, step by step").
STEPS = (
    "notice", "application", "district_review",                               # Art. 13, 14
    "qualification_review", "material_review", "onsite_review", "defense",    # Art. 15
    "candidate_list",                                                         # Art. 16
    "deliberation", "public_notice", "objection_handling", "approval",        # Art. 16-18
    "conferral",                                                              # Art. 19-21
    "revocation",                                                             # Art. 29, 30
)
#: The service that owns each step and alone may complete it.
STEP_OWNER = {
    **dict.fromkeys(STEPS[0:3], "intake"),
    **dict.fromkeys(STEPS[3:8], "scoring"),
    **dict.fromkeys(STEPS[8:13], "publicity"),
    "revocation": "revocation",
}
#: the services of the cycle; feed, which serves the public events, is none of them
#: (award_shared.bus.topology.SERVICES lists every service process)
SERVICES = ("intake", "scoring", "supervision", "publicity", "revocation")
STEP_OWNERS = ("intake", "scoring", "publicity", "revocation")
#: The four review stages of Art. 15, in order.
REVIEW_STAGES = ("qualification_review", "material_review", "onsite_review", "defense")
KINDS = ("unit", "individual")
SECTORS = ("primary", "secondary", "tertiary")  # Art. 8: panels by industry
#: The four categories of Art. 2 (keys as in the rule set) and whom each goes to.
CATEGORY_KIND = {
    "unit_award": "unit",
    "individual_award": "individual",
    "unit_nomination": "unit",
    "individual_nomination": "individual",
}
CATEGORIES = tuple(CATEGORY_KIND)
#: What Art. 19 confers (and Art. 29 / 30 recover).
ITEMS = ("trophy", "plaque", "medal", "certificate")
#: The member kinds of the supervision group (Art. 9).
MEMBER_KINDS = ("npc_deputy", "cppcc_member", "government", "media", "lawyer")
#: Field names that would carry a resident ID number; none may appear in any payload.
FORBIDDEN_FIELD_NAMES = frozenset({
    "id_number", "resident_id", "id_card", "resident_id_number", "id_card_number",
    "identity_number", "identity_card", "citizen_id", "sfzh",
})

# Unified social credit code (GB 32100-2015): 18 characters, no I, O, Z, S or V.
CREDIT_CODE_PATTERN = r"^[0-9A-HJ-NPQRTUWXY]{18}$"
# person_key is an HMAC-SHA256 hex digest: it can never be mistaken for an ID number.
PERSON_KEY_PATTERN = r"^[0-9a-f]{64}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
# A citation as in the error body of contract.md: "Art. 10", "Art. 10(1)".
ARTICLE_PATTERN = r"^Art\. [1-9][0-9]?(\([1-9][0-9]?\))?$"
# A revocation ground names an item of the rule set bound to the award's edition: Art. 29 has 12
# (units) and Art. 30 has 10 (individuals) in the 2018 Measures; an award imported from an edition
# of the 2011 Measures is revoked on that rule set's own items (Art. 31), which it checks.
GROUND_PATTERN = r"^Art\. [1-9][0-9]?\([1-9][0-9]?\)$"
# Money in yuan as a JSON string, so no binary float ever rounds it.
MONEY_PATTERN = r"^(0|[1-9][0-9]*)(\.[0-9]{1,2})?$"

#: the review staff (评审工作人员) Art. 27 may disqualify, by the role they held
STAFF_ROLES = ("expert", "third_party", "office", "other")
