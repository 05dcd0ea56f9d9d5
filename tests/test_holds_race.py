"""Suite: a hold and a transition racing each other at the step's owner.

The ordering rule (services/supervision/README.md, "Holds: the ordering rule"): the owner
serialises the two in its own database. Whichever commits first wins: if the hold is
committed first, the district review is refused and ``hold.applied`` says the subject stood
at ``district_review``; if the review is committed first, it stands, and ``hold.applied``
says the subject had moved on (``qualification_review``), where the hold stops it next.
Either way the hold is never lost.
"""
import eventlet

from test_holds_suite_driver import suite  # noqa: F401 - the fixture

NEXT = "qualification_review"


def test_transition_first_then_the_hold_stops_the_next_step(suite):  # noqa: F811
    cycle_id = suite.open_cycle()
    suite.appoint(cycle_id)
    application_id = suite.submitted_unit(cycle_id)
    assert suite.review(application_id).status_code == 200
    hold_id = suite.halt(cycle_id, application_id)
    [effect] = suite.wait_effects(hold_id)
    assert effect["subject_step"] == NEXT
    assert suite.intake_hold(hold_id)["status"] == "active"  # kept for the next step's owner


def test_hold_first_then_the_transition_is_refused(suite):  # noqa: F811
    cycle_id = suite.open_cycle()
    suite.appoint(cycle_id)
    application_id = suite.submitted_unit(cycle_id)
    hold_id = suite.halt(cycle_id, application_id)
    suite.wait_intake_hold(hold_id)
    assert suite.review(application_id).status_code == 409
    [effect] = suite.wait_effects(hold_id)
    assert effect["subject_step"] == "district_review"


def test_racing_holds_and_reviews_never_lose_a_hold(suite, db_engine):  # noqa: F811
    cycle_id = suite.open_cycle()
    suite.appoint(cycle_id)
    apps = [suite.submitted_unit(cycle_id) for _ in range(16)]
    outcomes = {}

    def halt(application_id):
        outcomes.setdefault(application_id, {})["hold_id"] = suite.halt(cycle_id, application_id)

    def review(application_id, delay):
        eventlet.sleep(delay)
        outcomes.setdefault(application_id, {})["review"] = suite.review(application_id).status_code

    def race(application_id, start, lag):
        eventlet.sleep(start)
        halt_then = eventlet.spawn(halt, application_id)
        review(application_id, lag)  # the review leaves ``lag`` after the finding does
        halt_then.wait()

    # hold latency is tens of milliseconds: lags from 0 to 70 ms straddle it, both ways
    pool = eventlet.GreenPool()
    for i, application_id in enumerate(apps):
        pool.spawn(race, application_id, 0.08 * i, 0.01 * (i % 8))
    pool.waitall()
    assert len(outcomes) == len(apps) and all(len(o) == 2 for o in outcomes.values()), outcomes
    effects = {}
    for application_id, outcome in outcomes.items():  # the hold is never lost, on either engine
        assert outcome["review"] in (200, 409)
        suite.wait_intake_hold(outcome["hold_id"])
        [effects[application_id]] = suite.wait_effects(outcome["hold_id"])
        status = suite.intake.client.get(f"/v1/applications/{application_id}", "office").json()["status"]
        assert status == ("submitted" if outcome["review"] == 409 else "recommended")

    for application_id, outcome in outcomes.items():  # and hold.applied says where it stopped the subject
        expected = "district_review" if outcome["review"] == 409 else NEXT
        assert effects[application_id]["subject_step"] == expected, (application_id, outcome, effects[application_id])
