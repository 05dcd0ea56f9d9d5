"""Publicity: deliberation, public notice, objections, approval, conferral (Art. 16-21)."""
