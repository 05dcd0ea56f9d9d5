"""A database of the kit's own tables for the kit's unit-of-work tests, on the engine under test
(``database_url_factory``): what a service's database provider gives a ``Work``, without a service."""
import contextlib

from award_shared.store import db


class Database:
    def __init__(self, url):
        self.engine = db.make_engine(url)
        db.KIT.create_all(self.engine)

    def gate(self):
        return contextlib.nullcontext()
