"""`manage.py lapor_export`: a month's reports in LAPOR!'s shape, and the round trip import → handle → export."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sigap.lapor.models import LaporCategory
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Category
from tests.clock import WITA
from tests.factories import make_report
from tests.integration.lapor_support import complaint, write_csv

pytestmark = pytest.mark.django_db

NOVEMBER = datetime(2026, 11, 9, 9, 0, tzinfo=WITA)


def export(tmp_path: Path, month: str = "2026-11", fmt: str = "csv") -> Path:
    path = tmp_path / f"out.{fmt}"
    call_command("lapor_export", "--month", month, "--format", fmt, "--output", str(path))
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))


def read_xlsx(path: Path) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_round_trip_keeps_the_lapor_id(tmp_path: Path, user, frozen_now) -> None:
    call_command("lapor_import", str(write_csv(tmp_path, [complaint("5150001")])))
    from sigap.lapor.models import LaporLink

    report = LaporLink.objects.get(lapor_id="5150001").report
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"))

    rows = read_csv(export(tmp_path))

    row = next(row for row in rows if row["ID Laporan Sigap"] == report.tracking_id)
    assert row["Tracking ID LAPOR!"] == "5150001"
    assert row["Status"] == "Terdisposisi Belum Ditindaklanjuti"
    assert row["Instansi Penanganan"] == Unit.objects.get(code="pupr").name


def test_a_report_filed_in_sigap_has_no_lapor_id(tmp_path: Path) -> None:
    report = make_report(now=NOVEMBER)

    rows = read_csv(export(tmp_path))

    assert [row["Tracking ID LAPOR!"] for row in rows if row["ID Laporan Sigap"] == report.tracking_id] == [""]


def test_the_month_is_the_citys_local_month(tmp_path: Path) -> None:
    late_october = make_report(now=datetime(2026, 10, 31, 23, 30, tzinfo=WITA))  # 15:30 UTC, still October here
    early_november = make_report(now=datetime(2026, 11, 1, 0, 30, tzinfo=WITA))

    ids = {row["ID Laporan Sigap"] for row in read_csv(export(tmp_path, "2026-10"))}

    assert late_october.tracking_id in ids and early_november.tracking_id not in ids


def test_the_category_is_given_by_its_lapor_name(tmp_path: Path) -> None:
    LaporCategory.objects.update_or_create(category=Category.objects.get(code="jalan_rusak"),
                                           defaults={"lapor_name": "Jalan dan Jembatan"})
    report = make_report(now=NOVEMBER)

    row = next(row for row in read_csv(export(tmp_path)) if row["ID Laporan Sigap"] == report.tracking_id)

    assert (row["Kategori"], row["Kategori Sigap"]) == ("Jalan dan Jembatan", report.category.name)


def test_no_contact_and_no_confidential_name_leaves_sigap(tmp_path: Path) -> None:
    report = make_report(now=NOVEMBER, rahasia=True)

    row = next(row for row in read_csv(export(tmp_path)) if row["ID Laporan Sigap"] == report.tracking_id)

    assert row["Nama Pelapor"] == "" and row["Rahasia"] == "Ya"
    assert report.reporter_phone not in "".join(row.values())


def test_a_formula_in_a_report_is_neutralised_in_the_csv(tmp_path: Path) -> None:
    report = make_report(now=NOVEMBER, title='=HYPERLINK("http://evil.example")')

    row = next(row for row in read_csv(export(tmp_path)) if row["ID Laporan Sigap"] == report.tracking_id)

    assert row["Judul Laporan"] == '\'=HYPERLINK("http://evil.example")'


def test_a_formula_in_a_report_is_text_in_the_xlsx(tmp_path: Path) -> None:
    report = make_report(now=NOVEMBER, title="@SUM(A1:A9)", description="-1+1 bukan rumus")

    row = next(row for row in read_xlsx(export(tmp_path, fmt="xlsx")) if row["ID Laporan Sigap"] == report.tracking_id)

    assert (row["Judul Laporan"], row["Isi Laporan"]) == ("'@SUM(A1:A9)", "'-1+1 bukan rumus")


def test_a_month_not_written_yyyy_mm_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="YYYY-MM"):
        export(tmp_path, "11-2026")


def test_an_unwritable_output_is_refused_with_its_path(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot write"):
        call_command("lapor_export", "--month", "2026-11", "--format", "csv",
                     "--output", str(tmp_path / "missing" / "out.csv"))
