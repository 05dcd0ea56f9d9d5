"""Art. 17 in a real browser: headless Chromium (Debian's, installed by scripts/install --test) loads the
public notice page, reads the list and the window's end in Beijing time, and submits an
objection through the page's own form; the answer is a tracking number and the hold is placed.
Issue 29, item 9: the page reaches the browser with its security headers, works under its
Content-Security-Policy without one violation in the console, and refuses to be framed."""
import json
import os
import shutil
import sys

from eventlet.green import subprocess

from award_publicity import tables
from award_shared.store import db

DRIVER_SCRIPT = os.path.join(os.path.dirname(__file__), "notice_page_browser.py")


def test_art17_the_notice_page_shows_the_list_and_takes_an_objection_through_its_form(office):
    for path in ("/usr/bin/chromium", "/usr/bin/chromedriver"):
        assert shutil.which(path), f"{path} is missing: run scripts/install --test (it installs chromium and chromium-driver)"
    office.propose()
    assert office.deliberate(adopt=("u-1", "u-2", "u-3", "p-1")).status_code == 201
    assert office.notice().status_code == 201
    run = subprocess.Popen(
        [sys.executable, DRIVER_SCRIPT, office.svc.client.base_url + "/public/v1/notices/current?format=html",
         "#application_id option[value=\"u-2\"]", "该单位公示材料与实际不符。", "赵某", "13700000000"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err.decode(errors="replace")[-3000:]
    seen = json.loads(out)
    headers = seen["headers"]
    assert headers is not None, "the browser's log shows no answer for the page"
    assert headers.get("x-content-type-options") == "nosniff" and headers.get("referrer-policy") == "no-referrer"
    policy = headers.get("content-security-policy") or ""
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy and "unsafe" not in policy
    violations = [line for line in seen["console"] if "Content Security Policy" in line or "Refused" in line]
    assert violations == [], violations  # the style and the form's script run under the policy
    framed = seen["framed"]  # the page, put in a frame by another page of its origin, is not shown
    assert "济南泉城智能装备股份有限公司" not in framed["text"] and not framed["url"].startswith("http"), framed
    assert any("frame-ancestors 'none'" in line for line in framed["console"]), framed
    assert seen["title"] == "济南市市长质量奖拟奖名单公示"
    assert "济南泉城智能装备股份有限公司" in seen["text"] and "2019年10月10日 24:00（北京时间）" in seen["text"]
    assert seen["result"].startswith("异议已受理，受理编号：")
    tracking = seen["result"].rsplit("：", 1)[1]
    row = office.row(tables.objections, tracking_number=tracking)
    assert row["application_id"] == "u-2" and row["objector_name"] == "赵某"
    assert office.row(db.holds, hold_id=row["hold_id"])["subject"] == "u-2"
