"""Webhook subscriptions (issue 36, item 2): registered by an operator or by a bureau's own
client (role ``bureau``, client credentials), delivered by the feed's timer. An operator manages
every subscription; a bureau only those it registered (``created_by``, its token's subject):
another's is 404 to it, as one that does not exist. Not a rule of the Measures: the suite's
service to bureaus (docs/bureaus.md).

A subscription is a URL, the public event types it wants (none: all) and a ``whsec_``
secret; it keeps the position of the feed it has delivered up to, so a delivery is a read of
``feed_events`` after that cursor, and a replay sets the cursor back. Failures back off
(``domain/retries.py``) and, after ``WEBHOOK_RETRY_FOR_SECONDS``, park the subscription until an
operator (or the bureau) replays it. Times here are the wall clock (``wall_now``), as the receivers' are."""
import datetime
import random
import uuid

import sqlalchemy as sa

from award_shared import errors
from award_shared import paging

from . import gauges, sealing
from .delivery import Job
from .domain import destinations, retries, signing
from .domain.projection import parse_types
from .queries import served
from .replicas import PUBLIC_TYPES
from .tables import feed_events, webhook_subscriptions as subs

#: the lock a tick holds while it claims, so two instances never claim one subscription
CLAIMS = "feed.webhooks"

#: what a listing and an answer show of a subscription (never the secrets)
SHOWN = ("id", "name", "url", "types", "cursor", "state", "failures", "failing_since", "last_error",
         "last_error_at", "last_delivered_at", "next_attempt_at", "previous_until", "created_by", "created_at")


def wall_now():
    return datetime.datetime.now(datetime.timezone.utc)


def _iso(value):
    return value.isoformat().replace("+00:00", "Z") if isinstance(value, datetime.datetime) else value


def shown(row):
    answer = {name: _iso(row[name]) for name in SHOWN}
    answer["types"] = row["types"].split(",") if row["types"] else []
    return answer


def _types(values):
    try:
        return parse_types(",".join(values or ()), PUBLIC_TYPES)
    except ValueError as exc:
        raise errors.Invalid({"types": [f"不是公开事件类型：{exc}（可选：{', '.join(PUBLIC_TYPES)}）"]}) from None


def _secret(value, field="secret"):
    if value is None:
        return signing.new_secret()
    try:
        signing.key_of(value)
    except ValueError as exc:
        raise errors.Invalid({field: [f"密钥须为 whsec_ 加 base64（24 至 64 字节）：{exc}"]}) from None
    return value


def _destination(policy, url, resolver):
    try:
        policy.check(url, resolver)
    except destinations.Refused as refused:
        raise errors.Invalid({"url": [f"{refused.message}（{refused.message_en}）"]}) from None


def owner(principal):
    """Whose subscriptions ``principal`` manages: None for an operator (every one), else its own
    subject — a bureau's client manages the subscriptions it registered, no other."""
    return None if principal.has("operator") else principal.sub


def _mine(query, owner):
    return query if owner is None else query.where(subs.c.created_by == owner)


def load(tx, subscription_id, lock=False, owner=None):
    """One subscription (``owner``: only if that subject registered it), else 404."""
    query = _mine(sa.select(subs).where(subs.c.id == subscription_id), owner)
    return tx.one_or_404(query, f"没有编号为 {subscription_id} 的订阅", f"no webhook subscription {subscription_id}",
                         lock=lock)


def register(uow, principal_subject, body, policy, resolver):
    """A new subscription from the feed's head (``after`` given: from that cursor); the
    secret is generated when none is given and answered once. The URL is checked (its host
    resolved) before the unit of work ``uow`` opens: no network I/O inside a transaction."""
    types = _types(body.get("types"))
    _destination(policy, body["url"], resolver)
    secret = _secret(body.get("secret"))
    with uow as tx:
        return _insert(tx, principal_subject, body, types, secret, policy.sealer)


def _insert(tx, principal_subject, body, types, secret, sealer):
    if tx.first(sa.select(subs.c.id).where(subs.c.name == body["name"])):
        raise errors.Conflict(f"订阅名称 {body['name']} 已被使用", f"the subscription name {body['name']} is taken")
    after = body.get("after")
    if after is None:
        after = tx.scalar(sa.select(sa.func.max(feed_events.c.position))) or 0
    now = wall_now()
    result = tx.session.execute(subs.insert().values(
        name=body["name"], url=body["url"], types=",".join(types), secret=sealer.seal(secret), cursor=after,
        state="active", failures=0, next_attempt_at=now, created_by=principal_subject or "operator", created_at=now))
    subscription_id = result.inserted_primary_key[0]
    tx.audit("webhook.registered", target=str(subscription_id), detail={"name": body["name"], "url": body["url"]})
    tx.after_commit(lambda: gauges.known(body["name"]))
    answer = shown(load(tx, subscription_id))
    if body.get("secret") is None:
        answer["secret"] = secret
    return answer


def listing(tx, state, after, limit, owner=None):
    """Subscriptions with ``id`` above ``after`` (``state``: active, parked, failing — active with
    failures — or none: all; ``owner``: only those that subject registered), at most ``limit``;
    the next page's ``after`` in ``next``."""
    query = _mine(sa.select(subs), owner)
    if state == "failing":
        query = query.where(subs.c.state == "active", subs.c.failures > 0)
    elif state:
        query = query.where(subs.c.state == state)
    found = paging.page(tx, query, subs.c.id, after, limit)
    return {"subscriptions": [shown(r) for r in found.rows], "next": found.next}


def rotate(tx, subscription_id, body, policy, owner=None):
    """A new secret; the previous one still signs (beside it) for ``overlap_seconds``."""
    row = load(tx, subscription_id, lock=True, owner=owner)
    secret = _secret(body.get("secret"))
    overlap = body.get("overlap_seconds")
    until = wall_now() + datetime.timedelta(seconds=policy.overlap if overlap is None else overlap)
    # the previous secret stays sealed (again under the newest key if an older one sealed it);
    # one no key opens any more cannot sign beside the new one: the rotation replaces it at once
    previous = row["secret"]
    try:
        if policy.sealer.stale(previous):
            previous = policy.sealer.seal(policy.sealer.open(previous))
    except sealing.Unreadable:
        previous = until = None
    tx.run(subs.update().where(subs.c.id == subscription_id).values(
        secret=policy.sealer.seal(secret), previous_secret=previous, previous_until=until))
    tx.audit("webhook.secret_rotated", target=str(subscription_id), detail={"previous_until": _iso(until)})
    answer = shown(load(tx, subscription_id))
    if body.get("secret") is None:
        answer["secret"] = secret
    return answer


def replay(tx, subscription_id, body, owner=None):
    """Deliver again from the cursor ``after`` (a parked subscription becomes active)."""
    load(tx, subscription_id, lock=True, owner=owner)
    tx.run(subs.update().where(subs.c.id == subscription_id).values(
        cursor=body["after"], state="active", failures=0, failing_since=None, next_attempt_at=wall_now(),
        lease=None, leased_until=None))
    tx.audit("webhook.replayed", target=str(subscription_id), reason=body.get("reason"),
             detail={"after": body["after"]})
    return shown(load(tx, subscription_id))


def remove(tx, subscription_id, owner=None):
    row = load(tx, subscription_id, lock=True, owner=owner)
    tx.run(subs.delete().where(subs.c.id == subscription_id))
    tx.audit("webhook.removed", target=str(subscription_id), detail={"name": row["name"]})
    return {"removed": subscription_id}


# -- the timer's side ---------------------------------------------------------------------------
def record(tx, outcome, policy, now, rand=random.random):
    """An outcome of a delivery recorded on its subscription (if the lease is still its own)."""
    row = tx.first(sa.select(subs).where(subs.c.id == outcome.subscription_id, subs.c.lease == outcome.lease))
    if row is None:
        return                                  # removed or replayed meanwhile: the new state stands
    values = {"lease": None, "leased_until": None}
    if outcome.delivered is not None:
        values.update(cursor=outcome.delivered, last_delivered_at=now)
    for seconds in outcome.latencies:
        gauges.LATENCY.observe(seconds)
    if outcome.error is None:
        values.update(failures=0, failing_since=None, next_attempt_at=now)
    else:
        gauges.FAILURES.labels(row["name"]).inc()
        since = row["failing_since"] if outcome.delivered is None and row["failing_since"] else now
        failures = (row["failures"] if outcome.delivered is None else 0) + 1
        values.update(failures=failures, failing_since=since, last_error=outcome.error[:500], last_error_at=now,
                      next_attempt_at=now + datetime.timedelta(
                          seconds=retries.delay(failures, policy.backoff_first, policy.backoff_max, rand)))
        if retries.parked(since, now, policy.retry_for):
            values["state"] = "parked"
    tx.run(subs.update().where(subs.c.id == row["id"]).values(**values))
    if values.get("state") == "parked":
        tx.audit("webhook.parked", target=str(row["id"]), detail={"name": row["name"], "error": outcome.error[:500]})


#: a subscription whose secret none of the keys opens (its key left WEBHOOK_SECRET_KEYS too early)
UNREADABLE = ("no key of WEBHOOK_SECRET_KEYS decrypts this subscription's secret: list again the key it was "
              "encrypted with, or rotate its secret")


def _secrets_in_force(sealer, row, now):
    """The secrets that sign (newest first) in clear, and the columns to store again because
    they were encrypted under an older key (or ``{}``)."""
    secrets, resealed = [sealer.open(row["secret"])], {}
    if sealer.stale(row["secret"]):
        resealed["secret"] = sealer.seal(secrets[0])
    if row["previous_secret"] and row["previous_until"] and row["previous_until"] > now:
        secrets.append(sealer.open(row["previous_secret"]))
        if sealer.stale(row["previous_secret"]):
            resealed["previous_secret"] = sealer.seal(secrets[1])
    return secrets, resealed


def tick(tx, deliverer, now=None):
    """Record what finished, then claim the due subscriptions this instance has room for and
    hand each its next events once this transaction has committed."""
    now = now or wall_now()
    policy = deliverer.policy
    for outcome in deliverer.take():
        record(tx, outcome, policy, now)
    room = deliverer.free()
    if not room:
        return 0
    busy = deliverer.in_flight()
    tx.lock(CLAIMS)
    head = tx.scalar(sa.select(sa.func.max(feed_events.c.position))) or 0
    due = tx.all(sa.select(subs).where(
        subs.c.state == "active", subs.c.next_attempt_at <= now, subs.c.cursor < head,
        sa.or_(subs.c.leased_until.is_(None), subs.c.leased_until < now)).order_by(subs.c.next_attempt_at)
        .limit(room + len(busy)))
    started = 0
    for row in due:
        if row["id"] in busy or started >= room:
            continue
        query = sa.select(*[feed_events.c[n] for n in ("position", "event_id", "type", "source", "subject", "time",
                                                       "cycle_id", "sequence", "dataschema", "data")]) \
            .where(feed_events.c.position > row["cursor"])
        if row["types"]:
            query = query.where(feed_events.c.type.in_(row["types"].split(",")))
        rows = tx.all(query.order_by(feed_events.c.position).limit(policy.batch))
        if not rows:   # none of its types up to the head (positions commit in order): skip ahead
            tx.run(subs.update().where(subs.c.id == row["id"]).values(cursor=head))
            continue
        try:
            secrets, resealed = _secrets_in_force(policy.sealer, row, now)
        except sealing.Unreadable:
            tx.run(subs.update().where(subs.c.id == row["id"]).values(
                last_error=UNREADABLE, last_error_at=now,
                next_attempt_at=now + datetime.timedelta(seconds=policy.backoff_max)))
            continue
        lease = str(uuid.uuid4())
        tx.run(subs.update().where(subs.c.id == row["id"]).values(
            lease=lease, leased_until=now + datetime.timedelta(seconds=policy.lease_seconds(len(rows))), **resealed))
        job = Job(row["id"], lease, row["url"], tuple(secrets), [served(r) for r in rows])
        tx.after_commit(lambda job=job: deliverer.start(job))
        started += 1
    return started
