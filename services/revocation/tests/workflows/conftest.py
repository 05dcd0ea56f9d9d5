"""The fast rung of revocation: its workflow modules (not the HTTP layer) run on the kit's own
unit of work over SQLite in memory with a fixed clock — no broker, no container; milliseconds a
test. What the fixtures build is in ``revocation_workflowkit``."""
import pytest

from revocation_workflowkit import evidence_store, unit_of_work_2021


@pytest.fixture
def tx():
    return unit_of_work_2021()


@pytest.fixture
def store(tmp_path):
    return evidence_store(tmp_path / "evidence")
