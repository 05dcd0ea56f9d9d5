"""Issue 32, item 3: the README's replay path, run literally — its own commands, read from the
README — on a copy of the repository (a var/ of its own: pids, databases, keys, logs), with the
five services on free ports (``<NAME>_HTTP_ADDRESS``) and a vhost of their own (``AMQP_URI``):

    scripts/down && AWARD_CLOCK=simulated:2019-03-01T09:00:00+08:00 scripts/up
    scripts/demo --applicants 8

The replay runs to its end on the suite exactly as the README starts it: the public routes'
60 calls a minute, and publicity's notice timer (``PUBLICITY_NOTICE_TIMER_SECONDS``) at 1 s, as
``scripts/demo`` sets it when it restarts the suite: the notice closes about a second after the
replay moves the clock past its window. The README's own 60 s would be waited on the wall clock
(at 20 s the first replay took 19 s here, at 1 s 6.5 s); how the demo waits a long timer out —
polling less and less often, 429s waited for — is tests/test_demo.py's, without waiting.

Then ``scripts/demo`` again: the suite holds the 2019 cycle (a replay does not resume, whether
the last one ended or stopped half-way), so it is restarted on fresh databases of the demo's
own and the replay runs to its end again, with no cleaning by hand.

The first replay is also the one the replay's content is read from (issue 15, item 2: each
step, the certificates, the summary, a revoked certificate at publicity) and the suite it leaves
is the one a replay given by address refuses (``--service``: never restarted): one replay
proves both, where tests/test_demo.py once ran a replay of its own for them."""
import os
import re
import shutil
import subprocess

import requests

from award_testing.plugin import free_port

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVICES = ("intake", "scoring", "supervision", "publicity", "revocation", "feed")
NOTICE_TIMER_SECONDS = 1  # as scripts/demo's restart: the close follows the clock within a second


def readme_commands():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    [up] = re.findall(r"^(scripts/down && AWARD_CLOCK=simulated:\S+ scripts/up)\s*$", readme, flags=re.M)
    replay = readme.split("### A replay of 2019", 1)[1].split("\n## ", 1)[0]
    assert "`scripts/demo`" in replay and "`--applicants N`" in replay
    return up, "scripts/demo --applicants 8"


def clone(target):
    """The repository's files as a fresh clone has them (and this worktree's changes), with this
    checkout's .venv: scripts/install finds it installed (the same pins) and installs nothing."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = os.path.join(ROOT, name)
        if os.path.isfile(source):
            os.makedirs(os.path.dirname(os.path.join(target, name)), exist_ok=True)
            shutil.copy2(source, os.path.join(target, name))
    os.symlink(os.path.join(ROOT, ".venv"), os.path.join(target, ".venv"))


def logs(top):
    folder = os.path.join(top, "var", "log")
    out = []
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else ():
        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as fh:
            out.append(f"--- {name}\n" + "".join(fh.readlines()[-15:]))
    return "\n".join(out)


def check_the_replay(printed, top, publicity):
    """What a replay shows, step by step (issue 15, item 2): its refusals, the panel's conflict,
    the trimmed sheet, the hold, the notice across the National Day holiday, both objections,
    the certificates' PDFs, the summary and one certificate revoked at publicity."""
    assert "━ 8/8 applications" in printed  # the finished bar, once, in a log
    assert "(Art. 6)" in printed and "Art. 10(5)" in printed and "Art. 12(2)" in printed  # three refused
    assert "refused a seat on its panel (Art. 25)" in printed and "large_spread" in printed
    assert "waiting on a hold" in printed
    assert "objections until 2019-10-11T00:00:00+08:00" in printed  # across the National Day holiday
    assert ": dismissed" in printed and ": upheld" in printed
    out = os.path.realpath(os.path.join(top, "var", "demo", "certificates"))  # --out's default, as printed
    certificates = sorted(os.path.join(out, name) for name in os.listdir(out) if name.endswith(".pdf"))
    assert certificates and all(open(path, "rb").read(4) == b"%PDF" for path in certificates)
    assert all(path in printed for path in certificates)
    summary = printed.split("Summary of the 2019 cycle")[1]
    assert "市长质量奖（单位）" in summary and "vacant" in summary and "/metrics" in summary
    [feed] = [line for line in summary.splitlines() if "the public feed for bureaus" in line]
    assert "award.approved ×1" in feed and "award.revoked ×1" in feed and "award.granted ×" in feed
    verify = next(line for line in summary.splitlines() if "verify one:" in line).split()[-1]
    assert verify.startswith(publicity + "/public/v1/certificates/")
    revoked = next(line for line in printed.splitlines() if "certificate" in line and "revoked on 2020-11-30" in line)
    number = revoked.split("certificate ")[1].split(":")[0]
    answer = requests.get(f"{publicity}/public/v1/certificates/{number}", timeout=30)
    assert answer.status_code == 200 and answer.json()["status"] == "revoked"
    assert os.path.exists(os.path.join(out, f"{number}.pdf"))


def check_the_console(started, console):
    """Issue 35, done means: scripts/up starts the console and prints its URL, and offers
    development sign-in with clearly marked test users; signed in as the office's test user, the
    replayed edition is on its page and the first step's form (opening an edition) is offered."""
    assert re.search(rf"^console\s+{re.escape(console)}\s+\(development sign-in: test users only\)$", started, re.M)
    browser = requests.Session()
    signin = browser.get(f"{console}/signin", timeout=30)
    assert signin.status_code == 200 and "开发用登录" in signin.text and signin.text.count("以“【测试】") == 8
    csrf = re.search(r'name="csrf" value="([^"]+)"', signin.text).group(1)
    home = browser.post(f"{console}/signin/dev", data={"csrf": csrf, "login": "dev-office"}, timeout=30)
    assert home.status_code == 200 and home.url == f"{console}/" and "【测试】市长质量奖办公室" in home.text
    edition = browser.get(f"{console}/cycles/cycle-2019", timeout=30)
    assert edition.status_code == 200 and "cycle-2019" in edition.text
    form = browser.get(f"{console}/act/open-cycle", timeout=30)
    assert form.status_code == 200 and "申报截止时间（北京时间）" in form.text and "第二条、第三十一条" in form.text


def test_the_readme_replay_path_runs_to_the_end_and_runs_again(rabbit_config, tmp_path):
    # the pins installed (a no-op when they are): the clone's scripts/install then has nothing to do
    subprocess.run([os.path.join(ROOT, "scripts", "install")], cwd=ROOT, check=True, capture_output=True,
                   timeout=600)
    top = str(tmp_path / "clone")
    clone(top)
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if k in os.environ}
    env.update({f"{svc.upper()}_HTTP_ADDRESS": f"127.0.0.1:{free_port()}" for svc in SERVICES})
    env["CONSOLE_HTTP_ADDRESS"] = f"127.0.0.1:{free_port()}"  # scripts/up starts the staff console too
    env["AMQP_URI"] = rabbit_config["AMQP_URI"]
    up, demo = readme_commands()

    def run(command, expect=0, **extra):
        done = subprocess.run(["bash", "-c", command], cwd=top, env=dict(env, **extra), capture_output=True,
                              text=True, timeout=900)
        assert done.returncode == expect, f"{command}: exit {done.returncode}\n{done.stdout[-3000:]}\n" \
                                          f"{done.stderr[-3000:]}\n{logs(top)}"
        return done.stdout if expect == 0 else done.stderr

    try:
        started = run(up, PUBLICITY_NOTICE_TIMER_SECONDS=str(NOTICE_TIMER_SECONDS))
        assert f"http://{env['INTAKE_HTTP_ADDRESS']}" in started and "rule set in force: jinan-2018" in started

        first = run(demo)
        assert "restarting" not in first  # the replay ran on the suite as the README started it
        assert "Summary of the 2019 cycle" in first and ": upheld" in first and "revoked on 2020-11-30" in first
        assert os.path.exists(os.path.join(top, "var", "intake.db"))
        check_the_replay(first, top, f"http://{env['PUBLICITY_HTTP_ADDRESS']}")
        check_the_console(started, f"http://{env['CONSOLE_HTTP_ADDRESS']}")

        # the suite holds a 2019 cycle: given by address, it is never restarted; the replay is
        # refused, saying how to start afresh
        given = " ".join(f"--service {svc}=http://{env[f'{svc.upper()}_HTTP_ADDRESS']}" for svc in SERVICES)
        said = run(f"scripts/demo {given}", expect=3)
        assert "already has cycle-2019" in said and "a replay does not resume" in said and "scripts/demo --fresh" in said

        again = run(demo)
        assert "already has cycle-2019" in again and "a replay does not resume" in again
        assert "restarting the suite on the simulated clock, with fresh databases in var/demo/" in again
        assert "Summary of the 2019 cycle" in again and "revoked on 2020-11-30" in again
    finally:
        subprocess.run(["bash", "-c", "scripts/down"], cwd=top, env=env, capture_output=True, timeout=60)


def test_scripts_demo_restarts_only_the_local_suite():
    """--fresh restarts the suite scripts/up runs here; a suite given by address is never restarted."""
    done = subprocess.run([os.path.join(ROOT, "scripts", "demo"), "--fresh", "--service", "intake=http://127.0.0.1:9"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "a suite given by address" in done.stderr and "never restarted" in done.stderr
