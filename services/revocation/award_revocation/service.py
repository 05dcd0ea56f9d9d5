"""The revocation service: a table of entrypoints; the rules live in plain modules beside it."""
from award_shared.cycles import CycleReplica
from award_shared.service import KitService


class RevocationService(CycleReplica, KitService):
    name = "revocation"
