"""Fixtures of publicity's fast rung (``publicity_steps``)."""
import pytest

from publicity_steps import Publicity


@pytest.fixture
def publicity():
    """Publicity with the 2019 cycle, its applicants and the office's candidate list."""
    return Publicity().open_cycle().propose()
