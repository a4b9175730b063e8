"""Issue 14: staff see what happened in words: a confirmation after each action that says who was told (from the
outbox), timelines and the admin in words, numbers and dates in Indonesian form in the dashboard and exports."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from sigap.dashboard.templatetags.dashboard_tags import pct
from sigap.notifications.models import Notification
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Report
from tests.factories import WAJO, make_report

pytestmark = pytest.mark.django_db


def act(client, person, report: Report, action: str, data: dict[str, str]):
    client.force_login(person)
    posted = {f"{action}-{name}": value for name, value in data.items()}
    return client.post(reverse("staff:act", args=[report.tracking_id, action]), posted, follow=True,
                       HTTP_ACCEPT_LANGUAGE="id")


def confirmation_of(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_dispatch_confirms_the_unit_and_how_the_reporter_was_told(client, user) -> None:
    # given a report whose reporter left a phone number and an e-mail address
    report = make_report()
    pupr = Unit.objects.get(code="pupr")
    # when the complaint admin dispatches it to PUPR
    response = act(client, user("verifikator"), report, "dispatch", {"lead_unit": "pupr"})
    # then the page says where it went and that the reporter was told on both channels, in Indonesian
    said = confirmation_of(response)
    assert f"Laporan diteruskan ke {pupr}" in said
    assert "pelapor dikabari lewat WhatsApp dan Email" in said
    assert 'role="status"' in response.content.decode()


def test_the_confirmation_names_only_the_channels_the_outbox_owed(client, user) -> None:
    # given a reporter who left only an e-mail address
    report = make_report(reporter_phone="")
    # when the report is dispatched
    said = confirmation_of(act(client, user("verifikator"), report, "dispatch", {"lead_unit": "pupr"}))
    # then only e-mail is named
    assert "pelapor dikabari lewat Email" in said
    assert "WhatsApp" not in said


def test_an_anonymous_reporter_is_never_said_to_have_been_told(client, user) -> None:
    # given an anonim report (its contact is kept for the office, never named to an officer)
    report = make_report(anonim=True)
    # when it is dispatched
    said = confirmation_of(act(client, user("verifikator"), report, "dispatch", {"lead_unit": "pupr"}))
    # then the confirmation says where it went and nothing about telling the reporter
    assert "Laporan diteruskan ke" in said
    assert "pelapor dikabari" not in said


def test_an_internal_note_confirms_that_the_reporter_does_not_see_it(client, user) -> None:
    # given a dispatched report
    report = make_report()
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"))
    owed_before = Notification.objects.filter(report=report).count()
    # when an officer adds an internal note
    said = confirmation_of(act(client, user("petugas.pupr"), report, "note", {"message": "Cek lokasi besok."}))
    # then the confirmation says it stayed internal, and claims no message the outbox does not hold
    assert "Catatan internal disimpan" in said
    assert "pelapor dikabari" not in said
    assert Notification.objects.filter(report=report).count() == owed_before


def test_the_staff_timeline_says_what_happened_in_words(client, user) -> None:
    # given a dispatched report
    report = make_report()
    pupr = Unit.objects.get(code="pupr")
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=pupr)
    client.force_login(user("verifikator"))
    # when its staff page is opened in Indonesian
    page = client.get(reverse("staff:report", args=[report.tracking_id]),
                      HTTP_ACCEPT_LANGUAGE="id").content.decode()
    timeline = page.split('id="timeline"')[1]
    # then the timeline names the step and the unit, and shows no stored code
    assert f"Didisposisikan ke {pupr}" in timeline
    assert "Laporan masuk" in timeline
    assert " · dispatch · " not in timeline and " · submit · " not in timeline


def test_the_admin_report_list_shows_and_filters_status_by_name(admin_client) -> None:
    # given a new report
    make_report()
    # when the admin opens the report list in Indonesian
    page = admin_client.get("/admin/reports/report/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    # then the status column and the status filter say "Diterima", not "received"
    assert "Diterima" in page
    assert ">received<" not in page
    assert admin_client.get("/admin/reports/report/?status=received").status_code == 200


def test_the_queue_export_in_xlsx_holds_dates_as_dates_shown_day_month_year(client, user) -> None:
    # given a new report in the complaint admin's queue
    report = make_report()
    client.force_login(user("verifikator"))
    # when the queue is exported as XLSX
    response = client.get(reverse("dashboard:queue_export") + "?format=xlsx", HTTP_ACCEPT_LANGUAGE="id")
    # then the received column is a real date shown as "11 Sep 2026 14.00", and the status is in words
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2))
    row = next(r for r in rows if r[0].value == report.tracking_id)
    assert row[6].number_format == "d mmm yyyy hh.mm"
    assert row[6].value.year == report.received_at.year
    assert row[5].value == "Diterima"


def test_percentages_are_written_with_a_decimal_comma_in_indonesian() -> None:
    with translation.override("id"):
        assert pct(51.1) == "51,1"
        assert pct(50.0) == "50"
    with translation.override("en"):
        assert pct(51.1) == "51.1"


def test_passing_up_from_the_kelurahan_says_it_went_back_to_the_complaint_desk(client, user) -> None:
    # given a report the complaint admin gave to the kelurahan, the top of the territorial chain
    report = make_report()
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code=WAJO))
    # when the Lurah passes it up
    said = confirmation_of(act(client, user("lurah.wajo"), report, "pass_up", {"note": "Bukan wewenang kami."}))
    # then the confirmation says where it went, by what the event recorded (a return to the desk)
    assert "Laporan dikembalikan ke admin pengaduan" in said
