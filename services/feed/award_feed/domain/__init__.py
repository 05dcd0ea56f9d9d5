"""The feed's rules as plain Python: what of an event the public may read."""
