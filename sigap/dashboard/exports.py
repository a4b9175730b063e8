"""One way to export any staff list: the rows already filtered by the page, as CSV or XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from sigap.core.errors import InvalidInput

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        from sigap.core.timefmt import iso_local

        return iso_local(value)
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and not _numberlike(value):
        return "'" + value  # spreadsheet formula injection
    return value


def _numberlike(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def csv_bytes(rows: Iterable[Sequence[Any]], columns: Sequence[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


# How a spreadsheet shows a date to a person: "11 Sep 2026 14.00" in the reader's own month names, kept as a date
# so that it still sorts and filters (a CSV keeps ISO text, which every spreadsheet reads in any locale).
XLSX_DATETIME = "d mmm yyyy hh.mm"
XLSX_DATE = "d mmm yyyy"


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime):
        from sigap.core.timefmt import local_tz

        local = value.astimezone(local_tz()).replace(tzinfo=None) if value.tzinfo else value
        cell = WriteOnlyCell(sheet, value=local)
        cell.number_format = XLSX_DATETIME
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DATE
        return cell
    return _cell(value)


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, columns, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append(list(columns))
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_response(rows: Iterable[Sequence[Any]], columns: Sequence[str], filename: str, fmt: str
                    ) -> HttpResponse:
    """An attachment response with the rows in `fmt` ("csv" or "xlsx")."""
    if fmt == "csv":
        response = HttpResponse(csv_bytes(rows, columns), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(xlsx_bytes([(filename, columns, rows)]), content_type=XLSX_TYPE)
    else:
        raise InvalidInput(_("Choose an export format: CSV or XLSX."), field="format")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
