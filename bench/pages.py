"""bench/pages.py — a page of a list at province scale: intake's ``GET /v1/cycles/{cycle}/applications``,
revocation's ``GET /v1/reports``, scoring's ``GET /v1/cycles/{cycle}/applications`` and
``/experts``, supervision's ``GET /v1/opinions`` and ``GET /v1/holds``, publicity's
``GET /v1/objections`` and the kit's ``GET /admin/v1/dead-letters`` (intake's) with 100 rows
and with 10,000 (issue 37, item 3;
the lists paginated on the kit's ``award_shared.paging``).

    .venv/bin/python bench/pages.py [--db postgresql|sqlite|both] [--sizes 100,10000] [--pages 200]

The services run as real ``nameko run`` processes (bench/_harness.py); the rows are written
straight into their databases (a cycle's applications, the public's reports, scoring's replica of
the applications and the cycle's experts, the supervision group's opinions and holds, the public's
objections, events intake could not apply), then the
office (the operator, for the dead letters) reads ``--pages`` pages of 100 — the first page, and a page from the middle of the list
(``after`` the row at half way) — one after another. Printed per list and size: milliseconds a
page (the median of the client's wall time) and the statements a page ran at the database
(the service's ``award_db_statements_total``) and, on PostgreSQL, the rows of the table the server
read a page (``pg_stat_user_tables``: a count, which the machine's load does not move); and the
ratio of the largest size's page time to the smallest's, measured in the same run. A page is read by an index from where ``after`` stands,
so the ratio should stay near 1; an unpaginated list grew with the rows (its last column, the
whole list in one answer, shows by how much). The count routes the console's pages show counts
from (intake's and scoring's ``…/applications/summary``, publicity's ``…/objections/summary``) are
read ``--pages`` times at each size after their list: a ``GROUP BY`` over the cycle's rows, one
statement that reads them all, so it grows with the rows where a page does not; its time beside
the page's says what a count costs the console's pages at that size.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import requests  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from _harness import Services, databases, vhost  # noqa: E402
from award_intake.tables import applications  # noqa: E402
from award_revocation.tables import public_reports  # noqa: E402
from award_publicity.tables import objections  # noqa: E402
from award_scoring import tables as scoring_tables  # noqa: E402
from award_shared.store.db import dead_letters, holds  # noqa: E402
from award_supervision.tables import opinions  # noqa: E402
from award_tools.topology import main as declare_topology  # noqa: E402
from award_shared.web import keys  # noqa: E402

CLOCK = "fixed:2019-03-01T09:00:00+08:00"
SCHEDULE = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}
START = datetime(2019, 3, 1, 1, 0, tzinfo=timezone.utc)


class Office:
    def __init__(self, workdir, sub="office-bench", roles=("office",)):
        self.token = "Bearer " + keys.mint(os.path.join(workdir, "keys", keys.PRIVATE_KEY_NAME), sub, list(roles))
        self.http = requests.Session()

    def call(self, method, url, body=None):
        resp = self.http.request(method, url, json=body, headers={"Authorization": self.token}, timeout=120)
        if resp.status_code not in (200, 201):
            raise RuntimeError(f"{method} {url}: {resp.status_code} {resp.text[:300]}")
        return resp.json()


def statements(port, route):
    """award_db_statements_total of ``route`` (GET) at the service on ``port``."""
    total = 0.0
    for line in requests.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text.splitlines():
        if line.startswith("award_db_statements_total{") and f'route="{route}"' in line and 'method="GET"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


def analyze(engine, table):
    """The planner's statistics of ``table`` after the rows written at once, as autovacuum would
    have them for a table grown over a season (not waited for here)."""
    with engine.begin() as conn:
        conn.exec_driver_sql(f"ANALYZE {table}")
    engine.dispose()


def intake_application(cycle_id):
    return lambda n: {"application_id": f"app-bench-{n:06d}", "cycle_id": cycle_id, "kind": "unit",
                      "applicant_sub": f"unit-{n:06d}", "status": "submitted", "name": f"济南示例企业{n:06d}有限公司",
                      "district": "历下区", "sector": "secondary", "tilt_claims": "[]", "incidents": "[]",
                      "declarations": "[]", "created_at": START + timedelta(seconds=n),
                      "updated_at": START + timedelta(seconds=n)}


def public_report(n):
    return {"report_id": f"report-bench-{n:06d}", "tracking_number": f"JJB-B{n:010d}", "kind": "misconduct",
            "about": "济南示例企业有限公司", "content": "该获奖单位发生重大质量事故。", "reporter_name": "王举报",
            "reporter_contact": "13800000000", "status": "received", "filed_at": START + timedelta(seconds=n)}


def add_rows(url, table, make, have, want):
    """Rows ``make(n)`` for n in [have, want) into ``table``, 1,000 a statement, then analysed."""
    engine = sa.create_engine(url)
    rows = [make(n) for n in range(have, want)]
    with engine.begin() as conn:
        for at in range(0, len(rows), 1000):
            conn.execute(table.insert(), rows[at:at + 1000])
    analyze(engine, table.name)


def scoring_application(cycle_id):
    return lambda n: {"application_id": f"app-bench-{n:06d}", "cycle_id": cycle_id, "kind": "unit",
                      "applicant_name": f"济南示例企业{n:06d}有限公司", "district": "历下区", "sector": "secondary",
                      "tilt_claims": "[]", "submitted_at": "2019-05-20T10:00:00+08:00", "submitted_sequence": 1,
                      "recommended_at": "2019-06-20T10:00:00+08:00", "updated_at": START + timedelta(seconds=n)}


def scoring_expert(cycle_id):
    return lambda n: {"cycle_id": cycle_id, "subject": f"exp-bench-{n:06d}", "name": f"专家{n:06d}",
                      "affiliation_kind": "university", "employer_name": "山东大学",
                      "employer_credit_code": "91370100000000019N", "former_employer_credit_codes": "[]",
                      "sectors": '["secondary"]', "declared_conflicts": "[]", "status": "active",
                      "registered_at": START + timedelta(seconds=n), "registered_by": "agency-bench"}


def supervision_opinion(cycle_id):
    return lambda n: {"opinion_id": f"opinion-bench-{n:06d}", "cycle_id": cycle_id,
                      "application_id": f"app-bench-{n:06d}", "opinion": "评审程序规范，无异议", "author": "sup-bench",
                      "recorded_at": START + timedelta(seconds=n)}


def publicity_objection(cycle_id):
    return lambda n: {"objection_id": f"objection-bench-{n:06d}", "tracking_number": f"YYB{n:011d}",
                      "cycle_id": cycle_id, "application_id": f"app-bench-{n % 30:06d}", "notice_id": "notice-bench",
                      "content": "该单位公示材料未如实反映质量事故。", "objector_name": "王某", "objector_contact": "13800000000",
                      "received_at": START + timedelta(seconds=n), "status": "received", "hold_id": "hold-bench"}


def supervision_hold(cycle_id):
    return lambda n: {"hold_id": f"hold-bench-{n:06d}", "cycle_id": cycle_id, "step": "district_review",
                      "subject": f"app-bench-{n:06d}", "placed_by": "sup-bench", "placed_by_service": "supervision",
                      "reason": "待核实推荐签署", "article": "Art. 9", "status": "active",
                      "placed_at": START + timedelta(seconds=n)}


def dead_letter(n):
    return {"event_id": f"event-bench-{n:06d}", "type": "cycle.opened", "exchange": "intake.events",
            "routing_key": "cycle.opened", "stage": "handler", "error": "Traceback: bench", "body": b'{"bench": true}',
            "received_at": START + timedelta(seconds=n), "status": "pending"}


def rows_read(db_url, table):
    """PostgreSQL: the rows of ``table`` its server has read so far (sequential scans and index
    fetches, pg_stat_user_tables), or None on SQLite. A count, not a time: it does not move with
    the machine's load."""
    if not db_url.startswith("postgresql"):
        return None
    time.sleep(1.5)  # the backends report their counts when idle
    engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        found = conn.execute(sa.text("SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) "
                                     "FROM pg_stat_user_tables WHERE relname = :t"), {"t": table}).scalar_one()
    engine.dispose()
    return found


def measure(office, port, route, url, pages, middle, db_url, table):
    """(ms a page: median; statements a page; rows of the table read a page, PostgreSQL) over
    ``pages`` reads, half the first page, half the page after ``middle``."""
    office.call("GET", url)  # warm: the first call's compilation is not what a page costs
    before, read_before, times = statements(port, route), rows_read(db_url, table), []
    for n in range(pages):
        target = url if n % 2 == 0 else f"{url}{'&' if '?' in url else '?'}after={middle}"
        started = time.perf_counter()
        office.call("GET", target)
        times.append(time.perf_counter() - started)
    read = rows_read(db_url, table)
    per_page = (read - read_before) / pages if read is not None else float("nan")
    return statistics.median(times) * 1000, (statements(port, route) - before) / pages, per_page


def measure_count(office, port, route, url, calls, db_url, table):
    """(ms a call: median; statements a call; rows of the table read a call, PostgreSQL) of a
    count route (``…/summary``) over ``calls`` calls."""
    office.call("GET", url)
    before, read_before, times = statements(port, route), rows_read(db_url, table), []
    for _ in range(calls):
        started = time.perf_counter()
        office.call("GET", url)
        times.append(time.perf_counter() - started)
    read = rows_read(db_url, table)
    per_call = (read - read_before) / calls if read is not None else float("nan")
    return statistics.median(times) * 1000, (statements(port, route) - before) / calls, per_call


def whole(office, url, size, key):
    """ms to read every row as one answer would have (one page of all, up to 500 a page)."""
    started, after, read = time.perf_counter(), None, 0
    while True:
        page = office.call("GET", f"{url}&limit=500" + (f"&after={after}" if after else ""))
        read += len(page[key])
        after = page["next"]
        if after is None:
            break
    assert read == size, (read, size)
    return (time.perf_counter() - started) * 1000


def learnt(office, url, attempts=100):
    """Wait until a service answers ``url`` (it learnt the cycle from intake's event)."""
    for _ in range(attempts):
        try:
            return office.call("GET", url)
        except RuntimeError:
            time.sleep(0.2)
    return office.call("GET", url)


def run(engine_kind, sizes, pages):
    print(f"\n{engine_kind}: {pages} pages of 100 per list and size (half the first page, half one from the middle)")
    print(f"  {'list':<48}{'rows':>7}{'ms a page':>11}{'statements':>12}{'rows read':>11}{'all rows, ms':>14}")
    names = ["intake", "revocation", "scoring", "supervision", "publicity"]
    with vhost() as amqp_uri, databases(engine_kind, names) as urls, \
            tempfile.TemporaryDirectory(prefix="award-pages-") as work:
        if declare_topology(["--amqp-uri", amqp_uri]) != 0:  # scoring and supervision learn the cycle from intake
            raise SystemExit("bench/pages.py: could not declare the topology (is RabbitMQ running?)")
        # pages are read one at a time: a small pool each, so five services fit a shared server's connections
        common = {"CLOCK": CLOCK, "PERSON_KEY_SECRET": "bench-secret", "DB_POOL_SIZE": 2}
        # one after the other: a port is picked free before its process binds it
        started = [Services(amqp_uri, {name: urls[name]}, work, extra={name: common}) for name in urls]
        ports = {}
        try:
            for services in started:
                services.start()
                ports.update(services.ports)
            office, operator = Office(work), Office(work, "operator-bench", ("operator",))
            intake = f"http://127.0.0.1:{ports['intake']}"
            revocation = f"http://127.0.0.1:{ports['revocation']}"
            scoring = f"http://127.0.0.1:{ports['scoring']}"
            supervision = f"http://127.0.0.1:{ports['supervision']}"
            publicity = f"http://127.0.0.1:{ports['publicity']}"
            cycle_id = office.call("POST", f"{intake}/v1/cycles", {"edition": 2019, "schedule": SCHEDULE})["cycle_id"]
            learnt(office, f"{scoring}/v1/cycles/{cycle_id}/applications")  # cycle.opened, over the bus
            learnt(office, f"{supervision}/v1/opinions?cycle_id={cycle_id}")
            lists = (("intake GET /v1/cycles/<cycle_id>/applications", ports["intake"],
                      "/v1/cycles/<cycle_id>/applications", f"{intake}/v1/cycles/{cycle_id}/applications?limit=100",
                      lambda have, want: add_rows(urls["intake"], applications, intake_application(cycle_id),
                                                  have, want), "app-bench-{:06d}",
                      urls["intake"], "applications", office, "/v1/cycles/<cycle_id>/applications/summary"),
                     ("revocation GET /v1/reports", ports["revocation"], "/v1/reports",
                      f"{revocation}/v1/reports?limit=100",
                      lambda have, want: add_rows(urls["revocation"], public_reports, public_report, have, want),
                      "report-bench-{:06d}", urls["revocation"], "public_reports", office, None),
                     ("scoring GET /v1/cycles/<cycle_id>/applications", ports["scoring"],
                      "/v1/cycles/<cycle_id>/applications", f"{scoring}/v1/cycles/{cycle_id}/applications?limit=100",
                      lambda have, want: add_rows(urls["scoring"], scoring_tables.applications,
                                                  scoring_application(cycle_id), have, want),
                      "app-bench-{:06d}", urls["scoring"], "applications", office, "/v1/cycles/<cycle_id>/applications/summary"),
                     ("scoring GET /v1/cycles/<cycle_id>/experts", ports["scoring"],
                      "/v1/cycles/<cycle_id>/experts", f"{scoring}/v1/cycles/{cycle_id}/experts?limit=100",
                      lambda have, want: add_rows(urls["scoring"], scoring_tables.experts, scoring_expert(cycle_id),
                                                  have, want),
                      "exp-bench-{:06d}", urls["scoring"], "experts", office, None),
                     ("supervision GET /v1/opinions", ports["supervision"], "/v1/opinions",
                      f"{supervision}/v1/opinions?cycle_id={cycle_id}&limit=100",
                      lambda have, want: add_rows(urls["supervision"], opinions, supervision_opinion(cycle_id),
                                                  have, want),
                      "opinion-bench-{:06d}", urls["supervision"], "opinions", office, None),
                     ("supervision GET /v1/holds", ports["supervision"], "/v1/holds",
                      f"{supervision}/v1/holds?cycle_id={cycle_id}&limit=100",
                      lambda have, want: add_rows(urls["supervision"], holds, supervision_hold(cycle_id), have, want),
                      "hold-bench-{:06d}", urls["supervision"], "holds", office, None),
                     ("publicity GET /v1/objections", ports["publicity"], "/v1/objections",
                      f"{publicity}/v1/objections?cycle_id={cycle_id}&limit=100",
                      lambda have, want: add_rows(urls["publicity"], objections, publicity_objection(cycle_id),
                                                  have, want),
                      "objection-bench-{:06d}", urls["publicity"], "objections", office, "/v1/cycles/<cycle_id>/objections/summary"),
                     ("intake GET /admin/v1/dead-letters", ports["intake"], "/admin/v1/dead-letters",
                      f"{intake}/admin/v1/dead-letters?status=pending&limit=100",
                      lambda have, want: add_rows(urls["intake"], dead_letters, dead_letter, have, want),
                      "{}", urls["intake"], "dead_letters", operator, None))
            for name, port, route, url, add, ids, db_url, table, caller, count_route in lists:
                key = route.rsplit("/", 1)[1].replace("-", "_")
                found, counted, have = {}, {}, 0
                for size in sizes:
                    add(have, size)
                    have = size
                    ms, per_page, read = measure(caller, port, route, url, pages, ids.format(size // 2), db_url, table)
                    found[size] = ms
                    print(f"  {name:<48}{size:>7}{ms:>11.2f}{per_page:>12.1f}{read:>11.1f}"
                          f"{whole(caller, url, size, key):>14.0f}")
                    if count_route:  # the count route of the console's pages: GROUP BY over the cycle's rows
                        count_url = url.split("/v1/")[0] + count_route.replace("<cycle_id>", cycle_id)
                        ms, per_call, read = measure_count(office, port, count_route, count_url, pages, db_url, table)
                        counted[size] = ms
                        label = name.split(" ")[0] + " GET " + count_route.replace("/v1/cycles/<cycle_id>", "…")
                        print(f"  {label:<48}{size:>7}{ms:>11.2f}{per_call:>12.1f}"
                              f"{read:>11.1f}{'':>14}")
                print(f"  {name}: a page at {sizes[-1]:,} rows costs {found[sizes[-1]] / found[sizes[0]]:.2f}× "
                      f"a page at {sizes[0]:,} (same run)")
                if counted:
                    print(f"  {name}: its count at {sizes[-1]:,} rows costs {counted[sizes[-1]] / counted[sizes[0]]:.2f}× "
                          f"its count at {sizes[0]:,} (a count reads the cycle's rows: it grows, a page does not)")
        finally:
            for services in started:
                services.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="postgresql", choices=("sqlite", "postgresql", "both"))
    parser.add_argument("--sizes", default="100,10000")
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    for engine_kind in (("sqlite", "postgresql") if args.db == "both" else (args.db,)):
        run(engine_kind, sizes, args.pages)


if __name__ == "__main__":
    main()
