"""An edition of any size as the five services answer the console, in memory: the lists a page at
a time as docs/contract.md says ("Lists a page at a time": ``limit`` 1–500, ``after`` a row of the
list, ``next`` the ``after`` of the next page), their filters and the count routes (``…/summary``),
every call counted by service and path. What the console's scale tests (and bench/console_pages.py)
put behind ``Console.http``: a page's service calls are counted at 100 rows and at 10,000 without
starting a service. The answers hold the fields the pages read, nothing of the services' rules
(those are the services' own tests'); a route it does not know is a 404, which the pages treat as
a part refused."""
import time
from collections import Counter
from urllib.parse import urlsplit

CYCLE = "cycle-2019"
SCHEDULE = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}


class Answer:
    def __init__(self, status, data):
        self.status_code, self.data = status, data

    def json(self):
        return self.data


def _paged(rows, params, cursor):
    """A page of ``rows`` (already in the list's order) as the kit's paging answers it."""
    limit = int(params.get("limit", 100))
    if not 1 <= limit <= 500:
        return Answer(422, {"error": {"message": "limit", "fields": {"limit": ["1–500"]}}})
    after = params.get("after")
    start = 0
    if after:
        keys = [r[cursor] for r in rows]
        if after not in keys:  # the contract: an ``after`` that is not a row of the list
            return Answer(422, {"error": {"message": "after", "fields": {"after": [f"not a row: {after}"]}}})
        start = keys.index(after) + 1
    page = rows[start:start + limit]
    return page, (page[-1][cursor] if len(page) == limit else None)


def _counts(rows):
    counted = Counter(r["status"] for r in rows)
    return {"cycle_id": CYCLE, "total": len(rows), "by_status": dict(sorted(counted.items()))}


def _yes(value):
    return None if value is None else str(value).lower() == "true"


class Edition:
    """``n`` applications in intake and in scoring's review (a tenth of those started, every third
    with the supervision group's opinion), ``n // 10`` experts, complaints, findings, supervision
    opinions and objections, each list as its service orders it."""

    def __init__(self, n):
        self.n = n
        self.calls = Counter()  # (service, path) -> calls
        self.service_seconds = 0.0  # spent answering in memory (scanning its lists: not a service's cost)
        self.intake_apps = [{"application_id": f"app-{i:06d}", "cycle_id": CYCLE, "name": f"济南示例{i:06d}有限公司",
                             "kind": "unit", "district": "历下区", "status": "submitted" if i % 2 else "recommended",
                             "submitted_at": "2019-05-20T10:00:00+08:00"} for i in range(n)]
        self.scoring_apps = [{"application_id": f"app-{i:06d}", "cycle_id": CYCLE,
                              "applicant_name": f"济南示例{i:06d}有限公司", "district": "历下区", "sector": "secondary",
                              "status": "recommended", "opinion": i % 3 == 0,
                              "stages": ({"qualification_review": {"status": "completed", "outcome": "passed",
                                                                   "score": None}} if i % 10 == 0 else {})}
                             for i in range(n)]
        m = max(1, n // 10)
        self.experts = [{"subject": f"exp-{i:05d}", "name": f"专家{i}", "employer_name": "山东大学",
                         "sectors": ["secondary"], "load": 0} for i in range(m)]
        self.complaints = [{"complaint_id": f"complaint-{i:05d}", "tracking_number": f"JZ2019-{i:05d}",
                            "cycle_id": CYCLE, "content": f"投诉{i}",
                            "status": ("received", "under_review", "handled")[i % 3],
                            "filed_at": "2019-06-01T10:00:00+08:00"} for i in range(m)]
        self.findings = [{"finding_id": f"finding-{i:05d}", "cycle_id": CYCLE, "kind": "procedural",
                          "step": "material_review", "summary": f"发现{i}", "article": "Art. 9",
                          "recorded_at": "2019-06-02T10:00:00+08:00"} for i in range(m)]
        self.sup_opinions = [{"opinion_id": f"sop-{i:05d}", "cycle_id": CYCLE, "application_id": f"app-{i:06d}",
                              "opinion": f"意见{i}", "recorded_at": "2019-06-03T10:00:00+08:00"} for i in range(m)]
        self.objections = [{"objection_id": f"objection-{i:05d}", "tracking_number": f"YY2019{i:05d}",
                            "cycle_id": CYCLE, "application_id": f"app-{i:06d}", "content": f"异议{i}",
                            "status": ("received", "investigated", "proposed", "resolved")[i % 4],
                            "received_at": "2019-09-28T10:00:00+08:00"} for i in range(m)]
        self.pub_opinions = [{"opinion_id": f"pop-{i:05d}", "cycle_id": CYCLE, "application_id": f"app-{i:06d}",
                              "opinion": f"意见{i}", "status": "received" if i % 2 else "accepted",
                              "status_name": "待答复" if i % 2 else "已采纳"} for i in range(m)]

    # -- the session's ``request`` the console calls -------------------------------------------
    def request(self, method, url, json=None, params=None, timeout=None, headers=None):
        started = time.perf_counter()
        try:
            return self._request(method, url, params)
        finally:  # the in-memory services' own time, which bench/console_pages.py leaves out
            self.service_seconds += time.perf_counter() - started

    def _request(self, method, url, params):
        parts = urlsplit(url)
        service = {"8001": "intake", "8002": "scoring", "8003": "supervision", "8004": "publicity",
                   "8005": "revocation", "8006": "feed"}[str(parts.port)]
        self.calls[(service, parts.path)] += 1
        params = {k: v for k, v in (params or {}).items() if v is not None}
        if method != "GET":
            return Answer(405, {"error": {"message": "只读"}})
        found = self.answer(service, parts.path, params)
        if isinstance(found, Answer):
            return found
        if found is None:
            return Answer(404, {"error": {"message": "未找到"}})
        return Answer(200, found)

    def close(self):
        pass

    @property
    def total_calls(self):
        return sum(self.calls.values())

    def list_answer(self, rows, params, cursor, key, **extra):
        found = _paged(rows, params, cursor)
        if isinstance(found, Answer):
            return found
        page, following = found
        return {key: page, "next": following, **extra}

    def answer(self, service, path, params):
        c = f"/v1/cycles/{CYCLE}"
        cycle = {"cycle_id": CYCLE, "edition": 2019, "status": "open", "ruleset_id": "jinan-2018", "schedule": SCHEDULE}
        if service == "intake":
            if path == "/v1/cycles":
                return {"cycles": [cycle]}
            if path == c:
                return cycle
            if path == f"{c}/notice":
                return {"cycle_id": CYCLE, "deadline": SCHEDULE["application"], "text": "2019年度市长质量奖申报通知"}
            if path == f"{c}/applications":
                rows = [a for a in self.intake_apps if not params.get("status") or a["status"] == params["status"]]
                return self.list_answer(rows, params, "application_id", "applications")
            if path == f"{c}/applications/summary":
                return _counts(self.intake_apps)
        if service == "scoring":
            if path == f"{c}/third-party":
                return {"cycle_id": CYCLE, "status": "appointed", "name": "山东示例质量评价中心"}
            if path == f"{c}/stages":
                return {"stages": []}
            if path == f"{c}/applications":
                rows = [a for a in self.scoring_apps
                        if (not params.get("status") or a["status"] == params["status"])
                        and (_yes(params.get("unstarted")) is None or _yes(params["unstarted"]) == (not a["stages"]))
                        and (_yes(params.get("with_opinion")) is None or _yes(params["with_opinion"]) == a["opinion"])]
                return self.list_answer(rows, params, "application_id", "applications")
            if path == f"{c}/applications/summary":
                recommended = [a for a in self.scoring_apps if a["status"] == "recommended"]
                return {**_counts(self.scoring_apps),
                        "recommended_unstarted": sum(1 for a in recommended if not a["stages"]),
                        "recommended_without_opinion": sum(1 for a in recommended if not a["opinion"])}
            if path == f"{c}/experts":
                return self.list_answer(self.experts, params, "subject", "experts")
        if service == "supervision":
            if path == "/v1/complaints":
                waiting = _yes(params.get("waiting"))
                rows = [x for x in self.complaints
                        if waiting is None or waiting == (x["status"] in ("received", "under_review"))]
                return self.list_answer(rows, params, "complaint_id", "complaints")
            if path == f"{c}/complaints/summary":
                counted = _counts(self.complaints)
                return {**counted, "waiting": sum(counted["by_status"].get(s, 0) for s in ("received", "under_review"))}
            if path == "/v1/findings":
                return self.list_answer(self.findings, params, "finding_id", "findings")
            if path == "/v1/opinions":
                return self.list_answer(self.sup_opinions, params, "opinion_id", "opinions")
            if path == "/v1/holds":
                return {"holds": []}
        if service == "publicity":
            if path == "/v1/objections":
                rows = [o for o in self.objections if not params.get("status") or o["status"] == params["status"]]
                return self.list_answer(rows, params, "objection_id", "objections")
            if path == f"{c}/objections/summary":
                counted = _counts(self.objections)
                return {**counted, "unresolved": counted["total"] - counted["by_status"].get("resolved", 0)}
            if path == f"{c}/opinions":
                return self.list_answer(self.pub_opinions, params, "opinion_id", "opinions", cycle_id=CYCLE)
            if path == f"{c}/opinions/summary":
                counted = _counts(self.pub_opinions)
                return {**counted, "unanswered": counted["by_status"].get("received", 0)}
        return None
