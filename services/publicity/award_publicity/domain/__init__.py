"""The rules of steps 9-13 (Art. 2, 7, 16-21, 28) as plain Python: no framework imports."""
