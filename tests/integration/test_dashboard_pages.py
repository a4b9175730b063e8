"""Pimpinan pages: who sees which scope, exports with the filters applied, the monthly report in HTML and XLSX."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from sigap.organization.models import Unit
from sigap.reports import actions
from tests.factories import make_report, photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    """Event ids can repeat after a rolled-back test on SQLite, so a cached dashboard must not leak across."""
    from django.core.cache import cache

    cache.clear()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_units(user, frozen_now):
    """Two reports dispatched 30 calendar days (20 working days) before the frozen now: past the 14-working-day
    limit whatever day the suite runs, and not on the edge of it, as 20 calendar days from a real "now" was."""
    now = frozen_now - timedelta(days=30)
    road = make_report(category="jalan_rusak", now=now, title="Jalan rusak uji")
    waste = make_report(category="sampah", now=now, title="Sampah uji")
    admin = user("verifikator")
    actions.dispatch_report(report=road, by=admin, lead_unit=Unit.objects.get(code="pupr"), now=now)
    actions.dispatch_report(report=waste, by=admin, lead_unit=Unit.objects.get(code="dlh"), now=now)
    return road, waste


def test_sekda_sees_every_unit_and_the_late_list_links_to_the_staff_page(user, two_units) -> None:
    response = _client(user("sekda")).get("/pimpinan/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "PUPR" in body and "DLH" in body.upper()
    assert f"/petugas/laporan/{two_units[0].tracking_id}" in body
    assert "<svg" in body and "<table" in body


def test_unit_head_sees_only_the_units_subtree(user, two_units) -> None:
    response = _client(user("kepala.pupr")).get("/pimpinan/")

    body = response.content.decode()
    assert response.status_code == 200
    assert two_units[0].tracking_id in body
    assert two_units[1].tracking_id not in body


def test_unit_head_may_not_choose_another_unit(user, two_units) -> None:
    response = _client(user("kepala.pupr")).get("/pimpinan/?unit=dlh")

    assert response.status_code == 403


def test_anonymous_visitor_is_sent_to_log_in() -> None:
    response = Client().get("/pimpinan/")

    assert response.status_code == 302


def test_bad_period_is_a_clear_error_not_a_crash(user) -> None:
    response = _client(user("sekda")).get("/pimpinan/?from=2026-13-45")

    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()


def test_late_list_exports_to_csv_with_the_scope_applied(user, two_units) -> None:
    response = _client(user("kepala.pupr")).get("/pimpinan/?table=late&format=csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response.status_code == 200
    assert [row[0] for row in rows[1:]] == [two_units[0].tracking_id]


def test_unit_table_exports_to_xlsx(user, two_units) -> None:
    response = _client(user("sekda")).get("/pimpinan/?table=units&format=xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    labels = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert response.status_code == 200
    assert any("PUPR" in str(label) for label in labels)


def test_unknown_export_format_is_refused(user) -> None:
    response = _client(user("sekda")).get("/pimpinan/?format=pdf")

    assert response.status_code == 422


def test_monthly_report_xlsx_holds_the_same_totals_as_the_page(user, two_units) -> None:
    month = timezone.localtime(two_units[0].received_at).strftime("%Y-%m")
    client = _client(user("sekda"))

    page = client.get(f"/pimpinan/laporan-bulanan/?month={month}")
    book = load_workbook(io.BytesIO(client.get(f"/pimpinan/laporan-bulanan/?month={month}&format=xlsx").content))

    values = [row[1] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    total, finished, on_time, late = values[1:5]
    body = page.content.decode()
    assert page.status_code == 200
    for name, value in (("total", total), ("finished", finished), ("on_time", on_time), ("late", late)):
        assert f'data-figure="{name}">{value}<' in body
    assert total >= 2


def test_monthly_report_refuses_a_malformed_month(user) -> None:
    response = _client(user("sekda")).get("/pimpinan/laporan-bulanan/?month=juni")

    assert response.status_code == 422


def test_a_new_event_shows_on_the_next_page_view_despite_the_cache(user, two_units) -> None:
    client = _client(user("sekda"))
    client.get("/pimpinan/")
    actions.resolve_report(report=two_units[0], by=user("petugas.pupr"), message="Sudah", photo=photo())

    rows = list(csv.reader(io.StringIO(client.get("/pimpinan/?table=late&format=csv").content.decode("utf-8-sig"))))

    assert two_units[0].tracking_id not in [row[0] for row in rows[1:]]


def test_officers_queue_exports_with_its_filters_applied(user, two_units) -> None:
    client = _client(user("petugas.pupr"))

    response = client.get("/pimpinan/ekspor/antrian/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    filtered = client.get("/pimpinan/ekspor/antrian/?format=xlsx&status=closed")

    assert response.status_code == 200
    assert two_units[0].tracking_id in [row[0] for row in rows[1:]]
    assert two_units[1].tracking_id not in [row[0] for row in rows[1:]]
    sheet = load_workbook(io.BytesIO(filtered.content)).active
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == []
    assert "/pimpinan/ekspor/antrian/" in client.get("/petugas/").content.decode()
