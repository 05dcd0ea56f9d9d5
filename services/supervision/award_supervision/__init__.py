"""Supervision: the group, complaints, findings, holds, disqualification (Art. 9, 26, 27)."""
