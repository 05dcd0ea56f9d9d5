"""Suite: a supervisory finding halts intake's district review (Art. 14) on its own.

Intake decides from its own copy of the holds, inside the transaction of the review, so it
keeps refusing while supervision is stopped; a release from supervision frees it.
"""
from test_holds_suite_driver import suite  # noqa: F401 - the fixture


def test_hold_on_one_application_survives_supervision_stopping(suite):  # noqa: F811
    cycle_id = suite.open_cycle()
    suite.appoint(cycle_id)
    held, other = suite.submitted_unit(cycle_id), suite.submitted_unit(cycle_id)

    hold_id = suite.halt(cycle_id, held)
    suite.wait_intake_hold(hold_id)
    resp = suite.review(held)
    assert resp.status_code == 409, resp.text
    error = resp.json()["error"]
    assert error["code"] == "hold_active" and error["fields"]["hold_id"] == hold_id
    assert error["article"] == "Art. 14" and "区县初审推荐程序存疑" in error["message"]
    assert suite.review(other).status_code == 200  # the others go on

    [effect] = suite.wait_effects(hold_id)
    assert effect["owner"] == "intake" and effect["subject"] == held
    assert effect["subject_step"] == "district_review"

    suite.stop_supervision()
    assert suite.review(held).status_code == 409  # intake needs nobody to enforce it

    suite.start_supervision()
    suite.release(hold_id, sub="p02")
    suite.wait_intake_hold(hold_id, "released")
    resp = suite.review(held)
    assert resp.status_code == 200, resp.text
    assert resp.json()["status"] == "recommended"


def test_cycle_wide_hold_blocks_everyone_at_the_step_until_released(suite):  # noqa: F811
    cycle_id = suite.open_cycle()
    suite.appoint(cycle_id)
    apps = [suite.submitted_unit(cycle_id) for _ in range(3)]

    hold_id = suite.halt(cycle_id, None)
    suite.wait_intake_hold(hold_id)
    for application_id in apps:
        resp = suite.review(application_id)
        assert resp.status_code == 409 and resp.json()["error"]["fields"]["hold_id"] == hold_id
    [effect] = suite.wait_effects(hold_id)
    assert effect["owner"] == "intake" and effect["subject"] is None

    suite.release(hold_id)
    suite.wait_intake_hold(hold_id, "released")
    assert [suite.review(a).status_code for a in apps] == [200, 200, 200]


def test_a_hold_on_a_later_step_does_not_stop_the_district_review(suite):  # noqa: F811
    cycle_id = suite.open_cycle()
    suite.appoint(cycle_id)
    application_id = suite.submitted_unit(cycle_id)
    hold_id = suite.halt(cycle_id, application_id, step="material_review")
    suite.wait_intake_hold(hold_id)
    assert suite.review(application_id).status_code == 200
