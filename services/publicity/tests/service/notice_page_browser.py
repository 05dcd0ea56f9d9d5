"""Drives headless Chromium (the tests' kit's driver, ``award_testing.browser``) through the public
notice page and its objection form. Prints what the page
showed and answered as JSON, with the page's response headers as the browser received them
(Chromium's performance log), what the browser's console said (a policy violation is logged
there), and what it said when the page was put in a frame. Runs in its own process."""
import json
import sys
import time
from urllib.parse import urljoin

from award_testing.browser import WebDriver


def main(url, candidate_css, content, name, contact):
    driver = WebDriver()
    try:
        driver.do("POST", "/url", {"url": url})
        seen = {"title": driver.do("GET", "/title"), "text": driver.text("body"),
                "headers": driver.response_headers(url)}
        driver.click(candidate_css)  # an <option> of the candidate select
        driver.type("#content", content)
        driver.type("#objector_name", name)
        driver.type("#objector_contact", contact)
        driver.click("#objection-form button")
        for _ in range(300):
            seen["result"] = driver.text("#result")
            if seen["result"]:
                break
            time.sleep(0.1)
        seen["console"] = driver.console()
        # the page in a frame of a same-origin page without a policy of its own (a JSON answer;
        # Chromium keeps a page of no origin from framing a local address at all): the framed
        # page's own policy must refuse (frame-ancestors 'none')
        driver.do("POST", "/url", {"url": urljoin(url, "/health/live")})
        driver.do("POST", "/execute/async", {"script": (
            "const done = arguments[arguments.length - 1], frame = document.createElement('iframe');"
            "frame.onload = () => done(true); frame.src = arguments[0]; document.body.appendChild(frame);"),
            "args": [url]})
        seen["framed"] = {"console": driver.console()}
        driver.do("POST", "/frame", {"id": 0})
        seen["framed"]["text"] = driver.text("body")
        seen["framed"]["url"] = driver.do("POST", "/execute/sync", {"script": "return location.href", "args": []})
    finally:
        driver.quit()
    print(json.dumps(seen, ensure_ascii=False))


if __name__ == "__main__":
    main(*sys.argv[1:])
