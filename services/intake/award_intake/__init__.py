"""Intake: steps 1-3 of the award cycle (Art. 2, 6, 10-14)."""
