"""The marshmallow schema of a rule set: the document's shape and its validation.

Field helpers, one schema per part of the Measures (categories, eligibility, review, tilt,
public notice, revocation grounds), the whole-document ``RuleSetSchema`` with its cross-checks,
and ``validate_ruleset``, which turns marshmallow's messages into ``RuleSetError`` problems.
Pure: no nameko, no SQLAlchemy, no clock.
"""
import holidays
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

CATEGORY_KEYS = ("unit_award", "individual_award", "unit_nomination", "individual_nomination")
STAGE_KEYS = ("qualification", "material", "onsite", "defense")
GBT19580_TOTAL = 1000
RUBRIC_TOTAL = 100
_KEY = r"^[a-z][a-z0-9_]*$"


class RuleSetError(Exception):
    """A rule set (or a library of them) that cannot be trusted; ``problems`` says why."""

    def __init__(self, problems, source=None):
        self.problems = list(problems)
        self.source = str(source) if source else None
        where = f"{self.source}: " if self.source else ""
        super().__init__(where + "invalid rule set: " + "; ".join(self.problems))


# -- field helpers: messages name the bound, so a problem reads "quota: must be >= 0" --

def _int(minimum=0, **kw):
    return fields.Integer(required=True, strict=True,
                          validate=validate.Range(min=minimum, error="must be >= {min}"), **kw)


def _number(minimum=0, **kw):
    kw.setdefault("required", True)
    return _Number(validate=validate.Range(min=minimum, error="must be >= {min}"), **kw)


def _text():
    return fields.String(required=True, validate=validate.Length(min=1, error="must not be empty"))


def _one_of(choices):
    return validate.OneOf(choices, error="must be one of: {choices}")


class _Number(fields.Number):
    """An int or a float kept as written (600 stays 600), so the canonical hash is stable."""
    num_type = float

    def _format_num(self, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.make_error("invalid")
        return value


def _unique(items, key, label):
    seen = [item[key] for item in items if key in item]
    duplicates = sorted({k for k in seen if seen.count(k) > 1})
    if duplicates:
        raise ValidationError(f"{label} repeated: {', '.join(duplicates)}")


# -- Art. 2, 6, 19: the four categories --

class CategorySchema(Schema):
    name = _text()
    kind = fields.String(required=True, validate=_one_of(["unit", "individual"]))
    quota = _int(0)  # a ceiling (不超过); a category may stay partly or wholly vacant
    items = fields.List(fields.String(validate=_one_of(["trophy", "plaque", "medal", "certificate"])),
                        required=True, validate=validate.Length(min=1, error="must not be empty"))
    bars_reapplication = fields.Boolean(required=True)
    min_score = _number(0)  # on the kind's scale: GB/T 19580 total for units, rubric total for individuals
    prize_amount = _number(0, required=False, allow_none=True, load_default=None)
    # Art. 28: the items (trophy, plaque, medal) the edition gives a number of their own, which the
    # public verifies like a certificate's; absent means none (the edition's choice, docs/design.md)
    numbered_items = fields.List(fields.String(validate=_one_of(["trophy", "plaque", "medal"])), required=False)

    @validates_schema
    def _numbered_items_conferred(self, data, **kwargs):
        extra = sorted(set(data.get("numbered_items") or ()) - set(data.get("items") or ()))
        if extra:
            raise ValidationError(f"not conferred in this category: {', '.join(extra)}", field_name="numbered_items")


class CategoriesSchema(Schema):
    unit_award = fields.Nested(CategorySchema, required=True)
    individual_award = fields.Nested(CategorySchema, required=True)
    unit_nomination = fields.Nested(CategorySchema, required=True)
    individual_nomination = fields.Nested(CategorySchema, required=True)

    @validates_schema(skip_on_field_errors=False)
    def _kind_matches_key(self, data, **kwargs):
        errors = {}
        for key, category in data.items():
            expected = key.split("_", 1)[0]
            if category.get("kind") not in (None, expected):
                errors[key] = {"kind": [f"must be {expected} for {key}"]}
        if errors:
            raise ValidationError(errors)


# -- Art. 10, 12: eligibility --

class ConditionSchema(Schema):
    item = fields.String(required=True, validate=validate.Regexp(r"^Art\. \d+\(\d+\)$",
                                                                 error='must look like "Art. 10(1)"'))
    text = _text()
    summary = _text()
    # machine: checked from recorded years, dates and incidents; people: declared with
    # evidence and judged by the district, then the third party, who record the reason
    decided_by = fields.String(required=True, validate=_one_of(["machine", "people"]))


def _conditions():
    return fields.List(fields.Nested(ConditionSchema), required=True,
                       validate=validate.Length(min=1, error="must not be empty"))


class _EligibilitySchema(Schema):
    @validates_schema(skip_on_field_errors=False)
    def _items_unique(self, data, **kwargs):
        if "conditions" in data:
            try:
                _unique(data["conditions"], "item", "item")
            except ValidationError as error:
                raise ValidationError(error.messages, field_name="conditions")


class UnitEligibilitySchema(_EligibilitySchema):
    min_main_business_years = _int(0)
    lookback_years = _int(1)
    conditions = _conditions()


class IndividualEligibilitySchema(_EligibilitySchema):
    min_quality_work_years = _int(0)
    lookback_years = _int(1)
    conditions = _conditions()


class EligibilitySchema(Schema):
    unit = fields.Nested(UnitEligibilitySchema, required=True)
    individual = fields.Nested(IndividualEligibilitySchema, required=True)


# -- Art. 7(2), 8, 15: review --

class Gbt19580Schema(Schema):
    """The seven categories of GB/T 19580 (卓越绩效评价准则) and their points."""
    leadership = _int(0)
    strategy = _int(0)
    customers_market = _int(0)
    resources = _int(0)
    process_management = _int(0)
    measurement_analysis_improvement = _int(0)
    results = _int(0)

    @validates_schema(skip_on_field_errors=False)
    def _sums_to_total(self, data, **kwargs):
        if len(data) == len(self.fields) and sum(data.values()) != GBT19580_TOTAL:
            raise ValidationError(f"must sum to {GBT19580_TOTAL} (got {sum(data.values())})")


class StageSchema(Schema):
    key = fields.String(required=True, validate=_one_of(list(STAGE_KEYS)))
    name = _text()
    mode = fields.String(required=True, validate=_one_of(["pass_fail", "scored"]))


class AggregationSchema(Schema):
    method = fields.String(required=True, validate=_one_of(["trimmed_mean", "mean"]))
    trim_when_at_least = _int(3)  # fewer scores than this: plain mean, nothing dropped


class SpreadFlagSchema(Schema):
    unit = _number(0)
    individual = _number(0)


class ReviewSchema(Schema):
    panel_size = _int(1)
    gbt19580 = fields.Nested(Gbt19580Schema, required=True)
    individual_rubric = fields.Dict(keys=fields.String(validate=validate.Regexp(_KEY)),
                                    values=fields.Integer(strict=True, validate=validate.Range(
                                        min=0, error="must be >= {min}")), required=True)
    stages = fields.List(fields.Nested(StageSchema), required=True,
                         validate=validate.Length(min=1, error="must not be empty"))
    stage_weights = fields.Dict(keys=fields.String(), values=_Number(validate=validate.Range(
        min=0, error="must be >= {min}")), required=True)
    aggregation = fields.Nested(AggregationSchema, required=True)
    spread_flag_points = fields.Nested(SpreadFlagSchema, required=True)
    # the scored stages whose sheets a panel may sign on paper for the agency to transcribe: the
    # edition's choice, not a rule of the Measures; absent means onsite and defense
    # (docs/design.md, "Rules the Measures do not make")
    paper_sheets = fields.List(fields.String(validate=_one_of(list(STAGE_KEYS))), required=False)

    @validates_schema(skip_on_field_errors=False)
    def _totals(self, data, **kwargs):
        errors = {}
        rubric = data.get("individual_rubric")
        if rubric is not None and sum(rubric.values()) != RUBRIC_TOTAL:
            errors["individual_rubric"] = [f"must sum to {RUBRIC_TOTAL} (got {sum(rubric.values())})"]
        stages, weights = data.get("stages"), data.get("stage_weights")
        if stages is not None:
            try:
                _unique(stages, "key", "stage")
            except ValidationError as error:
                errors["stages"] = error.messages
        paper = data.get("paper_sheets")
        if stages is not None and paper is not None:
            scored = {s["key"] for s in stages if s.get("mode") == "scored"}
            if set(paper) - scored:
                errors["paper_sheets"] = [f"must name scored stages only: {', '.join(sorted(scored))}"]
        if stages is not None and weights is not None:
            scored = {s["key"] for s in stages if s.get("mode") == "scored"}
            if set(weights) != scored:
                errors["stage_weights"] = [f"must weigh exactly the scored stages: {', '.join(sorted(scored))}"]
            elif abs(sum(weights.values()) - 1) > 1e-9:
                errors["stage_weights"] = [f"must sum to 1 (got {sum(weights.values()):g})"]
        if errors:
            raise ValidationError(errors)


# -- Art. 11: tilt; Art. 17: public notice; Art. 29, 30: revocation grounds --

class TiltKindSchema(Schema):
    key = fields.String(required=True, validate=validate.Regexp(_KEY))
    description = _text()
    bonus_points = _number(0)
    # Art. 11 tilts the SME kind towards 中小型单位: a unit declaring sme=false cannot claim it
    requires_sme = fields.Boolean(required=False)


class TiltSchema(Schema):
    applies_to = fields.List(fields.String(validate=_one_of(["unit", "individual"])), required=True)
    kinds = fields.List(fields.Nested(TiltKindSchema), required=True)
    max_total_bonus = _number(0)

    @validates_schema(skip_on_field_errors=False)
    def _keys_unique(self, data, **kwargs):
        try:
            _unique(data.get("kinds", []), "key", "tilt kind")
        except ValidationError as error:
            raise ValidationError(error.messages, field_name="kinds")


class SupervisionSchema(Schema):
    """Art. 9: whether each kind of member the article lists must sit on the group (a choice;
    absent means yes)."""
    require_listed_kinds = fields.Boolean(required=False)


class PublicNoticeSchema(Schema):
    working_days = _int(1)
    calendar = fields.String(required=True, validate=_one_of(sorted(holidays.list_supported_countries())))
    # whether an objection must be signed (name and contact): the edition's choice, common
    # practice, not Art. 17 (which says only that objections are investigated and handled);
    # absent means signed (docs/design.md, "Rules the Measures do not make")
    objections_signed = fields.Boolean(required=False, truthy={True}, falsy={False})


class GroundSchema(Schema):
    item = fields.String(required=True, validate=validate.Regexp(r"^Art\. \d+\(\d+\)$",
                                                                 error='must look like "Art. 29(1)"'))
    text = _text()
    summary = _text()


def _grounds():
    return fields.List(fields.Nested(GroundSchema), required=True,
                       validate=validate.Length(min=1, error="must not be empty"))


class RevocationGroundsSchema(Schema):
    unit = _grounds()
    individual = _grounds()

    @validates_schema(skip_on_field_errors=False)
    def _items_unique(self, data, **kwargs):
        errors = {}
        for kind in ("unit", "individual"):
            try:
                _unique(data.get(kind, []), "item", "item")
            except ValidationError as error:
                errors[kind] = error.messages
        if errors:
            raise ValidationError(errors)


# -- Art. 3, 14: where an applicant comes from, and the evidence it attaches --

class DistrictSchema(Schema):
    """A district (区), county (县) or functional zone (功能区) of Jinan with its own quality
    work coordinator (Art. 14); an application names one: where a unit is registered, where a
    person does quality work (Art. 3)."""
    name = _text()
    kind = fields.String(required=True, validate=_one_of(["district", "county", "zone"]))


class EvidenceKindSchema(Schema):
    """A kind of evidence (证明材料, Art. 14) every application of the kind must attach."""
    key = fields.String(required=True, validate=validate.Regexp(_KEY))
    name = _text()
    proves = fields.String(required=False, validate=validate.Regexp(
        r"^Art\. \d+(\(\d+\))?$", error='must look like "Art. 3" or "Art. 10(1)"'))


def _evidence_kinds():
    return fields.List(fields.Nested(EvidenceKindSchema), required=True)


class EvidenceSchema(Schema):
    unit = _evidence_kinds()
    individual = _evidence_kinds()

    @validates_schema(skip_on_field_errors=False)
    def _keys_unique(self, data, **kwargs):
        errors = {}
        for kind in ("unit", "individual"):
            try:
                _unique(data.get(kind, []), "key", "evidence kind")
            except ValidationError as error:
                errors[kind] = error.messages
        if errors:
            raise ValidationError(errors)


class RuleSetSchema(Schema):
    """One edition of the Measures; unknown keys anywhere are refused (a typo is not a rule)."""
    id = fields.String(required=True, validate=validate.Regexp(
        r"^[a-z0-9]+(-[a-z0-9]+)*$", error='must look like "jinan-2018"'))
    title = _text()
    supersedes = fields.String(load_default=None, allow_none=True)
    in_force_from = fields.Date(required=True)
    in_force_to = fields.Date(required=True, allow_none=True)  # inclusive; null: no end date yet
    cycle_interval_years = _int(1)
    categories = fields.Nested(CategoriesSchema, required=True)
    eligibility = fields.Nested(EligibilitySchema, required=True)
    review = fields.Nested(ReviewSchema, required=True)
    tilt = fields.Nested(TiltSchema, required=True)
    public_notice = fields.Nested(PublicNoticeSchema, required=True)
    supervision = fields.Nested(SupervisionSchema, required=False)
    revocation_grounds = fields.Nested(RevocationGroundsSchema, required=True)
    # Art. 3, 14: absent in a rule set written before issue 31; intake then needs the notice's list
    districts = fields.List(fields.Nested(DistrictSchema), required=False,
                            validate=validate.Length(min=1, error="must not be empty"))
    evidence = fields.Nested(EvidenceSchema, required=False)

    @validates_schema(skip_on_field_errors=False)
    def _cross_checks(self, data, **kwargs):
        errors = {}
        start, end = data.get("in_force_from"), data.get("in_force_to")
        if start and end and end < start:
            errors["in_force_to"] = ["must not be before in_force_from"]
        try:
            _unique(data.get("districts") or [], "name", "district")
        except ValidationError as error:
            errors["districts"] = error.messages
        scales = _scales(data.get("review") or {})
        for key, category in (data.get("categories") or {}).items():
            scale = scales.get(category.get("kind"))
            if scale is not None and category.get("min_score", 0) > scale:
                errors.setdefault("categories", {})[key] = {"min_score": [f"must be <= {scale}, the {category['kind']} scale"]}
        if errors:
            raise ValidationError(errors)


def _scales(review):
    scales = {}
    if "gbt19580" in review:
        scales["unit"] = sum(review["gbt19580"].values())
    if "individual_rubric" in review:
        scales["individual"] = sum(review["individual_rubric"].values())
    return scales


# -- problems, by path --

_DICT_FIELDS = ("review.individual_rubric", "review.stage_weights")
_PLAIN = {"Missing data for required field.": "is required", "Unknown field.": "unknown key"}


def _problems(messages, path=""):
    """Flatten marshmallow's nested messages into "categories.unit_award.quota: must be >= 0"."""
    if isinstance(messages, dict):
        found = []
        for key, value in messages.items():
            if key == "_schema" or (key in ("key", "value") and path.rsplit(".", 1)[0] in _DICT_FIELDS):
                child = path
            elif isinstance(key, int):
                child = f"{path}[{key}]"
            else:
                child = f"{path}.{key}" if path else str(key)
            found.extend(_problems(value, child))
        return found
    if isinstance(messages, list):
        return [p for m in messages for p in _problems(m, path)]
    text = _PLAIN.get(messages, messages.rstrip("."))
    return [f"{path or '(top level)'}: {text[:1].lower() + text[1:]}"]


def validate_ruleset(data, source=None) -> dict:
    """Check a rule set already parsed into a dict; returns it loaded (dates as ``date``)."""
    if not isinstance(data, dict):
        raise RuleSetError(["(top level): must be a mapping"], source)
    try:
        return RuleSetSchema().load(data)
    except ValidationError as error:
        raise RuleSetError(sorted(_problems(error.messages)), source) from None
