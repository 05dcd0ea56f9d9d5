"""Publicity rules (Art. 16-21), plain Python: no framework, no I/O."""
