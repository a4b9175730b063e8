"""The IKM workbook in the regulation's table layout (PermenPAN-RB 14/2017, pengolahan data per responden)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from sigap.domain.ikm import ELEMENTS
from sigap.surveys.queries import SurveyResults


def ikm_workbook(results: SurveyResults, *, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "IKM"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append(["No. Responden", *[code.upper() for code, _name in ELEMENTS]])
    for number, row in enumerate(results.rows, start=1):
        sheet.append([number, *row])
    if results.result is not None:
        result = results.result
        totals = [sum(row[i] for row in results.rows) for i in range(len(ELEMENTS))]
        sheet.append(["Σ Nilai/Unsur", *totals])
        sheet.append(["NRR/Unsur", *[float(round(v, 3)) for v in result.nrr]])
        sheet.append(["NRR tertimbang/Unsur", *[float(round(v, 3)) for v in result.nrr_weighted]])
        sheet.append(["*) Jumlah NRR IKM tertimbang", float(round(result.ikm, 3))])
        sheet.append(["**) IKM Unit Pelayanan", float(result.converted)])
        sheet.append(["Mutu Pelayanan", f"{result.grade} ({result.grade_label})"])
        sheet.append([])
        sheet.append(["Jumlah responden", result.respondents])
    if results.minimum_sample is not None:
        sheet.append(["Sampel minimum (Krejcie-Morgan)", results.minimum_sample])
    sheet.append([])
    sheet.append(["Keterangan"])
    for code, name in ELEMENTS:
        sheet.append([code.upper(), name])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
