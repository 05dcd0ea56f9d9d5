"""Drives headless Chromium through the console's steps 9-13 (issue 35), each person signing in at
the real test provider: the leading group deliberates the candidate list, the office publishes
the public notice with its media, an objection is filed on publicity's public page and handled
(investigated and proposed by the office, approved by the leading group), the leading group
submits the list to the government (提报), the government approves it, the office sets the prize
amounts and confers, and the certificate is verified on the public page. Takes the government's
home and the office's edition page as screenshots. Runs in its own process (the test's is
eventlet's) and reuses the first walk's ``Walk``; prints what it saw as JSON. Arguments: a JSON
object (console, shots, publicity); it prints ``notice-handled`` once the objection is resolved
and waits for a line on stdin (the test has moved the business clock past the notice)."""
import base64
import json
import os
import sys

import requests

from console_walk_browser import Walk


class ListWalk(Walk):
    def page_shot(self, path, name):
        self.go(path)
        png = base64.b64decode(self.driver.do("GET", "/screenshot"))
        with open(os.path.join(self.shots, f"{name}.png"), "wb") as fh:
            fh.write(png)

    def run(self, publicity):
        d = self.driver
        # the leading group deliberates: the form comes with the candidates waiting, adopts them all
        self.sign_in("leading_group")
        self.seen["lg_home"] = self.text()
        d.click('a[href^="/act/deliberate"]')
        self.seen["deliberate_form"] = self.text()
        self.set("f-meeting_date", "2019-09-20")
        d.type("#f-members_present", "组长\n副组长")
        self.submit()
        self.wait_for(lambda: "/cycles/cycle-2019/list" in self.url() and "已通过审议" in self.text(), "the adopted list")
        self.sign_out()
        # the office publishes the notice with its media; a line it cannot read is refused beside the field
        self.sign_in("office")
        self.go("/act/publish-public-notice?cycle_id=cycle-2019")
        d.type("#f-media", "济南日报")
        self.submit()
        self.wait_for(lambda: "未能完成" in self.text(), "the refusal of a medium without its date")
        self.seen["media_refused"] = self.driver.script(
            "const el = document.getElementById('err-media'); return el ? el.innerText : ''")
        d.script("document.getElementById('f-media').value = ''")
        d.type("#f-media", "济南日报｜2019-09-27｜A3")
        self.submit()
        self.wait_for(lambda: "公示中" in self.text(), "the notice running")
        self.seen["office_list"] = self.text()
        self.go("/cycles/cycle-2019")
        self.seen["dashboard"] = self.text()
        self.sign_out()
        # anyone objects on publicity's public notice page
        self.driver.do("POST", "/url", {"url": publicity + "/public/v1/notices/current"})
        self.wait_for(lambda: self.driver.script("return !!document.getElementById('objection-form')"), "the form")
        d.type("#content", "该单位2018年曾发生质量投诉，请核实")
        d.type("#objector_name", "公众甲")
        d.type("#objector_contact", "13900000000")
        d.click('#objection-form button[type="submit"]')
        self.wait_for(lambda: "受理编号" in self.text(), "the tracking number")
        # the office investigates and proposes the handling opinion
        self.sign_in("office")
        self.seen["office_home"] = self.text()
        d.click('a[href="/cycles/cycle-2019/list#h-objections"]')
        d.click('a[href^="/objections/"]')
        objection_url = self.url()
        d.click('a[href^="/act/investigate-objection"]')
        d.type("#f-investigators", "市质量强市办 李某")
        d.type("#f-checked", "核查投诉处理记录")
        d.type("#f-conclusion", "投诉已妥善处理，不影响评审结果")
        self.submit()
        self.wait_for(lambda: "调查结论" in self.text(), "the investigation")
        d.click('a[href^="/act/propose-objection-handling"]')
        self.set("f-outcome", "dismissed")
        d.type("#f-handling_opinion", "经调查核实，异议不成立")
        self.submit()
        self.wait_for(lambda: "处理意见待领导小组审定" in self.text(), "the proposed opinion")
        self.sign_out()
        # the government may not read objections: the page says so and shows none
        self.sign_in("government")
        self.go(objection_url.replace(self.console, ""))
        self.seen["government_objection"] = self.text()
        self.go("/cycles/cycle-2019/list")
        self.seen["government_list_before"] = self.text()
        self.sign_out()
        # the leading group approves the handling opinion
        self.sign_in("leading_group")
        d.click('a[href^="/objections/"]')
        d.click('a[href^="/act/decide-objection-handling"]')
        self.submit()
        self.wait_for(lambda: "已办结" in self.text(), "the resolved objection")
        print("notice-handled", flush=True)
        sys.stdin.readline()  # the test moved the business clock past the notice's five working days
        # ... and, its home saying the list may go, submits it to the government (提报, Art. 7 LG(5))
        self.go("/")
        self.seen["lg_home_ready"] = self.text()
        d.click('a[href^="/act/submit-list"]')
        self.set("f-submitted_on", "2019-10-15")
        d.type("#f-document_number", "济质强领字〔2019〕5号")
        self.submit()
        self.wait_for(lambda: "已提报市政府" in self.text(), "the submission")
        self.sign_out()
        # the government approves it (Art. 18)
        self.sign_in("government")
        self.shot("government")
        d.click('a[href^="/act/approve-list"]')
        self.seen["approve_form"] = self.text()
        d.type("#f-document_number", "济政字〔2019〕88号")
        self.set("f-approved_on", "2019-10-25")
        self.submit()
        self.wait_for(lambda: "已批准" in self.text(), "the approval")
        self.sign_out()
        # the office sets the prize amounts and confers; the certificate number is on the list page
        self.sign_in("office")
        self.go("/act/set-prize-amounts?cycle_id=cycle-2019")
        d.type("#f-amounts\\.unit_award", "500000.00")
        self.submit()
        self.wait_for(lambda: "/cycles/cycle-2019/list" in self.url(), "the prize amounts")
        self.go("/act/confer?cycle_id=cycle-2019")
        self.set("f-granted_on", "2019-11-01")
        self.submit()
        self.wait_for(lambda: "证书编号" in self.text() and "已授奖" in self.text(), "the conferral")
        self.page_shot("/cycles/cycle-2019/list", "office-list")
        number = d.script("return document.querySelector('.certificate').innerText")
        # the approved list for the dossier, downloaded through the console with the office's session
        cookies = {c["name"]: c["value"] for c in d.do("GET", "/cookie")}
        listed = requests.get(f"{self.console}/cycles/cycle-2019/final-list.csv", cookies=cookies, timeout=30)
        self.seen["final_list"] = [listed.status_code, listed.content.decode("utf-8-sig", errors="replace"),
                                   listed.headers.get("Content-Disposition", "")]
        self.seen["console_errors"] = self.driver.console()
        self.sign_out()
        # anyone verifies the certificate on publicity's public page (Art. 28)
        self.driver.do("POST", "/url", {"url": f"{publicity}/public/v1/certificates/{number}"})
        self.seen["verified"] = self.text()


def main(args):
    walk = ListWalk(args["console"], args["shots"], None)
    try:
        walk.run(args["publicity"])
    finally:
        walk.quit()
    print("seen " + json.dumps(walk.seen, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
