"""Issue 15, item 2: ``award-demo`` replays the 2019 cycle to its end — notice, applications,
review, list, notice across the National Day holiday, objections, approval, conferral with PDF
certificates, and the 2020 revocation — on five real services (each in its own container,
database and port, on the simulated clock), through their public HTTP routes only."""
import os

from award_demo import cli
from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_revocation.service import RevocationService
from award_scoring.service import ScoringService
from award_supervision.service import SupervisionService

START = "simulated:2019-03-01T09:00:00+08:00"


def test_award_demo_replays_the_2019_cycle_to_a_revocation_and_refuses_a_second_run(
        service_factory, key_dir, tmp_path, capsys):
    extra = {"intake": {"DOCUMENT_DIR": str(tmp_path / "docs")}, "publicity": {"NOTICE_TIMER_SECONDS": 0.2},
             "revocation": {"DOCUMENT_DIR": str(tmp_path / "evidence")}}
    services = {cls.name: service_factory(cls, clock=START, extra=extra.get(cls.name)) for cls in (
        IntakeService, ScoringService, SupervisionService, PublicityService, RevocationService)}
    urls = [f"--base-url-{name}={svc.client.base_url}" for name, svc in services.items()]
    out = tmp_path / "certificates"

    assert cli.main(urls + ["--key-dir", key_dir, "--applicants", "10", "--out", str(out)]) == 0
    printed = capsys.readouterr().out

    assert "[####################] 10/10 applications" in printed
    assert "(Art. 6)" in printed and "Art. 10(5)" in printed and "Art. 12(2)" in printed  # three refused
    assert "refused a seat on its panel (Art. 25)" in printed and "large_spread" in printed
    assert "waiting on a hold" in printed
    assert "objections until 2019-10-11T00:00:00+08:00" in printed  # across the National Day holiday
    assert ": dismissed" in printed and ": upheld" in printed
    certificates = sorted(out.glob("*.pdf"))
    assert certificates and all(p.read_bytes().startswith(b"%PDF") for p in certificates)
    assert all(str(p) in printed for p in certificates)
    summary = printed.split("Summary of the 2019 cycle")[1]
    assert "市长质量奖（单位）" in summary and "vacant" in summary and "/metrics" in summary
    verify = next(line for line in summary.splitlines() if "verify one:" in line).split()[-1]
    assert verify.startswith(services["publicity"].client.base_url + "/public/v1/certificates/")

    revoked = next(line for line in printed.splitlines() if "certificate" in line and "revoked on 2020-11-30" in line)
    number = revoked.split("certificate ")[1].split(":")[0]
    answer = services["publicity"].client.get(f"/public/v1/certificates/{number}").json()
    assert answer["status"] == "revoked" and os.path.exists(out / f"{number}.pdf")

    # the suite now holds a 2019 cycle: a second replay is refused, saying how to start afresh
    assert cli.main(urls + ["--key-dir", key_dir, "--preflight"]) == 3
    assert "already has cycle-2019" in capsys.readouterr().err


def test_award_demo_on_a_wall_clock_suite_says_exactly_how_to_start_one_for_the_replay(service_factory, key_dir,
                                                                                       capsys):
    intake = service_factory(IntakeService, clock="wall")
    assert cli.main(["--base-url-intake", intake.client.base_url, "--key-dir", key_dir, "--preflight"]) == 3
    said = capsys.readouterr().err
    assert "intake runs on the wall clock" in said
    assert "scripts/down && AWARD_CLOCK=simulated:2019-03-01T09:00:00+08:00 scripts/up" in said
