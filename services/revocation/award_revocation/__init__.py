"""Revocation: cases, recovery, announcements (Art. 28-30)."""
