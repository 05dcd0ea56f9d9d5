"""Issue 15, item 2: ``award-demo`` replays the 2019 cycle to its end — notice, applications,
review, list, notice across the National Day holiday, objections, approval, conferral with PDF
certificates, and the 2020 revocation — on the six real services, through their public HTTP
routes only. The replay itself, and its refusal to run again on a suite given by address, are
proved on the suite as the README starts it (tests/test_demo_readme_path.py: one replay proves
both, where each cost CI a replay of its own); here, what the demo does before and between its
calls."""
import time

import pytest
import requests

from award_demo import api, cli
from award_intake.service import IntakeService
from award_publicity.service import PublicityService

# the subject is the demo's client (its preflight, its waits), not the database:
# the services' own tests and the suite's database tests cover both engines
pytestmark = pytest.mark.engines("postgresql")

START = "simulated:2019-03-01T09:00:00+08:00"


def test_award_demo_on_a_wall_clock_suite_says_exactly_how_to_start_one_for_the_replay(service_factory, key_dir,
                                                                                       capsys):
    intake = service_factory(IntakeService, clock="wall")
    assert cli.main(["--service", f"intake={intake.client.base_url}", "--key-dir", key_dir, "--preflight"]) == 3
    said = capsys.readouterr().err
    assert "intake runs on the wall clock" in said
    assert "scripts/down && AWARD_CLOCK=simulated:2019-03-01T09:00:00+08:00 scripts/up" in said


class FakeTime:
    """The demo's clock and sleep, without waiting: each sleep moves the clock on."""

    def __init__(self):
        self.now, self.slept = 1000.0, []

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


class Answers:
    """A stand-in for the demo's HTTP session: the answers given, in order, the last one for ever."""

    def __init__(self, *answers):
        self.answers, self.calls = list(answers), 0

    def request(self, method, url, **kw):
        self.calls += 1
        status, headers = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        resp = requests.Response()
        resp.status_code, resp.headers["Content-Type"] = status, "application/json"
        resp.headers.update(headers)
        resp._content = b'{"error": {"code": "rate_limited", "message_en": "too many requests"}}' \
            if status == 429 else b'{"notices": []}'
        return resp


def fake_suite(monkeypatch, key_dir, *answers, timeout=60.0):
    fake = FakeTime()
    monkeypatch.setattr(api, "time", fake)
    suite = api.Suite({"publicity": "http://publicity.invalid"}, key_dir, timeout=timeout)
    suite.http = Answers(*answers)
    return suite, fake


def test_the_demo_waits_out_a_429_for_its_retry_after_then_calls_again(monkeypatch, key_dir):
    """Issue 32, item 3: a real client honours Retry-After; a 429 changed nothing, so the call is
    made again, and only a wait longer than the suite's timeout gives up."""
    suite, fake = fake_suite(monkeypatch, key_dir, (429, {"Retry-After": "2"}), (200, {}))
    assert suite.get("publicity", "/public/v1/notices/current") == {"notices": []}
    assert fake.slept == [2.0] and suite.http.calls == 2

    suite, fake = fake_suite(monkeypatch, key_dir, (429, {"Retry-After": "3600"}), timeout=100)
    with pytest.raises(api.DemoError, match="429 rate_limited"):
        suite.get("publicity", "/public/v1/notices/current")
    assert fake.slept == [api.MAX_RETRY_AFTER] * 3  # bounded steps, then the suite's timeout

    assert api.retry_after(Answers((429, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})).request("GET", "")) \
        == api.POLL_FIRST  # a date gone by: call again soon
    assert api.retry_after(Answers((429, {})).request("GET", "")) == 1.0


def test_the_demo_polls_less_and_less_often_while_an_event_travels(monkeypatch, key_dir):
    """Issue 32, item 3: waiting a minute for the notice timer takes fewer polls than the public
    routes' 60 calls a minute."""
    suite, fake = fake_suite(monkeypatch, key_dir, (200, {}))
    with pytest.raises(api.DemoError, match="gave up after 60 s waiting for the notice to close"):
        suite.wait(lambda: False, "the notice to close")
    assert fake.slept[0] == api.POLL_FIRST and fake.slept == sorted(fake.slept) and max(fake.slept) == api.POLL_MAX
    assert len(fake.slept) + 1 < 45


def test_the_demo_honours_the_public_rate_limit_of_a_real_service(service_factory, key_dir):
    """Issue 32, item 3: against publicity at the Quickstart's 60 public calls a minute, the demo
    keeps calling a public route past the limit: each 429 is waited out, none stops it."""
    publicity = service_factory(PublicityService, clock=START, extra={"PUBLIC_RATE_PER_MINUTE": 60})
    suite = api.Suite({"publicity": publicity.client.base_url}, key_dir)
    waits = []
    suite.sleep = lambda seconds: (waits.append(seconds), time.sleep(seconds))
    for _ in range(200):  # no notice yet: 404 each time, never 429
        assert suite.request("publicity", "GET", "/public/v1/notices/current").status_code == 404
        if waits:
            break
    assert waits == [1.0]  # Retry-After: a token a second
