"""The rules of revocation (Art. 28-30) as plain Python: no framework, no database."""
