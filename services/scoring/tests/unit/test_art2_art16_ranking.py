"""Art. 2 (quotas, vacancies) and Art. 16 (the candidate list): ranking, bars, ties,
pending holds; pure, with properties."""
from hypothesis import given, settings
from hypothesis import strategies as st

from award_scoring.domain import ranking
from award_scoring.domain.ranking import Entry
from award_testing.helpers import ruleset_2018

RULESET = ruleset_2018()
ORDER = ranking.tie_order(RULESET)


def unit(app_id, total, review=None, status="eligible", pending=False, **stages):
    return Entry(application_id=app_id, applicant_name=app_id, kind="unit", total=total,
                 review_score=review if review is not None else total, status=status, pending=pending,
                 stage_scores=stages)


def person(app_id, total, **kw):
    return Entry(application_id=app_id, applicant_name=app_id, kind="individual", total=total,
                 review_score=total, **kw)


def category(proposal, key):
    return next(c for c in proposal["categories"] if c["category"] == key)


def ids(proposal, key):
    return [c["application_id"] for c in category(proposal, key)["candidates"]]


def test_art2_quotas_five_three_three_two_and_the_order_of_categories():
    assert [c["category"] for c in ranking.propose([], RULESET)["categories"]] == [
        "unit_award", "individual_award", "unit_nomination", "individual_nomination"]
    entries = [unit(f"u{i}", 900 - i) for i in range(10)] + [person(f"p{i}", 95 - i) for i in range(7)]
    proposal = ranking.propose(entries, RULESET)
    assert ids(proposal, "unit_award") == ["u0", "u1", "u2", "u3", "u4"]
    assert ids(proposal, "unit_nomination") == ["u5", "u6", "u7"]
    assert ids(proposal, "individual_award") == ["p0", "p1", "p2"]
    assert ids(proposal, "individual_nomination") == ["p3", "p4"]
    assert all(c["vacancies"] == 0 for c in proposal["categories"])
    assert [c["rank"] for c in category(proposal, "unit_award")["candidates"]] == [1, 2, 3, 4, 5]


def test_art2_vacancies_when_too_few_reach_the_bar():
    entries = [unit("u0", 700), unit("u1", 599.99), unit("u2", 520), unit("u3", 499), person("p0", 59)]
    proposal = ranking.propose(entries, RULESET)
    assert ids(proposal, "unit_award") == ["u0"] and category(proposal, "unit_award")["vacancies"] == 4
    assert ids(proposal, "unit_nomination") == ["u1", "u2"] and category(proposal, "unit_nomination")["vacancies"] == 1
    assert ids(proposal, "individual_award") == [] and category(proposal, "individual_award")["vacancies"] == 3
    assert ids(proposal, "individual_nomination") == ["p0"]
    assert {n["application_id"] for n in proposal["not_listed"]} == {"u3"}


def test_art16_the_ineligible_withdrawn_and_incomplete_are_never_listed():
    entries = [unit("bad", 990, status="ineligible"), unit("gone", 980, status="withdrawn"),
               unit("half", None, status="incomplete"), unit("ok", 700)]
    proposal = ranking.propose(entries, RULESET)
    assert ids(proposal, "unit_award") == ["ok"]
    reasons = {n["application_id"]: n["status"] for n in proposal["not_listed"]}
    assert reasons == {"bad": "ineligible", "gone": "withdrawn", "half": "incomplete"}


def test_art16_ties_broken_by_the_review_score_without_tilt_then_stage_weights():
    assert ORDER == ["onsite_review", "material_review", "defense"]
    merit = unit("merit", 800, review=800)
    tilted = unit("tilted", 800, review=790)
    onsite = unit("onsite", 700, onsite_review=720, material_review=690)
    material = unit("material", 700, onsite_review=700, material_review=710)
    proposal = ranking.propose([tilted, material, merit, onsite], RULESET)
    assert ids(proposal, "unit_award") == ["merit", "tilted", "onsite", "material"]
    assert [c["rank"] for c in category(proposal, "unit_award")["candidates"]] == [1, 2, 3, 4]


def test_art16_an_unbreakable_tie_at_the_last_seat_is_not_decided_by_chance():
    entries = [unit(f"u{i}", 900 - i) for i in range(4)] + [unit("tie-a", 800), unit("tie-b", 800)]
    proposal = ranking.propose(entries, RULESET)
    award = category(proposal, "unit_award")
    assert ids(proposal, "unit_award") == ["u0", "u1", "u2", "u3"] and award["vacancies"] == 1
    tie = award["unresolved_tie"]
    assert {k: tie[k] for k in ("score", "seats", "application_ids")} == {
        "score": 800.0, "seats": 1, "application_ids": ["tie-a", "tie-b"]}
    # the leading group sees who is tied, at the rank of the last seat (Art. 7 LG(1))
    assert [(c["application_id"], c["rank"]) for c in tie["candidates"]] == [("tie-a", 5), ("tie-b", 5)]
    assert [c["application_id"] for c in award["reserves"]] == ["tie-a", "tie-b"]  # next in rank
    assert ids(proposal, "unit_nomination") == ["tie-a", "tie-b"]
    assert [c["rank"] for c in category(proposal, "unit_nomination")["candidates"]] == [1, 1]


def test_art16_an_application_under_a_hold_is_listed_as_pending_not_dropped():
    proposal = ranking.propose([unit("held", 850, pending=True), unit("free", 800)], RULESET)
    candidates = category(proposal, "unit_award")["candidates"]
    assert [(c["application_id"], c["pending"]) for c in candidates] == [("held", True), ("free", False)]


def test_art16_supervision_opinions_travel_with_the_candidate():
    entry = Entry(application_id="u", applicant_name="u", kind="unit", total=700, opinions=("评审规范",))
    assert category(ranking.propose([entry], RULESET), "unit_award")["candidates"][0]["opinions"] == ["评审规范"]


# -- properties ---------------------------------------------------------------------------

score = st.one_of(st.integers(0, 1000).map(float), st.sampled_from([500.0, 600.0, 650.0, 800.0]))
entries_strategy = st.lists(
    st.tuples(st.sampled_from(["unit", "individual"]), score, st.sampled_from([0.0, 5.0, 10.0]),
              st.sampled_from(["eligible"] * 4 + ["ineligible", "withdrawn", "incomplete"]), st.booleans(),
              st.integers(0, 3)),
    max_size=40)


def build(raw):
    out = []
    for i, (kind, total, tilt, status, pending, stage) in enumerate(raw):
        total = total if kind == "unit" else round(total / 10, 1)
        review = max(0.0, total - tilt) if kind == "unit" else total
        out.append(Entry(application_id=f"a{i:03d}", applicant_name=f"n{i}", kind=kind, total=total,
                         review_score=review, status=status, pending=pending, tilt_points=tilt,
                         stage_scores={"onsite_review": float(stage)}))
    return out


@settings(max_examples=200, deadline=None)
@given(entries_strategy)
def test_art2_art16_properties_of_every_candidate_list(raw):
    """Never over a quota; nobody under the bar, ineligible or listed twice; nobody left out
    who ranks strictly above someone listed in that category or a later one of their kind."""
    entries = build(raw)
    by_id = {e.application_id: e for e in entries}
    proposal = ranking.propose(entries, RULESET)
    seen = []
    for cat in proposal["categories"]:
        rules = RULESET["categories"][cat["category"]]
        listed = cat["candidates"]
        assert len(listed) <= rules["quota"]
        assert cat["vacancies"] == rules["quota"] - len(listed)
        for c in listed:
            entry = by_id[c["application_id"]]
            assert entry.status == "eligible"
            assert entry.kind == rules["kind"]
            assert c["score"] >= rules["min_score"]
            assert c["pending"] == entry.pending
        seen.extend(c["application_id"] for c in listed)
    assert len(seen) == len(set(seen))
    assert {n["application_id"] for n in proposal["not_listed"]} == set(by_id) - set(seen)
    for kind in ("unit", "individual"):
        award, nomination = (category(proposal, f"{kind}_{k}") for k in ("award", "nomination"))
        for later, earlier_ids in ((award, set()), (nomination, set(ids(proposal, f"{kind}_award")))):
            for c in later["candidates"]:
                key = ranking.sort_key(by_id[c["application_id"]], ORDER)
                for other in entries:
                    if (other.kind == kind and other.status == "eligible" and other.application_id not in seen
                            and other.application_id not in earlier_ids):
                        assert ranking.sort_key(other, ORDER) < key


sheet_totals = st.lists(st.floats(0, 1000, allow_nan=False), min_size=5, max_size=5)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(sheet_totals, sheet_totals, sheet_totals), min_size=1, max_size=12),
       st.sets(st.integers(0, 4), max_size=2), st.randoms(use_true_random=False))
def test_art27_art16_property_a_candidate_list_never_counts_a_disqualified_experts_score(apps, bad, rng):
    """Whatever the disqualified experts wrote, the candidate list is the one their
    sheets' absence gives."""
    from award_scoring.domain import aggregation
    steps = ("material_review", "onsite_review", "defense")
    disqualified = {f"e{i}" for i in bad}

    def proposal(scramble):
        entries = []
        for n, stages in enumerate(apps):
            scores = {}
            for step, totals in zip(steps, stages):
                sheets = [{"review_id": f"{n}{step}{i}", "reviewer": f"e{i}", "supersedes": None,
                           "total": rng.uniform(0, 1000) if scramble and f"e{i}" in disqualified else t}
                          for i, t in enumerate(totals)]
                counted = aggregation.counted(sheets, disqualified=disqualified)
                assert all(s["reviewer"] not in disqualified for s in counted)
                scores[step] = aggregation.stage_result([s["total"] for s in counted], RULESET, "unit")["score"]
            final = aggregation.final(RULESET, scores)
            entries.append(Entry(application_id=f"a{n}", applicant_name="", kind="unit", total=final["total"],
                                 review_score=final["review_score"], stage_scores=scores))
        return ranking.propose(entries, RULESET)

    assert proposal(scramble=False) == proposal(scramble=True)
