"""Scoring: the third party's review — experts, panels, the four review stages, candidate list (Art. 8, 15, 16, 25)."""
