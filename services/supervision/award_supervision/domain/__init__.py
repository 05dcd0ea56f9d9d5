"""The rules of supervision (Art. 9, 15, 25-27) as plain Python: no framework imports."""
