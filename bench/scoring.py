"""Benchmark: the candidate list (Art. 16) for 10,000 applications with 5 experts each.

Times the pure domain functions of scoring, no database and no broker:

- ``aggregate``: 10,000 applications x 5 experts x 3 scored stages -> the counted sheets
  (Art. 27), trimmed means with spread flags (Art. 15), the Art. 11 tilt line and the
  weighted final score;
- ``propose``: ranking, bars, quotas, vacancies and ties of the candidate list (Art. 2, 16);

each printed as a ratio against a baseline measured in the same process: a plain
``sorted`` of the same final scores. Ratios, not seconds, are comparable across machines.

    /tmp/v1/bin/python bench/scoring.py [--applications 10000] [--experts 5] [--repeat 5]
"""
import argparse
import json
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(HERE, "..", "services", "scoring"), os.path.join(HERE, "..", "shared")]

from award_rules.ruleset import load_ruleset  # noqa: E402
from award_scoring.domain import aggregation, ranking  # noqa: E402
from award_scoring.domain.stages import scored_steps  # noqa: E402

RULESET_FILE = os.path.join(HERE, "..", "services", "intake", "award_intake", "rulesets", "jinan-2018.yaml")


def make_world(n_apps, n_experts, seed=2019):
    """Invented applications and sheets: units score around 600/1000, individuals 60/100;
    about one in fifty applications has one disqualified expert, one in twenty is ineligible."""
    rng = random.Random(seed)
    steps = ("material_review", "onsite_review", "defense")
    tilts = ["sme_innovation", "ten_major_industries", "traditional_upgrade"]
    world = []
    for i in range(n_apps):
        kind = "unit" if i % 4 else "individual"
        scale = 1000 if kind == "unit" else 100
        base = rng.gauss(0.6, 0.12)
        sheets = {}
        for step in steps:
            sheets[step] = [{"review_id": f"{i}-{step}-{e}", "reviewer": f"e{(i + e) % 400}",
                             "supersedes": None, "total": max(0.0, min(scale, round(scale * rng.gauss(base, 0.05), 1)))}
                            for e in range(n_experts)]
        world.append({"application_id": f"app-{i:05d}", "kind": kind,
                      "tilt_claims": rng.sample(tilts, rng.randint(0, 2)) if kind == "unit" else [],
                      "disqualified": {f"e{i % 400}"} if i % 50 == 0 else set(),
                      "status": "ineligible" if i % 20 == 7 else "eligible", "sheets": sheets})
    return world


def aggregate_all(world, ruleset):
    """From the experts' sheets to the ranking's entries (the pure part of results.scorecard)."""
    entries = []
    steps = scored_steps(ruleset)
    for app in world:
        stage_scores = {}
        for step in steps:
            counted = aggregation.counted(app["sheets"][step], disqualified=app["disqualified"])
            stage_scores[step] = aggregation.stage_result([s["total"] for s in counted], ruleset, app["kind"])["score"]
        tilt = aggregation.tilt(ruleset["tilt"], app["kind"], app["tilt_claims"], app["tilt_claims"], app["tilt_claims"])
        final = aggregation.final(ruleset, stage_scores, tilt["points"])
        entries.append(ranking.Entry(
            application_id=app["application_id"], applicant_name=app["application_id"], kind=app["kind"],
            total=final["total"], review_score=final["review_score"], stage_scores=stage_scores,
            status=app["status"], tilt_points=final["tilt_points"]))
    return entries


def best_of(repeat, fn):
    best = float("inf")
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--experts", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    ruleset = json.loads(json.dumps(load_ruleset(RULESET_FILE), default=str))
    world = make_world(args.applications, args.experts)
    t_aggregate, entries = best_of(args.repeat, lambda: aggregate_all(world, ruleset))
    t_propose, proposal = best_of(args.repeat, lambda: ranking.propose(entries, ruleset))
    totals = [e.total for e in entries]
    t_baseline, _ = best_of(args.repeat, lambda: sorted(totals, reverse=True))

    listed = sum(len(c["candidates"]) for c in proposal["categories"])
    print(f"candidate list: {args.applications} applications x {args.experts} experts x 3 scored stages "
          f"({args.applications * args.experts * 3} sheets); best of {args.repeat}")
    rows = [(f"baseline: sorted() of {len(totals)} final scores", t_baseline),
            ("propose: ranking, bars, quotas, ties (Art. 2, 16)", t_propose),
            ("aggregate: sheets -> stage scores, tilt, weights (Art. 11, 15, 27)", t_aggregate)]
    for label, seconds in rows:
        print(f"  {label:<68} {seconds * 1e3:9.2f} ms {seconds / t_baseline:8.1f}x")
    print(f"  listed {listed} candidates; vacancies "
          + ", ".join(f"{c['category']}={c['vacancies']}" for c in proposal["categories"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
