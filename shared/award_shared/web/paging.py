"""One pagination for every list that grows with the applications, experts, complaints,
objections or events (docs/contract.md, "Lists a page at a time").

A list route takes :class:`PageQuery`'s ``after`` and ``limit`` (1 to :data:`LIMIT_MAX`,
:data:`LIMIT_DEFAULT` by default) and answers a page of rows with ``next``: the ``after`` of the
next page, null on the last. :func:`page` reads that page by keyset from where ``after`` stands —
``(created, id) > (t, a)`` written as ``created >= t AND (created > t OR id > a)``, the form the
planner turns into an index range on both engines (docs/benchmarks.md, "Fewer round trips,
statements planned once, lists in pages") — so a page costs the same statements and rows read in a
list of 100 as in one of 10,000. A bad ``after`` is 422 naming it (docs/contract.md: invalid
fields). Each list needs an index on its narrowing columns then ``(created, id)`` for the seek to
be one.

    class ComplaintListSchema(paging.PageQuery.of("complaint")):
        cycle_id = fields.String(load_default=None)

    after = call.query["after"]
    found = paging.page(tx, sa.select(complaints), complaints.c.complaint_id, after, call.query["limit"],
                        order=complaints.c.filed_at, unknown=f"not a complaint: {after}")
    return {"complaints": [view(r) for r in found.rows], "next": found.next}
"""
from dataclasses import dataclass

import sqlalchemy as sa
from marshmallow import Schema, fields, validate

from award_shared import errors

LIMIT_DEFAULT = 100  # rows in a page when ``limit`` is not given
LIMIT_MAX = 500  # the most rows a page holds
AFTER_MAX_LENGTH = 200  # an ``after`` is a row's id: the suite's ids are at most 200 characters


def after_field(noun="row", length=AFTER_MAX_LENGTH):
    """``after``: the id of the row the page starts after (the previous page's ``next``)."""
    return fields.String(load_default=None, validate=validate.Length(min=1, max=length),
                         metadata={"description": f"the page after this {noun} (the previous page's next); "
                                                  "none: from the first"})


def limit_field(plural="rows"):
    """``limit``: the rows in the page, 1 to LIMIT_MAX, LIMIT_DEFAULT by default."""
    return fields.Integer(load_default=LIMIT_DEFAULT, strict=False, validate=validate.Range(min=1, max=LIMIT_MAX),
                          metadata={"description": f"{plural} in the page, 1 to {LIMIT_MAX}"})


class PageQuery(Schema):
    """``after`` (the previous page's ``next``; none: from the first) and ``limit`` (1 to 500,
    100 by default): mixed into a list route's query schema, ``PageQuery.of(noun)`` for a list
    whose rows are ``noun`` s (the parameters' descriptions name them)."""
    after = after_field()
    limit = limit_field()

    @classmethod
    def of(cls, noun, plural=None, after_length=AFTER_MAX_LENGTH):
        """The part for a list of ``noun`` (``plural``: ``noun + "s"``), its ``after`` at most
        ``after_length`` characters (the id column's length)."""
        return type(f"PageQuery_{noun.replace(' ', '_')}", (cls,), {
            "after": after_field(noun, after_length), "limit": limit_field(plural or noun + "s")})


@dataclass(frozen=True)
class Page:
    rows: list  # the page's rows (mappings), in the list's order
    next: object  # the ``after`` of the next page; None on the last


def page(tx, query, key, after, limit, *, order=None, mark_scope=(), unknown=None):
    """A page of ``query`` (a select narrowed to what the caller may see) in ``(order, key)``
    order, after the row ``after`` (None: from the first), at most ``limit`` rows.

    ``key``: the rows' unique id column (its value is the cursor); ``order``: the column the list
    is in order of (a time), ``key`` breaking ties; None: by ``key`` alone. With ``order`` (or,
    by ``key`` alone, with ``unknown`` given) ``after`` must be a row of the list (``mark_scope``:
    the conditions it is looked up under, e.g. its cycle): else 422 naming ``after`` with
    ``unknown`` (default: "not a row of this list: …"), one statement to find it; by ``key``
    alone without ``unknown``, any ``after`` pages from there. One statement for the page."""
    if after is not None:
        if order is None:
            if unknown is not None and tx.first(sa.select(key).where(key == after, *mark_scope)) is None:
                raise errors.Invalid({"after": [unknown]})
            query = query.where(key > after)
        else:
            mark = tx.first(sa.select(order.label("mark_at"), key.label("mark_id")).where(key == after, *mark_scope))
            if mark is None:
                raise errors.Invalid({"after": [unknown or f"not a row of this list: {after}"]})
            at, ident = mark["mark_at"], mark["mark_id"]
            query = query.where(order >= at, sa.or_(order > at, key > ident))  # a range the index seeks to
    ordering = (key,) if order is None else (order, key)
    rows = tx.all(query.order_by(None).order_by(*ordering).limit(limit))
    return Page(rows, rows[-1][key.name] if len(rows) == limit else None)


def counts(tx, column, *where):
    """``{value: n}`` of ``column`` over the rows ``where`` selects, counted by the database in one
    ``GROUP BY``: what a list's count route answers beside its pages (how many in each status),
    the same statement at 10,000 rows as at 100."""
    return {row["value"]: int(row["n"]) for row in tx.all(
        sa.select(column.label("value"), sa.func.count().label("n")).where(*where).group_by(column))}
