"""The rules of the third party's review and of the candidate list, as plain functions.

Nothing here imports nameko or SQLAlchemy or reads a clock: every rule takes plain data
(dicts, lists, the cycle's rule set as JSON) and returns plain data or raises one of
the kit's ``errors`` naming its article. The service and its workflows call them
inside a unit of work; the tests call them directly.

- :mod:`.stages`        the four stages of Art. 15, their order; a stage's states (pending, open,
                        closed) and transitions as data, moved by ``stages.advance``
- :mod:`.progress`      an application's result at each stage (reviewing, completed, pending_hold,
                        incomplete) as data, moved by ``progress.advance``; where it stands
- :mod:`.conflicts`     conflicts of interest (Art. 8, 25)
- :mod:`.panels`        panel selection by industry and load balancing (Art. 8)
- :mod:`.caps`          GB/T 19580 caps and the individual rubric (Art. 7(2), 15)
- :mod:`.qualification` the qualification review against Art. 10 / Art. 12
- :mod:`.aggregation`   trimmed mean, spread flags, stage weights, the Art. 11 tilt line
- :mod:`.ranking`       the candidate list: ranking, bars, quotas, vacancies, ties (Art. 2, 16)
- :mod:`.replica`       the application replica fed by intake's events
- :mod:`.confidentiality` who may read scores and comments (Art. 25)
"""
