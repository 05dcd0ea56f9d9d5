"""``award-demo``: a replay of the 2019 cycle on a running suite, through its public HTTP APIs only.

Every step is driven as the role that takes it would (applicants, district coordinators, the
office, the leading group, the third party and its experts, the supervision group, the public,
the city government, a regulator), with tokens minted from the local key as ``award-token``
does; the business clock is moved with each service's ``POST /admin/v1/clock``. ``scripts/demo``
(re)starts the suite on the simulated clock first when it must.
"""
