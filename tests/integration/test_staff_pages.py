"""Staff pages: login, the work queue per person, the report page and its action forms."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext

from sigap.organization.actions import show_guide_once
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Report
from tests.factories import jpeg_bytes, make_report

pytestmark = pytest.mark.django_db


def login(client, user, username: str):
    client.force_login(user(username))
    return client


def dispatched(user, **overrides) -> Report:
    report = make_report(**overrides)
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"))
    return Report.objects.get(pk=report.pk)


def test_anonymous_visitor_is_sent_to_the_login_page(client) -> None:
    response = client.get("/petugas/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/login/")


def test_login_page_renders_and_signs_in(client, user, frozen_now) -> None:
    # given an officer past the first sign-in (which shows the role's guide once, see tests/integration/test_guides.py)
    show_guide_once(person=user("verifikator"), now=frozen_now)
    assert client.get("/akun/login/").status_code == 200
    response = client.post("/akun/login/", {"username": "verifikator", "password": "sigap-demo"})
    assert response.status_code == 302
    assert response["Location"] == "/petugas/"


def test_complaint_admin_queue_shows_new_reports_with_time_left(client, user) -> None:
    report = make_report()

    page = login(client, user, "verifikator").get("/petugas/").content.decode()

    row = page.split(report.tracking_id)[2].split("</tr>")[0]
    assert 'class="ontime"' in row or 'class="late"' in row


def test_overdue_report_is_marked_overdue_in_the_queue(client, user, frozen_now) -> None:
    report = make_report(now=frozen_now - timedelta(days=30))

    page = login(client, user, "verifikator").get("/petugas/?status=received").content.decode()

    row = page.split(report.tracking_id)[0].rsplit("<tr", 1)[1]
    assert "overdue" in row


def test_officer_queue_holds_dispatched_reports_of_the_unit_only(client, user) -> None:
    ours = dispatched(user)
    new = make_report()

    page = login(client, user, "petugas.pupr").get("/petugas/").content.decode()

    assert ours.tracking_id in page
    assert new.tracking_id not in page


def test_queue_filters_by_category(client, user) -> None:
    road = make_report(category="jalan_rusak")
    page = login(client, user, "verifikator").get("/petugas/?category=sampah").content.decode()
    assert road.tracking_id not in page


def test_other_agency_officer_gets_404_for_a_pupr_report_page(client, user) -> None:
    report = dispatched(user)
    response = login(client, user, "petugas.dukcapil").get(f"/petugas/laporan/{report.tracking_id}")
    assert response.status_code == 404


def test_report_page_suggests_the_category_unit_for_dispatch(client, user) -> None:
    report = make_report(category="jalan_rusak")

    page = login(client, user, "verifikator").get(f"/petugas/laporan/{report.tracking_id}").content.decode()

    assert 'id="form-dispatch"' in page
    assert '<option value="pupr" selected' in page


def test_territorial_category_suggests_the_rt_head(client, user) -> None:
    from sigap.reports.models import Category
    from sigap.reports.routing import suggested_lead_unit

    category = Category.objects.filter(territorial_first=True).first()
    assert category is not None
    report = make_report(category=category.code)

    suggested = suggested_lead_unit(report)

    assert suggested is not None
    assert suggested.code == "74.72.06.1007/RW001/RT001"


def test_dispatch_form_sends_the_report_and_the_timeline_shows_it(client, user) -> None:
    report = make_report()
    login(client, user, "verifikator")

    response = client.post(f"/petugas/laporan/{report.tracking_id}/aksi/dispatch",
                           {"dispatch-lead_unit": "pupr", "dispatch-supporting_units": ["dlh"],
                            "dispatch-note": "Segera"})

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "dispatched"
    assert report.lead_unit.code == "pupr"
    assert list(report.supporting.values_list("unit__code", flat=True)) == ["dlh"]


def test_resolve_form_without_required_photo_is_refused_with_the_reason(client, user) -> None:
    report = dispatched(user, category="jalan_rusak")
    login(client, user, "petugas.pupr")

    response = client.post(f"/petugas/laporan/{report.tracking_id}/aksi/resolve", {"resolve-message": "Beres"})

    assert response.status_code == 422
    with translation.override("id"):
        assert gettext("This category needs a photo of the result before it can be resolved.") in \
            response.content.decode()
    assert Report.objects.get(pk=report.pk).status == "dispatched"


def test_resolve_form_with_photo_resolves(client, user) -> None:
    report = dispatched(user, category="jalan_rusak")
    login(client, user, "petugas.pupr")

    response = client.post(f"/petugas/laporan/{report.tracking_id}/aksi/resolve",
                           {"resolve-message": "Sudah ditambal",
                            "resolve-photo": SimpleUploadedFile("x.jpg", jpeg_bytes(), "image/jpeg")})

    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).status == "resolved"


def test_officer_posting_a_dispatch_gets_403_and_nothing_changes(client, user) -> None:
    report = dispatched(user)
    login(client, user, "petugas.pupr")

    response = client.post(f"/petugas/laporan/{report.tracking_id}/aksi/dispatch", {"dispatch-lead_unit": "dlh"})

    assert response.status_code == 403
    assert Report.objects.get(pk=report.pk).lead_unit.code == "pupr"


def test_archive_in_a_closed_state_is_409(client, user) -> None:
    report = make_report()
    actions.archive_report(report=report, by=user("verifikator"), reason="Duplikat")
    login(client, user, "verifikator")

    response = client.post(f"/petugas/laporan/{report.tracking_id}/aksi/archive", {"archive-reason": "lagi"})

    assert response.status_code == 409


def test_internal_note_appears_on_staff_page_but_not_on_public_page(client, user) -> None:
    report = dispatched(user)
    login(client, user, "petugas.pupr")

    client.post(f"/petugas/laporan/{report.tracking_id}/aksi/note", {"note-message": "Rahasia internal XYZ"})

    assert "Rahasia internal XYZ" in client.get(f"/petugas/laporan/{report.tracking_id}").content.decode()
    client.logout()
    assert "Rahasia internal XYZ" not in client.get(f"/lacak/{report.tracking_id}").content.decode()


def test_rt_head_passes_up_to_rw_and_the_report_leaves_the_rt_queue(client, user) -> None:
    report = make_report()
    actions.dispatch_report(report=report, by=user("verifikator"),
                            lead_unit=Unit.objects.get(code="74.72.06.1007/RW001/RT001"))
    login(client, user, "rt.wajo.01.01")

    response = client.post(f"/petugas/laporan/{report.tracking_id}/aksi/pass_up", {"pass_up-note": "Di luar RT"})

    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).lead_unit.code == "74.72.06.1007/RW001"


def test_a_report_escalated_to_a_head_is_in_that_heads_queue(client, user, frozen_now) -> None:
    from sigap.reports.tasks import sweep_due_reports

    report = make_report(now=frozen_now - timedelta(days=30))
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"),
                            now=frozen_now - timedelta(days=29))
    sweep_due_reports(frozen_now)
    report.refresh_from_db()
    assert report.escalation_level >= 1
    head = report.escalated_to.positions.filter(is_head=True).first().person

    page = login(client, user, head.username).get("/petugas/").content.decode()

    assert report.tracking_id in page
