"""Who may see what: other agencies get 404, anonim identities reach complaint admins only (and each look is
logged), rahasia reports appear in no public list."""

from __future__ import annotations

import pytest

from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.access import public_reports
from sigap.reports.models import Report
from tests.factories import make_report
from tests.integration.staff_support import bearer

pytestmark = pytest.mark.django_db

SECRET_NAME = "Sitti Rahasiawati"
SECRET_PHONE = "+6281299988877"
SECRET_EMAIL = "rahasia.sitti@example.com"
NOT_ADMINS = ("petugas.pupr", "kepala.pupr", "petugas.dukcapil", "sekda", "walikota", "lurah.wajo", "camat.murhum",
              "rt.wajo.01.01")


def anonim_report(user) -> Report:
    report = make_report(anonim=True, reporter_name=SECRET_NAME, reporter_phone=SECRET_PHONE,
                         reporter_email=SECRET_EMAIL)
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"))
    actions.respond_to_report(report=Report.objects.get(pk=report.pk), by=user("petugas.pupr"), message="Dicek")
    return Report.objects.get(pk=report.pk)


def everything_reachable(client, person, report: Report) -> list[str]:
    client.force_login(person)
    token = bearer(person)
    bodies = [
        client.get("/petugas/").content.decode(),
        client.get(f"/petugas/?status={report.status}").content.decode(),
        client.get(f"/petugas/laporan/{report.tracking_id}").content.decode(),
        client.get("/api/v1/staff/reports", **token).content.decode(),
        client.get(f"/api/v1/staff/reports?status={report.status}", **token).content.decode(),
        client.get(f"/api/v1/staff/reports/{report.tracking_id}", **token).content.decode(),
        client.get(f"/api/v1/reports/{report.tracking_id}").content.decode(),
        client.get(f"/lacak/{report.tracking_id}").content.decode(),
    ]
    client.logout()
    return bodies


@pytest.mark.parametrize("username", NOT_ADMINS)
def test_no_page_or_json_gives_an_anonim_identity_to_a_non_admin(client, user, username) -> None:
    report = anonim_report(user)

    for body in everything_reachable(client, user(username), report):
        assert SECRET_NAME not in body
        assert SECRET_PHONE not in body
        assert SECRET_EMAIL not in body
        assert "81299988877" not in body


def test_reveal_identity_is_refused_to_a_non_admin_and_not_logged(client, user) -> None:
    report = anonim_report(user)
    client.force_login(user("kepala.pupr"))

    response = client.post(f"/petugas/laporan/{report.tracking_id}/identitas")

    assert response.status_code == 403
    assert SECRET_NAME not in response.content.decode()
    assert not report.events.filter(action="view_identity").exists()


def test_complaint_admin_sees_anonim_identity_only_through_the_logged_button(client, user) -> None:
    report = anonim_report(user)
    client.force_login(user("verifikator"))

    assert SECRET_NAME not in client.get(f"/petugas/laporan/{report.tracking_id}").content.decode()
    revealed = client.post(f"/petugas/laporan/{report.tracking_id}/identitas").content.decode()

    assert SECRET_NAME in revealed
    assert report.events.filter(action="view_identity", is_public=False).count() == 1


def test_complaint_admin_api_json_has_no_anonim_identity(client, user) -> None:
    report = anonim_report(user)
    body = client.get(f"/api/v1/staff/reports/{report.tracking_id}", **bearer(user("verifikator"))).json()
    assert "reporter" not in body
    assert SECRET_NAME not in str(body)


def test_named_reporter_is_shown_to_the_handling_officer(client, user) -> None:
    report = make_report(reporter_name="Wa Ode Terbuka")
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"))

    body = client.get(f"/api/v1/staff/reports/{report.tracking_id}", **bearer(user("petugas.pupr"))).json()

    assert body["reporter"]["name"] == "Wa Ode Terbuka"


def test_petugas_dukcapil_gets_404_on_page_api_and_action_for_a_pupr_report(client, user) -> None:
    report = anonim_report(user)
    dukcapil = user("petugas.dukcapil")
    client.force_login(dukcapil)

    assert client.get(f"/petugas/laporan/{report.tracking_id}").status_code == 404
    assert client.post(f"/petugas/laporan/{report.tracking_id}/aksi/note", {"note-message": "x"}).status_code == 404
    assert client.get(f"/api/v1/staff/reports/{report.tracking_id}", **bearer(dukcapil)).status_code == 404
    queue = client.get("/api/v1/staff/reports?status=in_progress", **bearer(dukcapil)).json()
    assert report.tracking_id not in [row["tracking_id"] for row in queue["results"]]


def test_rahasia_report_is_in_no_public_list(client, user) -> None:
    report = make_report(rahasia=True, title="Laporan rahasia sekali")

    assert not public_reports().filter(pk=report.pk).exists()
    for url in ("/api/v1/open-data/reports.json", "/api/v1/open-data/reports.csv", "/transparansi/"):
        response = client.get(url)
        assert report.tracking_id not in response.content.decode(), url
