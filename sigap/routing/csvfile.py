"""The file of past complaints of the evaluation contract: columns id, text, unit_code, received_at (issue 15).

Extra columns are ignored; unit codes need not be units of this city. A malformed file is refused with its line
and column named and never its text: the file may hold citizens' words, and an error message travels to logs.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sigap.domain.text import has_refused_character
from sigap.routing.model import Example

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_FIELD_CHARACTERS = 20_000
REQUIRED = ("id", "text", "received_at")


class MalformedFile(Exception):
    def __init__(self, line: int, column: str, problem: str) -> None:
        self.line, self.column, self.problem = line, column, problem
        super().__init__(f"line {line}, column {column}: {problem}" if column else f"line {line}: {problem}")


@dataclass(frozen=True)
class PastComplaints:
    rows: list[Example]
    labelled: bool


def _when(value: str, line: int) -> datetime:
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise MalformedFile(line, "received_at", "not an ISO 8601 date-time") from None
    # A file without offsets is read as UTC: the order of its rows is all training needs from the moment.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def read(path: Path, *, require_labels: bool) -> PastComplaints:
    """Every row of the file, or MalformedFile at the first thing wrong (empty unit_code everywhere: unlabelled)."""
    try:
        size = path.stat().st_size
    except OSError:
        raise MalformedFile(0, "", "file not found or unreadable") from None
    if size > MAX_FILE_BYTES:
        raise MalformedFile(0, "", f"file larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise MalformedFile(line, "", "not UTF-8") from None
    reader = csv.reader(io.StringIO(content, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise MalformedFile(1, "", "empty file, no header") from None
    except csv.Error:
        raise MalformedFile(1, "", "not a CSV header") from None
    names = [name.strip().lower() for name in header]
    for name in (*REQUIRED, "unit_code") if require_labels else REQUIRED:
        if name not in names:
            raise MalformedFile(1, name, "column missing")
    where = {name: names.index(name) for name in (*REQUIRED, "unit_code") if name in names}
    rows: list[Example] = []
    codes: list[tuple[int, str]] = []
    seen: set[str] = set()
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue  # a blank line, as spreadsheets leave at the end
            if len(record) != len(header):
                raise MalformedFile(line, "", f"{len(record)} fields, the header has {len(header)}")
            values = {name: record[index] for name, index in where.items()}
            for name, value in values.items():
                if has_refused_character(value):
                    raise MalformedFile(line, name, "control character (NUL or similar)")
                if len(value) > MAX_FIELD_CHARACTERS:
                    raise MalformedFile(line, name, f"longer than {MAX_FIELD_CHARACTERS} characters")
            row_id = values["id"].strip()
            if not row_id:
                raise MalformedFile(line, "id", "empty")
            if row_id in seen:
                raise MalformedFile(line, "id", "repeated")
            seen.add(row_id)
            if not values["text"].strip():
                raise MalformedFile(line, "text", "empty")
            code = values.get("unit_code", "").strip()
            codes.append((line, code))
            rows.append(Example(row_id, values["text"], code, _when(values["received_at"], line)))
    except csv.Error:
        raise MalformedFile(reader.line_num, "", "not valid CSV (an unclosed quote?)") from None
    if not rows:
        raise MalformedFile(2, "", "no rows after the header")
    labelled = any(code for _, code in codes)
    if require_labels or labelled:
        for line, code in codes:
            if not code:
                raise MalformedFile(line, "unit_code", "empty (a file is either labelled on every row or on none)")
    return PastComplaints(rows, labelled)
