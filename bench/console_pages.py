"""bench/console_pages.py — the console's busiest pages at province scale: milliseconds a page and
service calls a page with 100 applications in the edition and with 10,000, and the ratio.

    .venv/bin/python bench/console_pages.py [--sizes 100,10000] [--views 20]

What it measures is the console's own part of a page: the calls it makes to the services and what
it does with their answers (the tables, the counts, the links). The services are the in-memory
edition of the console's scale tests (console/tests/console_fake_services.py: each list a page at
a time as docs/contract.md says, the count routes, every call counted), so the time is the
console's and the calls are exactly those a real suite would answer; what each service's own
page costs at 10,000 rows is bench/pages.py's. Each page is viewed ``--views`` times by its
role signed in with development sign-in; printed per page and size: the median milliseconds a
view spent in the console (the wall time less the in-memory services' own, which scan their
lists in Python and would grow with them where a database seeks by index), the service calls a view, and the ratio of the largest size's to the smallest's. Before
the console read a page of the lists at a time, its calls and its time grew with the edition
(every list read 500 a page to the end); the ratio of both should now stay near 1.
"""
import argparse
import gc
import os
import re
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "console", "tests"))

from werkzeug.test import Client  # noqa: E402

from award_console.app import Console  # noqa: E402
from award_console.config import Settings  # noqa: E402
from console_fake_services import CYCLE, Edition  # noqa: E402

PAGES = [("dev-office", f"/cycles/{CYCLE}", "office: an edition"),
         ("dev-office", f"/cycles/{CYCLE}/review", "office: the review"),
         ("dev-office", f"/cycles/{CYCLE}/list", "office: the list"),
         ("dev-office", "/", "office: home"),
         ("dev-third-party", "/", "agency: home"),
         ("dev-supervisor", "/", "supervisor: home"),
         ("dev-district", "/", "district: home")]


def signed_in(app, login):
    client = Client(app)
    page = client.get("/signin").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    client.post("/signin/dev", data={"csrf": csrf, "login": login})
    return client


def measure(size, views, workdir):
    edition = Edition(size)
    settings = Settings.from_env({"CONSOLE_DEV_SIGNIN": "1", "AWARD_KEY_DIR": os.path.join(workdir, "keys"),
                                  "CONSOLE_DATABASE_URL": f"sqlite:///{workdir}/console-{size}.db"})
    app = Console(settings)
    app.http = edition
    clients, found = {}, {}
    for login, path, name in PAGES:
        client = clients.setdefault(login, signed_in(app, login))
        times, calls = [], []
        for _ in range(views):
            edition.calls.clear()
            edition.service_seconds = 0.0
            gc.collect()
            gc.disable()  # a collection's pause grows with the in-memory edition's objects, not the page's
            try:
                started = time.perf_counter()
                answer = client.get(path)
                times.append((time.perf_counter() - started - edition.service_seconds) * 1000)
            finally:
                gc.enable()
            if answer.status_code != 200:
                raise RuntimeError(f"{name} at {size}: {answer.status_code}")
            calls.append(edition.total_calls)
        found[name] = (statistics.median(times), max(calls))
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,10000", help="applications in the edition, comma-separated")
    parser.add_argument("--views", type=int, default=20, help="views of each page at each size")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as workdir:
        results = {size: measure(size, args.views, workdir) for size in sizes}
    small, large = min(sizes), max(sizes)
    head = "".join(f"{f'{s} ms':>12}{f'{s} calls':>12}" for s in sizes)
    print(f"{'page':<24}{head}{'ms ratio':>10}{'calls ratio':>13}")
    for _, _, name in PAGES:
        cells = "".join(f"{results[s][name][0]:>12.1f}{results[s][name][1]:>12d}" for s in sizes)
        ms_ratio = results[large][name][0] / results[small][name][0]
        calls_ratio = results[large][name][1] / results[small][name][1]
        print(f"{name:<24}{cells}{ms_ratio:>10.2f}{calls_ratio:>13.2f}")


if __name__ == "__main__":
    main()
