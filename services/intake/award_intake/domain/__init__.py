"""The rules of steps 1-3 (Art. 2, 6, 10-14) as plain Python: no framework imports."""
