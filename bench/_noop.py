"""The baseline's service: a nameko HTTP entrypoint that does nothing (no token, no database,
no bus), run by bench/cycle.py as a real ``nameko run`` process beside the suite."""
import json

from nameko.web.handlers import http


class NoopService:
    name = "bench_noop"

    @http("POST", "/noop")
    def noop(self, request):
        return 200, {"Content-Type": "application/json"}, json.dumps({"ok": True})
