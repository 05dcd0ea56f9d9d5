"""Province scale (10,000 applications an edition): a console page costs the same service calls
whatever the edition's size. Its tables are ONE page of the service's list (``limit``/``after``/
``next``) with a "下一页" link carrying the cursor in the console's own URL; its counts come from
the services' count routes (``…/summary``); a filtered table ("unstarted", "waiting", "without
an opinion") is asked of the service filtered. Each page is rendered behind an edition of 600
applications and of 6,000 (console_fake_services: the services' answers in memory, every call
counted): the calls are the same, each table holds at most a page, the counts are the edition's
and the next-page links show the following rows. Every page rendered is read by the markup
checker (conftest.py)."""
import re

import pytest
from werkzeug.test import Client

from award_console.app import PAGE_SIZE, Console
from award_console.config import Settings

from console_fake_services import CYCLE, Edition

SMALL, LARGE = 600, 6000
#: the pages of the lists that grow with the edition, and who reads each
PAGES = [("dev-office", f"/cycles/{CYCLE}"), ("dev-office", f"/cycles/{CYCLE}/review"),
         ("dev-office", f"/cycles/{CYCLE}/list"), ("dev-office", "/"), ("dev-third-party", "/"),
         ("dev-third-party", f"/cycles/{CYCLE}/review"), ("dev-supervisor", "/"),
         ("dev-supervisor", f"/cycles/{CYCLE}/review"), ("dev-district", "/"), ("dev-district", f"/cycles/{CYCLE}"),
         ("dev-leading-group", "/"), ("dev-applicant", "/")]


def console_over(edition, tmp_path):
    settings = Settings.from_env({"CONSOLE_DEV_SIGNIN": "1", "AWARD_KEY_DIR": str(tmp_path / "keys"),
                                  "CONSOLE_DATABASE_URL": f"sqlite:///{tmp_path}/console-{edition.n}.db"})
    app = Console(settings)
    app.http = edition  # every service call the pages make goes to the edition in memory, counted
    return app


def signed_in(app, login):
    client = Client(app)
    page = client.get("/signin").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    assert client.post("/signin/dev", data={"csrf": csrf, "login": login}).status_code == 303
    return client


class Reader:
    """One edition, a console over it, and a signed-in client a role."""

    def __init__(self, n, tmp_path):
        self.edition = Edition(n)
        self.app = console_over(self.edition, tmp_path)
        self.clients = {}

    def get(self, login, path):
        client = self.clients.get(login) or self.clients.setdefault(login, signed_in(self.app, login))
        self.edition.calls.clear()
        answer = client.get(path)
        assert answer.status_code == 200, (login, path, answer.get_data(as_text=True)[:2000])
        page = answer.get_data(as_text=True)
        return page[page.find("<main"):], dict(self.edition.calls)


@pytest.fixture
def small(tmp_path):
    return Reader(SMALL, tmp_path)


@pytest.fixture
def large(tmp_path):
    return Reader(LARGE, tmp_path)


@pytest.mark.parametrize("login,path", PAGES)
def test_a_page_costs_the_same_service_calls_at_any_size(small, large, login, path):
    page_small, calls_small = small.get(login, path)
    page_large, calls_large = large.get(login, path)
    assert calls_large == calls_small, (login, path, calls_small, calls_large)
    assert sum(calls_large.values()) <= 24, calls_large  # a handful of parts, one call each at most twice
    assert all(n <= 2 for n in calls_large.values()), calls_large  # no list read page after page
    # no table holds more than a page of the edition's rows
    for row in (r"济南示例\d{6}有限公司", r"JZ2019-\d{5}", r"YY2019\d{5}", r"exp-\d{5}", r"发现\d+", r"意见\d+"):
        assert len(re.findall(row, page_large)) <= 2 * PAGE_SIZE, (row, path)


def test_the_counts_are_the_editions_from_the_count_routes(large):
    page, calls = large.get("dev-third-party", "/")
    assert f"已推荐进入评审的申报 {LARGE} 件" in page
    assert f"尚未开始评审的申报（前 {PAGE_SIZE} 件）" in page and 'href="/act/assign-panel?application_id=app-000001"' in page
    assert "app-000000" not in page  # started (a stage result): not among the unstarted
    assert calls[("scoring", f"/v1/cycles/{CYCLE}/applications/summary")] == 1
    page, _ = large.get("dev-supervisor", "/")
    assert f"待办理的投诉举报（{LARGE // 10 * 2 // 3} 件" in page
    assert f"待提出监督意见的申报（{LARGE - LARGE // 3} 件" in page
    page, _ = large.get("dev-district", "/")
    assert f"待初审的申报（{LARGE // 2} 件）" in page
    page, _ = large.get("dev-office", f"/cycles/{CYCLE}")
    assert f"申报（共 {LARGE} 件）" in page and "各状态的申报数" in page
    page, _ = large.get("dev-office", "/")
    objections = LARGE // 10
    assert f"待调查处理的异议 {objections // 2} 件" in page and f"待答复的监督组意见 {objections // 2} 条" in page
    page, _ = large.get("dev-office", f"/cycles/{CYCLE}/list")
    assert f"异议（{objections} 件" in page


def next_href(page, anchor=None):
    links = re.findall(r'<a href="([^"]+)" rel="next">下一页</a>', page)
    links = [h.replace("&amp;", "&") for h in links if anchor is None or h.endswith("#" + anchor)]
    assert len(links) == 1, links
    return links[0].split("#")[0]


def test_the_next_page_link_shows_the_following_rows(large):
    page, _ = large.get("dev-office", f"/cycles/{CYCLE}")
    link = next_href(page)
    assert link == f"/cycles/{CYCLE}?after=app-{PAGE_SIZE - 1:06d}"
    assert f"app-{PAGE_SIZE - 1:06d}\"" in page and f"app-{PAGE_SIZE:06d}\"" not in page
    following, calls = large.get("dev-office", link)
    assert f'href="/applications/app-{PAGE_SIZE:06d}"' in following
    assert f'href="/applications/app-{2 * PAGE_SIZE - 1:06d}"' in following
    assert f'href="/applications/app-{PAGE_SIZE - 1:06d}"' not in following
    assert '>第一页</a>' in following and sum(calls.values()) == sum(large.get("dev-office", f"/cycles/{CYCLE}")[1].values())

    # the review page: each table pages on its own cursor, the others' kept
    page, _ = large.get("dev-office", f"/cycles/{CYCLE}/review")
    apps = next_href(page, "h-apps")
    following, _ = large.get("dev-office", apps)
    assert f'href="/applications/app-{PAGE_SIZE:06d}/review"' in following
    assert f'href="/applications/app-{PAGE_SIZE - 1:06d}/review"' not in following
    experts = next_href(following, "h-experts")
    assert f"after=app-{PAGE_SIZE - 1:06d}" in experts and f"experts_after=exp-{PAGE_SIZE - 1:05d}" in experts
    both, _ = large.get("dev-office", experts)
    assert f"exp-{PAGE_SIZE:05d}" in both and f"exp-{PAGE_SIZE - 1:05d}<" not in both
    assert f'href="/applications/app-{PAGE_SIZE:06d}/review"' in both  # the applications' page kept
    page, _ = large.get("dev-supervisor", f"/cycles/{CYCLE}/review")
    complaints = next_href(page, "h-complaints")
    following, _ = large.get("dev-supervisor", complaints)
    assert f"JZ2019-{PAGE_SIZE:05d}" in following and f"JZ2019-{PAGE_SIZE - 1:05d}<" not in following

    # the edition's list page: the objections on their own cursor
    page, _ = large.get("dev-office", f"/cycles/{CYCLE}/list")
    objections = next_href(page, "h-objections")
    following, _ = large.get("dev-office", objections)
    assert f"YY2019{PAGE_SIZE:05d}" in following and f"YY2019{PAGE_SIZE - 1:05d}<" not in following


def test_a_small_edition_shows_every_row_and_no_next_link(tmp_path):
    reader = Reader(30, tmp_path)  # fewer than a page in every list
    page, _ = reader.get("dev-office", f"/cycles/{CYCLE}")
    assert "申报（共 30 件）" in page and 'rel="next"' not in page
    assert all(f'href="/applications/app-{i:06d}"' in page for i in range(30))
    page, _ = reader.get("dev-office", f"/cycles/{CYCLE}/review")
    assert "评审专家（3 人，第八条）" in page and 'rel="next"' not in page
    page, _ = reader.get("dev-third-party", "/")
    assert "已推荐进入评审的申报 30 件" in page and "尚未开始评审的申报（前 27 件）" in page
    # a cursor that is not a row of the list: the service refuses it, the part is left out
    page, _ = reader.get("dev-office", f"/cycles/{CYCLE}?after=app-nope")
    assert "申报（共" not in page
