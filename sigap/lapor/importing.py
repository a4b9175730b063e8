"""Importing a file of SP4N-LAPOR! complaints disposed to the city: each becomes a Sigap report in the desk's queue.

All or nothing: every row is checked first (columns, values, the intake invariants, duplicates within the file); a
bad row is named by its line and nothing is stored. Then every new row is filed through the one intake use case
(`file_report`, as a client the rate limits do not count) in one outer transaction, with its LAPOR! tracking ID in a
`LaporLink` written in the report's own transaction. A LAPOR! ID Sigap already holds is skipped, so importing the
same file twice creates nothing new (docs/lapor.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from sigap.core.errors import ActionError
from sigap.core.phone import clean_phone
from sigap.domain.lapor import LAPOR_TO_KIND, LaporStatus, parse_flag, parse_lapor_status
from sigap.domain.text import has_refused_character
from sigap.lapor.files import FileRefused, Sheet
from sigap.lapor.models import LaporCategory, LaporLink
from sigap.reports.actions.intake import Client, ReportDraft, file_report, validate_draft
from sigap.reports.models import Category, Channel, Report

# Sigap's name for each column → the header LAPOR!'s export is expected to carry (docs/lapor.md); a file with other
# headers is read with a column mapping.
DEFAULT_COLUMNS: Mapping[str, str] = {
    "lapor_id": "Tracking ID",
    "date": "Tanggal Laporan",
    "title": "Judul Laporan",
    "description": "Isi Laporan",
    "kind": "Klasifikasi",
    "category": "Kategori",
    "status": "Status",
    "address": "Lokasi",
    "reporter_name": "Nama Pelapor",
    "reporter_phone": "Nomor Telepon",
    "reporter_email": "Email",
    "anonim": "Anonim",
    "rahasia": "Rahasia",
}
REQUIRED = ("lapor_id", "title", "description", "category")
LAPOR_ID_MAX = 40


class ImportRefused(Exception):
    """The file is not imported; `lines` name each bad row."""

    def __init__(self, message: str, lines: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.lines = lines or []


@dataclass(frozen=True)
class Row:
    line: int
    lapor_id: str
    draft: ReportDraft
    status: LaporStatus | None
    date: str


@dataclass
class Imported:
    created: list[Report] = field(default_factory=list)
    already: list[str] = field(default_factory=list)  # LAPOR! IDs Sigap held before this import


def parse_columns(spec: str, *, allow_file: bool = True) -> dict[str, str]:
    """A column mapping from `field=Header,field=Header` or a JSON file of {field: header}; the defaults otherwise.

    `allow_file` is False for the upload page: a path typed into a form must never read the server's disk."""
    columns = dict(DEFAULT_COLUMNS)
    if not spec:
        return columns
    if spec.endswith(".json") and allow_file:
        try:
            given = json.loads(Path(spec).read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as error:
            raise ImportRefused(f"cannot read the column mapping {spec}: {error}") from error
        if not isinstance(given, dict) or not all(isinstance(v, str) for v in given.values()):
            raise ImportRefused("the column mapping must be a JSON object of field: header")
    else:
        given = {}
        for pair in spec.split(","):
            name, sep, header = pair.partition("=")
            if not sep:
                raise ImportRefused(f"column mapping {pair!r}: write field=Header")
            given[name.strip()] = header.strip()
    unknown = sorted(set(given) - set(DEFAULT_COLUMNS))
    if unknown:
        raise ImportRefused(f"unknown field(s) in the column mapping: {', '.join(unknown)} "
                            f"(known: {', '.join(DEFAULT_COLUMNS)})")
    columns.update(given)
    return columns


def _key(header: str) -> str:
    return " ".join(header.split()).casefold()


def locate_columns(sheet: Sheet, columns: Mapping[str, str]) -> dict[str, int]:
    """Where each field's column is in the file; the file is refused when a required one is missing or doubled."""
    positions: dict[str, int] = {}
    for index, header in enumerate(sheet.header):
        key = _key(header)
        if key and key in positions:
            raise ImportRefused(f"the column {header!r} appears twice")
        positions[key] = index
    found = {name: positions[_key(header)] for name, header in columns.items() if _key(header) in positions}
    missing = [columns[name] for name in REQUIRED if name not in found]
    if missing:
        raise ImportRefused(f"missing column(s): {', '.join(missing)}")
    return found


def check_file(sheet: Sheet, columns: Mapping[str, str], *, now: datetime) -> list[Row]:
    """Every row checked, or ImportRefused naming each bad one by its line."""
    found = locate_columns(sheet, columns)
    categories = _category_lookup()
    today = timezone.localdate(now)
    rows: list[Row] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for line, cells in sheet.rows:
        values = {name: (cells[index] if index < len(cells) else "") for name, index in found.items()}
        try:
            row = _check_row(line, values, categories, today=today)
        except ActionError as error:
            errors.append(f"line {line}: {error.field or 'row'}: {error.message}")
            continue
        if row.lapor_id in seen:
            errors.append(f"line {line}: lapor_id: {row.lapor_id} already appears on line {seen[row.lapor_id]}")
            continue
        seen[row.lapor_id] = line
        rows.append(row)
    if errors:
        raise ImportRefused(f"{len(errors)} bad row(s); nothing imported", errors)
    return rows


def import_rows(rows: list[Row], *, source: str, now: datetime) -> Imported:
    """File every row Sigap does not hold yet, all in one transaction."""
    result = Imported()
    held = set(LaporLink.objects.filter(lapor_id__in=[row.lapor_id for row in rows])
               .values_list("lapor_id", flat=True))
    try:
        with transaction.atomic():
            for row in rows:
                if row.lapor_id in held:
                    result.already.append(row.lapor_id)
                    continue
                try:
                    filed = file_report(row.draft, client=Client(), now=now, then=_linker(row, source, now))
                except ActionError as error:
                    raise ImportRefused(f"line {row.line}: {error.field or 'row'}: {error.message}; "
                                        "nothing imported") from error
                result.created.append(filed.report)
    except IntegrityError as error:
        # Another import stored one of these LAPOR! IDs between our check and our insert: ours rolled back whole.
        raise ImportRefused("another import stored some of these complaints meanwhile; nothing imported, "
                            "run it again") from error
    return result


def _linker(row: Row, source: str, now: datetime) -> Callable[[Report], None]:
    def link(report: Report) -> None:
        LaporLink.objects.create(report=report, lapor_id=row.lapor_id, status_at_import=row.status or "",
                                 lapor_date=row.date[:40], source_file=source[:255], imported_at=now)
    return link


def _category_lookup() -> dict[str, Category]:
    """LAPOR! category name (and Sigap's own code) → the active Sigap category; of two Sigap categories with one
    LAPOR! name the first in Sigap's order wins, so the choice does not change between runs."""
    lookup: dict[str, Category] = {}
    for category in Category.objects.filter(is_active=True).order_by("order", "name"):
        lookup.setdefault(_key(category.code), category)
    mapped = LaporCategory.objects.filter(category__is_active=True).select_related("category")
    for mapping in sorted(mapped, key=lambda m: (m.category.order, m.category.name), reverse=True):
        lookup[_key(mapping.lapor_name)] = mapping.category
    return lookup


def _check_row(line: int, values: Mapping[str, str], categories: Mapping[str, Category], *, today: date) -> Row:
    for name, value in values.items():
        if has_refused_character(value):
            raise ActionError("holds a control character (NUL or similar)", field=name)
    lapor_id = values["lapor_id"].strip()
    if not lapor_id:
        raise ActionError("the LAPOR! tracking ID is required", field="lapor_id")
    if len(lapor_id) > LAPOR_ID_MAX:
        raise ActionError(f"the LAPOR! tracking ID is longer than {LAPOR_ID_MAX} characters", field="lapor_id")
    category = categories.get(_key(values["category"]))
    if category is None:
        raise ActionError(f"{values['category']!r} is no Sigap category; map it in the admin (LAPOR! categories)",
                          field="category")
    kind_text = values.get("kind", "").strip()
    kind = LAPOR_TO_KIND.get(kind_text.casefold(), "") if kind_text else "pengaduan"
    if not kind:
        raise ActionError(f"{kind_text!r} is not a classification Sigap handles", field="kind")
    status_text = values.get("status", "").strip()
    status = parse_lapor_status(status_text) if status_text else None
    if status_text and status is None:
        raise ActionError(f"{status_text!r} is not a LAPOR! status", field="status")
    flags = {}
    for name in ("anonim", "rahasia"):
        flag = parse_flag(values.get(name, ""))
        if flag is None:
            raise ActionError(f"{values[name]!r} is neither Ya nor Tidak", field=name)
        flags[name] = flag
    email = values.get("reporter_email", "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ActionError("not a valid e-mail address", field="reporter_email") from error
    draft = ReportDraft(
        kind=kind, category=category, title=values["title"], description=values["description"],
        address=values.get("address", ""), anonim=flags["anonim"], rahasia=flags["rahasia"],
        reporter_name=values.get("reporter_name", ""),
        reporter_phone=clean_phone(values.get("reporter_phone", ""), field="reporter_phone"),
        reporter_email=email, channel=Channel.COUNTER,
    )
    validate_draft(draft, today=today)
    return Row(line=line, lapor_id=lapor_id, draft=draft, status=status, date=values.get("date", "").strip())


def import_sheet(sheet: Sheet, *, columns: Mapping[str, str], source: str, now: datetime | None = None) -> Imported:
    """Check, then import: the one entry point the command (and a future upload page) calls."""
    now = now or timezone.now()
    return import_rows(check_file(sheet, columns, now=now), source=source, now=now)


__all__ = ["DEFAULT_COLUMNS", "FileRefused", "ImportRefused", "Imported", "import_sheet", "parse_columns"]
