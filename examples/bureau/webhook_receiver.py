"""An example webhook receiver for a bureau (docs/bureaus.md, "Webhooks"): Python's standard
library only. It verifies each delivery's Standard Webhooks signature with the subscription's
``whsec_`` secret (or, during a rotation, any of the secrets given), refuses a timestamp more
than five minutes from its clock, skips an event id it already has, stores the event in the
register (register.py: de-duplication by id, order by sequence per source and subject) and
answers 204 only once it is stored.

    python examples/bureau/webhook_receiver.py --secret whsec_... --port 9000 --register awards.db

Put it behind your own HTTPS reverse proxy: the feed sends only to https URLs."""
import argparse
import base64
import hashlib
import hmac
import http.server
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import register  # noqa: E402  (the example's register, beside this file)

TOLERANCE = 300  # seconds


def verified(secrets, headers, body, now=None):
    """True if one of the signatures in ``webhook-signature`` is one of ``secrets``' over
    ``id.timestamp.body`` and the timestamp is within five minutes of ``now``."""
    msg_id, timestamp = headers.get("webhook-id"), headers.get("webhook-timestamp")
    if not msg_id or not timestamp or not timestamp.isdigit():
        return False
    if abs((now or time.time()) - int(timestamp)) > TOLERANCE:
        return False
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = {base64.b64encode(hmac.new(base64.b64decode(s.removeprefix("whsec_")), signed,
                                          hashlib.sha256).digest()).decode() for s in secrets}
    given = [part.split(",", 1)[1] for part in (headers.get("webhook-signature") or "").split() if part.startswith("v1,")]
    return any(hmac.compare_digest(g, e) for g in given for e in expected)


def serve(port, secrets, db):
    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if not verified(secrets, {k.lower(): v for k, v in self.headers.items()}, body):
                return self.answer(401)
            try:
                event = register.parse(body, self.headers.get("Content-Type", ""))
                outcome = db.handle(event)
            except register.NotAnEvent as exc:   # sending it again changes nothing: take it, log it
                print(json.dumps({"outcome": "rejected", "reason": str(exc)}, ensure_ascii=False), flush=True)
                return self.answer(204)
            print(json.dumps({"event": event["id"], "type": event["type"], "outcome": outcome}), flush=True)
            self.answer(204)

        def answer(self, status):
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    http.server.HTTPServer(("127.0.0.1", port), Receiver).serve_forever()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--secret", action="append", required=True, help="whsec_...; twice during a rotation")
    parser.add_argument("--port", type=int, default=9000)
    parser.add_argument("--register", default="awards.db")
    args = parser.parse_args(argv)
    serve(args.port, args.secret, register.Register(args.register))


if __name__ == "__main__":
    main()
