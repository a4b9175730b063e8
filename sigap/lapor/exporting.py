"""The monthly reconciliation file for the Admin Penghubung: every report Sigap received in a month, in LAPOR!'s shape.

One row per report, with the LAPOR! tracking ID where the report came from LAPOR!, its status in LAPOR!'s words
(sigap.domain.lapor.STATUS_TO_LAPOR) and its category by the name the admin mapped. No contact detail leaves Sigap
in this file, and no name of an anonymous or confidential reporter. Every text cell is neutralised against formula
injection, in CSV and XLSX alike (a cell beginning with =, +, -, @ is prefixed with an apostrophe).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from sigap.core.timefmt import iso_local, local_tz
from sigap.domain.lapor import KIND_TO_LAPOR, lapor_status, neutralise_cell
from sigap.domain.lifecycle import STATUS_LABELS, Status
from sigap.lapor.models import LaporCategory, LaporLink
from sigap.reports.models import Report

HEADER = (
    "Tracking ID LAPOR!", "ID Laporan Sigap", "Tanggal Laporan", "Klasifikasi", "Kategori", "Kategori Sigap",
    "Judul Laporan", "Isi Laporan", "Lokasi", "Status", "Status Sigap", "Instansi Penanganan", "Anonim", "Rahasia",
    "Nama Pelapor", "Tanggal Selesai", "Tindak Lanjut Terakhir",
)
FORMATS = ("csv", "xlsx")


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The month as the city lives it: from the 1st, 00:00 local time, to the next 1st."""
    zone = local_tz()
    start = datetime(year, month, 1, tzinfo=zone)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=zone)
    return start, end


def export_rows(year: int, month: int) -> Iterator[list[str]]:
    """The rows (without header) for reports received in the month, oldest first, each cell already neutralised."""
    start, end = month_bounds(year, month)
    reports = (Report.objects.filter(received_at__gte=start, received_at__lt=end)
               .select_related("category", "kelurahan", "lead_unit").order_by("received_at", "pk"))
    lapor_names = dict(LaporCategory.objects.values_list("category_id", "lapor_name"))
    links = dict(LaporLink.objects.filter(report__received_at__gte=start, report__received_at__lt=end)
                 .values_list("report_id", "lapor_id"))
    for report in reports.iterator(chunk_size=500):
        yield [neutralise_cell(cell) for cell in _cells(report, lapor_names, links.get(report.pk, ""))]


def _cells(report: Report, lapor_names: dict[int, str], link: str) -> list[str]:
    place = ", ".join(part for part in (report.address, report.kelurahan.name if report.kelurahan else "") if part)
    hidden = report.anonim or report.rahasia
    return [
        link,
        report.tracking_id,
        iso_local(report.received_at) or "",
        KIND_TO_LAPOR.get(report.kind, report.kind),
        lapor_names.get(report.category_id, report.category.name),
        report.category.name,
        report.title,
        report.description,
        place,
        lapor_status(report.status).value,
        STATUS_LABELS[Status(report.status)],
        report.lead_unit.name if report.lead_unit else "",
        "Ya" if report.anonim else "Tidak",
        "Ya" if report.rahasia else "Tidak",
        "" if hidden else report.reporter_name,
        iso_local(report.closed_at or report.resolved_at) or "",
        report.last_public_message,
    ]


def export_bytes(*, year: int, month: int, fmt: str) -> tuple[bytes, int]:
    """The month's file as bytes (for the desk's download and the command), and the number of reports in it."""
    rows = list(export_rows(year, month))
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(HEADER)
        writer.writerows(rows)
        return buffer.getvalue().encode("utf-8-sig"), len(rows)  # the BOM: Excel reads the file as UTF-8
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("LAPOR")
    sheet.append(list(HEADER))
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue(), len(rows)


def write_export(path: Path, *, year: int, month: int, fmt: str) -> int:
    """Write the month's file; the number of reports in it."""
    data, count = export_bytes(year=year, month=month, fmt=fmt)
    path.write_bytes(data)
    return count
