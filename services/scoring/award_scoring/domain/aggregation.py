"""From the experts' scores to an application's review score (Art. 11, 15, 27).

1. **Which scores count**: of each expert, only its current record (a correction
   supersedes the record it corrects, and the superseded one no longer counts); only
   experts still on the panel; never an expert disqualified under Art. 27.
2. **A stage's score** aggregates the counted totals as the rule set says: ``trimmed_mean``
   drops one highest and one lowest score once there are ``trim_when_at_least`` of them
   (2018: five), and averages the rest; ``mean`` averages them all. A spread (highest
   minus lowest) at or above ``spread_flag_points`` is flagged to the third party.
3. **The review score** weights the scored stages by ``stage_weights`` (2018: material 0.4,
   on-site 0.4, defense 0.2).
4. **The Art. 11 tilt** (适当倾斜) is its own line: the bonus points of the tilt kinds the
   applicant claimed *and* the district and the third party confirmed, for the kinds of
   applicant the cycle's tilt (approved by the leading group) favours, capped at
   ``max_total_bonus``; the total is the review score plus the tilt.

Scores are rounded to two decimals where they are shown, and ranked as shown.
"""
from .stages import STEP_OF_KEY

PLACES = 2


def counted(reviews, disqualified=frozenset(), panel=None):
    """The reviews that count (see 1.). ``reviews``: dicts with ``review_id``, ``reviewer``,
    ``supersedes``; ``panel``: the subjects still on the panel (None: everyone)."""
    superseded = {r["supersedes"] for r in reviews if r.get("supersedes")}
    return [r for r in reviews
            if r["review_id"] not in superseded
            and r["reviewer"] not in disqualified
            and (panel is None or r["reviewer"] in panel)]


def aggregate(totals, aggregation):
    """The stage score from the counted totals, or None if there are none."""
    values = sorted(float(t) for t in totals)
    if not values:
        return None
    if aggregation["method"] == "trimmed_mean" and len(values) >= aggregation["trim_when_at_least"]:
        values = values[1:-1]
    return round(sum(values) / len(values), PLACES)


def stage_result(totals, ruleset, kind, panel_size=None):
    """One stage of one application: score, how many counted, spread and its flag."""
    review = ruleset["review"]
    values = [float(t) for t in totals]
    score = aggregate(values, review["aggregation"])
    spread = round(max(values) - min(values), PLACES) if values else None
    flags = []
    threshold = review["spread_flag_points"][kind]
    if spread is not None and spread >= threshold:
        flags.append({"flag": "large_spread", "spread": spread, "threshold": threshold})
    size = panel_size if panel_size is not None else review["panel_size"]
    if values and len(values) < size:
        flags.append({"flag": "fewer_scores_than_panel", "counted": len(values), "panel_size": size})
    trimmed = review["aggregation"]["method"] == "trimmed_mean" and \
        len(values) >= review["aggregation"]["trim_when_at_least"]
    return {"score": score, "counted": len(values), "spread": spread, "trimmed": trimmed, "flags": flags}


def tilt(config, kind, claims, district_confirmed=(), confirmed=()):
    """The Art. 11 tilt line of an applicant of ``kind`` under the cycle's tilt ``config``.

    A claim counts only when the district confirmed it in its preliminary review (Art. 14)
    and the third party at the qualification review (Art. 15); every claim is shown with
    where it stands, so the score shows what was claimed and what was confirmed."""
    kinds = {k["key"]: k for k in config.get("kinds", [])}
    applies = kind in config.get("applies_to", [])
    district, third_party = set(district_confirmed or ()), set(confirmed or ())
    lines = []
    for key in dict.fromkeys(claims or ()):
        if not applies or key not in kinds:
            continue
        counts = key in district and key in third_party
        lines.append({"key": key, "description": kinds[key]["description"], "bonus_points": kinds[key]["bonus_points"],
                      "district_confirmed": key in district, "third_party_confirmed": key in third_party,
                      "counts": counts})
    raw = sum(line["bonus_points"] for line in lines if line["counts"])
    cap = config.get("max_total_bonus", raw)
    points = min(raw, cap)
    return {"points": float(points), "lines": lines, "capped": raw > cap,
            "claimed": [line["key"] for line in lines], "confirmed": [line["key"] for line in lines if line["counts"]],
            "claimed_points": float(min(sum(line["bonus_points"] for line in lines), cap)),
            "not_applicable": [c for c in (claims or ()) if not applies or c not in kinds]}


def final(ruleset, stage_scores, tilt_points=0.0):
    """The review score weighted over the scored stages, the tilt line and the total.

    ``stage_scores``: step -> stage score. Returns None while a weighted stage has none.
    """
    weights = ruleset["review"]["stage_weights"]
    lines = []
    review_score = 0.0
    for key, weight in weights.items():
        step = STEP_OF_KEY[key]
        score = stage_scores.get(step)
        if score is None:
            return None
        weighted = float(score) * float(weight)
        review_score += weighted
        lines.append({"stage": step, "score": float(score), "weight": float(weight),
                      "weighted": round(weighted, PLACES)})
    review_score = round(review_score, PLACES)
    tilt_points = float(tilt_points or 0.0)
    return {"stages": lines, "review_score": review_score, "tilt_points": tilt_points,
            "total": round(review_score + tilt_points, PLACES)}
