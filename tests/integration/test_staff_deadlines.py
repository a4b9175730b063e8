"""Deadlines on the staff pages are named and said as people say them, amber on their day and red once late."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Report
from tests.factories import make_report, photo

pytestmark = pytest.mark.django_db


def queue_row(page: str, tracking_id: str) -> str:
    return page.split(tracking_id)[2].split("</tr>")[0]


def test_the_queue_says_a_verification_deadline_in_working_days_and_an_indonesian_date(
        client, user, frozen_now) -> None:
    # given a report received now (Wednesday 11 Nov 2026, 10:00 WITA): 3 working days to verify, to Monday 16 Nov
    report = make_report(now=frozen_now)
    client.force_login(user("verifikator"))
    # when the complaint desk opens its queue
    page = client.get("/petugas/").content.decode()
    # then the deadline is named and counted as people say it, with the date in Indonesian form
    assert "Batas verifikasi: <strong class=\"ontime\">" in queue_row(page, report.tracking_id)
    assert "3 hari kerja lagi (Senin 16 Nov, 16.00)" in queue_row(page, report.tracking_id)


def test_a_deadline_that_falls_today_is_said_as_today_in_amber(client, user, frozen_now) -> None:
    # given a report received on Friday 6 Nov: verification ends today, Wednesday 11 Nov, at 16:00
    report = make_report(now=frozen_now - timedelta(days=5))
    client.force_login(user("verifikator"))
    page = client.get("/petugas/").content.decode()
    row = queue_row(page, report.tracking_id)
    assert '<strong class="due-today">' in row
    assert "hari ini, 16.00" in row


def test_a_late_deadline_says_how_many_working_days_late_in_red(client, user, frozen_now) -> None:
    # given a report received on Wednesday 28 Oct: verification ended Monday 2 Nov, seven working days ago
    report = make_report(now=frozen_now - timedelta(days=14))
    client.force_login(user("verifikator"))
    page = client.get("/petugas/?status=received").content.decode()
    row = queue_row(page, report.tracking_id)
    assert '<strong class="late">' in row
    assert "terlambat 7 hari kerja (Senin 2 Nov, 16.00)" in row


def test_the_queue_says_the_deadline_in_english_for_an_english_reader(client, user, frozen_now) -> None:
    report = make_report(now=frozen_now)
    client.force_login(user("verifikator"))
    page = client.get("/petugas/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Verification deadline" in queue_row(page, report.tracking_id)
    assert "3 working days left (Monday 16 Nov, 16:00)" in queue_row(page, report.tracking_id)


def test_a_dispatched_report_page_names_the_response_and_the_resolution_deadline(client, user, frozen_now) -> None:
    # given a pengaduan dispatched now: 5 working days for the first response, 14 for the resolution
    report = make_report(now=frozen_now)
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"))
    report = Report.objects.get(pk=report.pk)
    client.force_login(user("petugas.pupr"))
    # when the officer opens it
    page = client.get(f"/petugas/laporan/{report.tracking_id}").content.decode()
    # then both deadlines are named, each in working days (Wed 18 Nov and Tue 1 Dec)
    assert "Batas tanggapan: " in page and "5 hari kerja lagi (Rabu 18 Nov, 16.00)" in page
    assert "Batas penyelesaian: " in page and "14 hari kerja lagi (Selasa 1 Des, 16.00)" in page


def test_a_resolved_report_page_names_the_citizens_confirmation_deadline(client, user, frozen_now) -> None:
    # given a report the unit has resolved: the reporter has 10 working days to confirm
    report = make_report(now=frozen_now)
    pupr = Unit.objects.get(code="pupr")
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=pupr)
    actions.respond_to_report(report=Report.objects.get(pk=report.pk), by=user("petugas.pupr"),
                              message="Sedang dikerjakan.")
    actions.resolve_report(report=Report.objects.get(pk=report.pk), by=user("petugas.pupr"),
                           message="Sudah ditambal.", photo=photo())
    client.force_login(user("petugas.pupr"))
    page = client.get(f"/petugas/laporan/{report.tracking_id}").content.decode()
    assert "Batas konfirmasi warga: " in page and "10 hari kerja lagi (Rabu 25 Nov, 16.00)" in page
