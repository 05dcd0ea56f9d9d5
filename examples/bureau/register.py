"""The bureau's own register of awards, in SQLite: what the award feed has told it.

Two rules make a feed that is delivered at least once, and not always in order, safe to
apply (docs/bureaus.md):

* de-duplicate by ``id``: the id of every event handled is kept, in the same transaction as
  its effect, so a redelivery or a replay changes nothing;
* order by ``sequence`` per (``source``, ``subject``): an event whose sequence is not above the
  last one applied for its subject is older news and is recorded, not applied. Sequences
  are not contiguous for a bureau (it sees only ``award.*``), so a gap is no reason to wait.

``award.granted`` (from publicity) and ``award.revoked`` (from revocation) fill different
columns of an award's row, so they commute: a revocation that overtakes its grant still
leaves the award revoked.
"""
import json
import sqlite3

TABLES = """
CREATE TABLE IF NOT EXISTS processed (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, source TEXT NOT NULL, subject TEXT NOT NULL,
    sequence INTEGER NOT NULL, outcome TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS latest (
    source TEXT NOT NULL, subject TEXT NOT NULL, sequence INTEGER NOT NULL,
    PRIMARY KEY (source, subject));
CREATE TABLE IF NOT EXISTS awards (
    award_id TEXT PRIMARY KEY, cycle_id TEXT, recipient_name TEXT, category TEXT,
    credit_code TEXT, person_key TEXT, certificate_number TEXT, prize_amount TEXT,
    granted_at TEXT, revoked_on TEXT, revocation_grounds TEXT);
CREATE TABLE IF NOT EXISTS approvals (
    cycle_id TEXT PRIMARY KEY, document_number TEXT, approved_at TEXT, final_list TEXT NOT NULL);
"""
REQUIRED = ("specversion", "id", "source", "type", "subject", "sequence", "data")
#: The AMQP content types of the feed (docs/bureaus.md, "The content type"): CloudEvents'
#: JSON format since wire version 2; ``application/json`` is what wire version 1 sent, and may
#: still wait in the queue after the suite's upgrade. pika hands over bytes either way, so
#: nothing needs registering; a kombu or nameko subscriber registers the type (docs/bureaus.md).
CONTENT_TYPES = ("application/cloudevents+json", "application/json")


class NotAnEvent(ValueError):
    """The message is not a CloudEvents envelope of the suite; retrying will not help."""


class Register:
    def __init__(self, path):
        self.db = sqlite3.connect(path, isolation_level=None)  # transactions are explicit
        self.db.executescript(TABLES)

    def handle(self, event):
        """Apply one event (:func:`parse`); answer ``applied``, ``duplicate``, ``stale`` or ``ignored``."""
        source, subject, sequence = event["source"], event["subject"], event["sequence"]
        self.db.execute("BEGIN IMMEDIATE")
        try:
            if self.db.execute("SELECT 1 FROM processed WHERE id = ?", (event["id"],)).fetchone():
                self.db.execute("ROLLBACK")
                return "duplicate"
            row = self.db.execute("SELECT sequence FROM latest WHERE source = ? AND subject = ?",
                                  (source, subject)).fetchone()
            if row is not None and sequence <= row[0]:
                outcome = "stale"
            else:
                try:
                    outcome = self._apply(event)
                except (KeyError, TypeError) as exc:  # an envelope, but not the payload of its type
                    raise NotAnEvent(f"{event['type']} without a usable {exc}") from None
                self.db.execute("INSERT INTO latest VALUES (?, ?, ?) ON CONFLICT (source, subject) "
                                "DO UPDATE SET sequence = excluded.sequence", (source, subject, sequence))
            self.db.execute("INSERT INTO processed VALUES (?, ?, ?, ?, ?, ?)",
                            (event["id"], event["type"], source, subject, sequence, outcome))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return outcome

    def _apply(self, event):
        data = event["data"]
        if event["type"] == "award.granted":
            self.db.execute(
                "INSERT INTO awards (award_id, cycle_id, recipient_name, category, credit_code, person_key,"
                " certificate_number, prize_amount, granted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (award_id) DO UPDATE SET cycle_id = excluded.cycle_id,"
                " recipient_name = excluded.recipient_name, category = excluded.category,"
                " credit_code = excluded.credit_code, person_key = excluded.person_key,"
                " certificate_number = excluded.certificate_number,"
                " prize_amount = excluded.prize_amount, granted_at = excluded.granted_at",
                (data["award_id"], data["cycle_id"], data["recipient_name"], data["category"],
                 data.get("credit_code"), data.get("person_key"), data["certificate_number"],
                 data["prize_amount"], data.get("granted_at") or event.get("time")))
        elif event["type"] == "award.revoked":
            self.db.execute(
                "INSERT INTO awards (award_id, cycle_id, revoked_on, revocation_grounds) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (award_id) DO UPDATE SET revoked_on = excluded.revoked_on,"
                " revocation_grounds = excluded.revocation_grounds",
                (data["award_id"], data["cycle_id"], data["decision_date"], json.dumps(data["grounds"])))
        elif event["type"] == "award.approved":
            self.db.execute(
                "INSERT INTO approvals VALUES (?, ?, ?, ?) ON CONFLICT (cycle_id) DO UPDATE SET"
                " document_number = excluded.document_number, approved_at = excluded.approved_at,"
                " final_list = excluded.final_list",
                (data["cycle_id"], data.get("document_number"), data.get("approved_at"),
                 json.dumps(data["final_list"], ensure_ascii=False)))
        else:
            return "ignored"  # an award.* type added after this code was written
        return "applied"

    def awards(self):
        cursor = self.db.execute("SELECT * FROM awards ORDER BY award_id")
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row)) for row in cursor]


def parse(body, content_type=CONTENT_TYPES[0]):
    """The envelope in ``body``, a message of AMQP ``content_type``; :class:`NotAnEvent` if
    it is none."""
    if content_type not in CONTENT_TYPES:
        raise NotAnEvent(f"content type {content_type!r} is not the feed's ({', '.join(CONTENT_TYPES)})")
    try:
        event = json.loads(body)
    except ValueError as exc:
        raise NotAnEvent(f"not JSON: {exc}") from None
    if not isinstance(event, dict) or any(key not in event for key in REQUIRED):
        raise NotAnEvent("not a CloudEvents envelope: " + ", ".join(k for k in REQUIRED if k not in event))
    if event["specversion"] != "1.0" or not isinstance(event["sequence"], int) \
            or not isinstance(event["data"], dict):
        raise NotAnEvent("not a CloudEvents 1.0 envelope of the award suite")
    return event
