"""Drives headless Chromium through the public notice page and its objection form over the W3C
WebDriver protocol (chromedriver's plain HTTP API, spoken with ``requests``; selenium would
bring trio, which breaks hypothesis's pytest plugin under eventlet). Prints what the page
showed and answered as JSON, with the page's response headers as the browser received them
(Chromium's performance log), what the browser's console said (a policy violation is logged
there), and what it said when the page was put in a frame. Runs in its own process."""
import json
import socket
import subprocess
import sys
import time
from urllib.parse import urljoin

import requests

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ELEMENT = "element-6066-11e4-a52f-4f735466cecf"


class WebDriver:
    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.process = subprocess.Popen([DRIVER, f"--port={port}"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                requests.get(self.base + "/status", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        caps = {"browserName": "chrome", "goog:loggingPrefs": {"browser": "ALL", "performance": "ALL"},
                "goog:chromeOptions": {"binary": CHROMIUM, "args": [
                    "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]}}
        self.session = self._call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})["sessionId"]

    def _call(self, method, path, body=None):
        r = requests.request(method, self.base + path, json=body, timeout=60)
        value = r.json()["value"]
        if r.status_code != 200:
            raise RuntimeError(f"webdriver {method} {path}: {value}")
        return value

    def do(self, method, path, body=None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def find(self, css):
        found = self.do("POST", "/element", {"using": "css selector", "value": css})
        return found.get(ELEMENT) or found.get("ELEMENT") or next(iter(found.values()))

    def text(self, css):
        return self.do("GET", f"/element/{self.find(css)}/text")

    def type(self, css, value):
        self.do("POST", f"/element/{self.find(css)}/value", {"text": value})

    def click(self, css):
        self.do("POST", f"/element/{self.find(css)}/click", {})

    def log(self, kind):
        """chromedriver's log of ``kind`` (browser: the console; performance: DevTools events)
        since it was last read."""
        return self.do("POST", "/se/log", {"type": kind})

    def console(self):
        return [f"{entry['level']} {entry['message']}" for entry in self.log("browser")]

    def response_headers(self, url):
        """The headers of the document answered for ``url``, as the browser received them."""
        for entry in self.log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.responseReceived" and message["params"]["type"] == "Document":
                response = message["params"]["response"]
                if response["url"] == url:
                    return {name.lower(): value for name, value in response["headers"].items()}
        return None

    def quit(self):
        try:
            self.do("DELETE", "")
        finally:
            self.process.terminate()


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
