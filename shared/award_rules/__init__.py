"""The shared rules of the award, as plain Python every service may use (no framework, no
database, no bus): identifiers and their check characters (GB 32100, GB 11643), the Measures'
articles cited in Chinese, the business clock, working days and the official calendar
(Art. 17), rule sets and their schema (Art. 31), frozen values."""
