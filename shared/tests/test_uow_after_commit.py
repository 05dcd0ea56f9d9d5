"""``tx.after_commit(callback)`` (issue 36): work that must follow a commit — waking the readers
of what it wrote — runs once the transaction has committed, never for one rolled back, and is
forgotten with it."""
import pytest

from award_shared.store import db
from award_testing.workflows import rows, unit_of_work


def test_a_callback_runs_after_the_commit_and_sees_it_committed():
    tx = unit_of_work("feed", [db.KIT])
    seen = []
    with tx:
        tx.audit("test.write", target="t-1")
        tx.after_commit(lambda: seen.append(len(rows(tx, db.audit_log))))
        assert seen == []
    assert seen == [1]


def test_a_rolled_back_transaction_runs_none_and_the_next_one_does_not_inherit_it():
    tx = unit_of_work("feed", [db.KIT])
    seen = []
    with pytest.raises(RuntimeError):
        with tx:
            tx.after_commit(lambda: seen.append("rolled back"))
            raise RuntimeError("no")
    with tx:
        tx.after_commit(lambda: seen.append("committed"))
    assert seen == ["committed"]
