"""Fixtures of scoring's fast rung (the scene: scoring_scene.py)."""
import pytest

from award_testing.helpers import ruleset_2018
from scoring_scene import Scene


@pytest.fixture
def scene():
    """A cycle scoring knows, with no agency, group, expert or application yet."""
    return Scene(ruleset_2018(panel_size=3)).cycle()


@pytest.fixture
def ready(scene):
    """The agency entrusted, the supervision group appointed, four experts registered, one
    recommended unit application with its panel of three."""
    scene.agency().group().experts().application("app-1")
    scene.panel("app-1")
    return scene
