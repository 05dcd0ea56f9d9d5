"""The replay's order of steps, and the closing summary."""
import collections
import json

from award_demo import award_steps, intake_steps, review_steps, revocation_steps
from award_demo.intake_steps import CYCLE
from award_demo.people import field_of

START = "2019-03-01T09:00:00+08:00"
REVOKED = "award.revoked"


def replay(suite, progress, applicants, out_dir):
    suite.set_clock(START, "replay of the 2019 cycle: start")
    people = field_of(applicants)
    intake_steps.open_cycle(suite, progress)
    intake_steps.import_past_winner(suite, progress, people[0])
    applied = intake_steps.apply(suite, progress, people)
    suite.set_clock("2019-06-03T09:00:00+08:00", "replay: district review")
    intake_steps.district_review(suite, progress, applied)
    review_steps.appoint_supervision(suite, progress)
    review_steps.appoint_third_party(suite, progress)
    panels = review_steps.experts(suite, progress, applied)
    suite.set_clock("2019-07-01T09:00:00+08:00", "replay: review")
    qualified = review_steps.qualification(suite, progress, applied)
    review_steps.scored_stages(suite, progress, qualified, panels)
    suite.set_clock("2019-09-02T09:00:00+08:00", "replay: candidate list")
    review_steps.report_results(suite, progress)
    listed = review_steps.candidate_list(suite, progress)
    award_steps.deliberation(suite, progress, listed)
    award_steps.public_notice(suite, progress)
    target, upheld = award_steps.objections(suite, progress, listed)
    award_steps.close_notice(suite, progress)
    awards = award_steps.approval_and_conferral(suite, progress, out_dir)
    revoked = next(a for a in awards if a["application_id"] == target["application_id"])
    case_id = revocation_steps.spot_checks(suite, progress, revoked)
    revocation_steps.revoke(suite, progress, case_id)
    revocation_steps.recover(suite, progress, case_id, revoked)
    return {"people": people, "awards": awards, "revoked": revoked, "upheld": upheld}


def summary(suite, result, out):
    board = suite.get("scoring", f"/v1/cycles/{CYCLE}/candidates", "office")
    awards = result["awards"]
    print("\nSummary of the 2019 cycle", file=out)
    for category in board["categories"]:
        won = [a for a in awards if a["category"] == category["category"]]
        names = "、".join(a["recipient_name"] for a in won) or "—"
        print(f"  {category['name']:<16} {len(won)} of {category['quota']} awarded, "
              f"{category['quota'] - len(won)} vacant: {names}", file=out)
    print(f"  not awarded: {len(result['people']) - len(awards)} of {len(result['people'])} applicants; "
          f"{result['upheld']['applicant_name']} left the list on an upheld objection", file=out)
    print("  certificates written:", file=out)
    for award in awards:
        print(f"    {award['path']}", file=out)
    revoked = result["revoked"]
    publicity = suite.urls["publicity"]
    print(f"  verify one: {publicity}/public/v1/certificates/{awards[0]['certificate_number']}?format=html", file=out)
    print(f"  revoked in 2020: {revoked['recipient_name']} ({publicity}/public/v1/certificates/"
          f"{revoked['certificate_number']}); announced at {suite.urls['revocation']}/public/v1/revocations", file=out)
    print(feed_first_page(suite), file=out)
    print("  metrics (Prometheus text): " + "  ".join(f"{url}/metrics" for url in suite.urls.values()), file=out)


def feed_first_page(suite):
    """The line of the summary for bureaus: the feed's first page once it holds the revocation
    (the last public event of the replay, travelling over the bus)."""
    path = "/public/v1/feed?after=0&limit=1000"

    def page():
        events = json.loads(suite.request("feed", "GET", path).content)
        return events if any(e["type"] == REVOKED for e in events) else None
    events = suite.wait(page, "the feed to hold the revocation")
    counts = collections.Counter(e["type"] for e in events)
    return (f"  the public feed for bureaus: {suite.urls['feed']}{path} — {len(events)} events on its first page ("
            + ", ".join(f"{t} ×{n}" for t, n in sorted(counts.items())) + ")")
