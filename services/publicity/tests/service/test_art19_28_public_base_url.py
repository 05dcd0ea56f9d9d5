"""Art. 19, 28 and issue 32, item 4: a certificate carries its verification address for good, so
publicity confers awards and makes certificates only with an absolute PUBLIC_BASE_URL; without
one (or with a relative one) it refuses, 503 naming the setting, and nothing changes."""
import shutil
import subprocess

import pytest

from award_publicity import tables
from award_testing.helpers import ruleset_2011_stand_in, valid_credit_code
from test_art18_19_28_publicity_award import PRIZES, approve, passed_notice


def conferral(office):
    return office.call("office", "POST", f"/v1/cycles/{office.cycle_id}/conferral", {"granted_on": "2019-11-01"})


def pdf_text(path):
    assert shutil.which("pdftotext"), "pdftotext is missing: run scripts/install --test (it installs poppler-utils)"
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("address", ["", "publicity.award.example.org"])
def test_art19_no_conferral_and_no_certificate_without_an_absolute_public_address(office_factory, address):
    office = office_factory(PUBLIC_BASE_URL=address)
    passed_notice(office)
    assert approve(office).status_code == 201
    assert office.call("office", "PUT", f"/v1/cycles/{office.cycle_id}/prize-amounts", PRIZES).status_code == 200

    r = conferral(office)
    assert r.status_code == 503, r.text
    error = r.json()["error"]
    assert error["code"] == "public_base_url_not_configured"
    assert "PUBLIC_BASE_URL" in error["message"] and "PUBLIC_BASE_URL" in error["message_en"]
    assert "公开地址" in error["message"] and "nothing changed" in error["message_en"]
    assert (address or "not set") in error["message_en"]
    # nothing changed: no award, no event, the candidates still wait, nothing audited
    assert office.rows(tables.awards) == [] and office.outbox("award.granted") == []
    assert set(office.candidates().values()) == {"approved"}
    assert office.audit("conferral.confer") == []

    # an award imported from before the suite is on record, but no certificate is made of it
    imported = office.call("office", "POST", "/v1/awards/import", {"awards": [
        {"certificate_number": "济质奖〔2017〕第003号", "cycle_id": "cycle-2017", "edition": 2017,
         "category": "unit_award", "recipient_name": "济南老字号示例集团", "credit_code": valid_credit_code(99),
         "items": ["trophy", "plaque", "certificate"], "prize_amount": "300000", "granted_on": "2017-12-20"}],
        "ruleset": ruleset_2011_stand_in()})
    assert imported.status_code == 201, imported.text
    award_id = office.row(tables.awards, certificate_number="济质奖〔2017〕第003号")["award_id"]
    r = office.svc.client.get(f"/v1/awards/{award_id}/certificate.pdf", "office")
    assert r.status_code == 503 and r.json()["error"]["code"] == "public_base_url_not_configured"


def test_art28_a_certificate_points_at_the_address_publicity_is_served_at(office, tmp_path):
    """The test services, like scripts/up, derive PUBLIC_BASE_URL from where publicity is served."""
    passed_notice(office)
    approve(office)
    office.call("office", "PUT", f"/v1/cycles/{office.cycle_id}/prize-amounts", PRIZES)
    assert conferral(office).status_code == 201
    award = office.row(tables.awards, application_id="u-1")
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(office.svc.client.get(f"/v1/awards/{award['award_id']}/certificate.pdf", "office").content)
    url = f"{office.svc.client.base_url}/public/v1/certificates/{award['certificate_number']}?format=html"
    assert url in pdf_text(pdf)
    assert office.call(None, "GET", url.removeprefix(office.svc.client.base_url)).status_code == 200
