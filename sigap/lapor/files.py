"""Reading a spreadsheet someone hands the desk (CSV or XLSX) into rows of text, refusing what no export looks like.

A file is untrusted input: it is capped in bytes and rows before it is parsed further, must be UTF-8 (with or
without a BOM; a Latin-1 file is refused rather than guessed, since a wrong guess garbles names silently), must not
carry NUL bytes, and every cell is read as text: an XLSX formula comes back as its text ("=SUM(A1)"), never as its
computed value, and nothing in a cell is evaluated.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.etree.ElementTree import ParseError

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
MAX_COLUMNS = 100
# An XLSX is a zip: a few MB can inflate to gigabytes of XML (openpyxl holds the shared strings in memory).
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
DELIMITERS = (",", ";", "\t")
XLSX_MAGIC = b"PK\x03\x04"


class FileRefused(Exception):
    """The file as a whole cannot be read; nothing of it is imported."""


@dataclass(frozen=True)
class Sheet:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line or row number as a spreadsheet program shows it, cells)


def read_sheet(data: bytes) -> Sheet:
    """The header and the non-empty rows of a CSV or XLSX file's first sheet, every cell as text."""
    if len(data) > MAX_BYTES:
        raise FileRefused(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data)
    if b"\x00" in data:
        raise FileRefused("the file holds NUL bytes; is it a CSV (UTF-16 is not accepted, save as CSV UTF-8)?")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(f"the file is not UTF-8 (byte {error.start}); save it as \"CSV UTF-8\"") from error
    return _read_csv(text)


def _read_csv(text: str) -> Sheet:
    # The header line decides the delimiter (an Indonesian Excel writes ";"): csv.Sniffer guesses from the body too,
    # and a description full of commas can fool it.
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            raise FileRefused("the file is empty")
        rows = _capped((reader.line_num, cells) for cells in reader)
    except csv.Error as error:
        raise FileRefused(f"line {reader.line_num}: {error}") from error
    return Sheet(header=header, rows=rows)


def _read_xlsx(data: bytes) -> Sheet:
    from openpyxl import load_workbook  # imported here: only XLSX uploads pay for it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as error:
        raise FileRefused(f"the file is not a readable XLSX workbook: {error}") from error
    if unzipped > MAX_UNZIPPED_BYTES:
        raise FileRefused(f"the workbook unpacks to more than {MAX_UNZIPPED_BYTES // (1024 * 1024)} MB")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise FileRefused(f"the file is not a readable XLSX workbook: {error}") from error
    try:
        return _sheet_of(workbook)
    except (ParseError, ValueError, KeyError) as error:  # a cell's XML a spreadsheet program never writes (a NUL…)
        raise FileRefused(f"the workbook's sheet is not well-formed: {error}") from error
    finally:
        workbook.close()


def _sheet_of(workbook: Any) -> Sheet:
    if not workbook.worksheets:
        raise FileRefused("the workbook has no sheet")
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    first = next(values, None)
    if first is None:
        raise FileRefused("the file is empty")
    header = [_text(value) for value in first]
    rows = _capped((number, [_text(value) for value in row]) for number, row in enumerate(values, start=2))
    return Sheet(header=header, rows=rows)


def _capped(rows: Iterator[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    kept: list[tuple[int, list[str]]] = []
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue  # spreadsheet programs leave empty rows at the end
        if len(kept) >= MAX_ROWS:
            raise FileRefused(f"too many rows (at most {MAX_ROWS})")
        kept.append((line, cells))
    return kept


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a tracking number typed as a number comes back as 123.0
    return str(value)
