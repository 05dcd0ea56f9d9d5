"""Headless Chromium over the W3C WebDriver protocol: chromedriver's plain HTTP API, spoken with
``requests`` (selenium would bring trio, which breaks hypothesis's pytest plugin under
eventlet). Debian's ``chromium`` and ``chromium-driver``, installed by ``scripts/install --test``.

Drive it from a process of its own (a test starts a small script with ``eventlet.green``'s
subprocess), not from the eventlet-patched test process that runs the services: a blocking
call into the browser would stall them. The kit's ``/docs`` page test and publicity's notice
page test (services/publicity/tests/service/notice_page_browser.py) drive it."""
import json
import os
import socket
import subprocess
import time

import requests

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ELEMENT = "element-6066-11e4-a52f-4f735466cecf"


def missing():
    """What of the browser is not installed (a test fails on it, never skips)."""
    return [f"{path} is missing: run scripts/install --test (it installs chromium and chromium-driver)"
            for path in (CHROMIUM, DRIVER) if not os.access(path, os.X_OK)]


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

    def script(self, source, *args):
        """Run ``source`` (a function body) in the page; its ``return`` value."""
        return self.do("POST", "/execute/sync", {"script": source, "args": list(args)})

    def log(self, kind):
        """chromedriver's log of ``kind`` (browser: the console; performance: DevTools events)
        since it was last read."""
        return self.do("POST", "/se/log", {"type": kind})

    def console(self):
        return [f"{entry['level']} {entry['message']}" for entry in self.log("browser")]

    def responses(self):
        """Every response the browser received since the log was last read: url -> (status,
        headers with lower-case names, resource type)."""
        seen = {}
        for entry in self.log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.responseReceived":
                response = message["params"]["response"]
                seen[response["url"]] = (response["status"], {k.lower(): v for k, v in response["headers"].items()},
                                         message["params"]["type"])
        return seen

    def response_headers(self, url):
        """The headers of the document answered for ``url``, as the browser received them."""
        for seen_url, (_, headers, kind) in self.responses().items():
            if kind == "Document" and seen_url == url:
                return headers
        return None

    def quit(self):
        try:
            self.do("DELETE", "")
        finally:
            self.process.terminate()
            self.process.wait(timeout=10)
