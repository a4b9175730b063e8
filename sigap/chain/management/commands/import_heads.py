"""Import RT/RW/kelurahan/kecamatan heads from a CSV: unit_code,name,phone[,whatsapp_user_id].

All or nothing: every row is checked first; a bad row is reported with its line number and nothing is imported.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from sigap.chain.actions import appoint_head
from sigap.chain.actions.people import clean_whatsapp_user_id, territorial_unit
from sigap.core.errors import ActionError
from sigap.core.phone import clean_phone

REQUIRED = ("unit_code", "name", "phone")
MAX_ROWS = 50_000


def check_row(row: dict[str, str]) -> dict[str, Any]:
    unit = territorial_unit(row.get("unit_code") or "")
    name = (row.get("name") or "").strip()
    if not name:
        raise ActionError("name is required", field="name")
    phone = clean_phone(row.get("phone") or "", field="phone")
    whatsapp_user_id = clean_whatsapp_user_id(row.get("whatsapp_user_id") or "")
    if not phone and not whatsapp_user_id:
        raise ActionError("a phone or whatsapp_user_id is required", field="phone")
    return {"unit": unit, "name": name, "phone": phone, "whatsapp_user_id": whatsapp_user_id}


class Command(BaseCommand):
    help = "Import unit heads from CSV (unit_code,name,phone[,whatsapp_user_id]); all rows or none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {path}: {error}") from error
        reader = csv.DictReader(text.splitlines())
        missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
        if missing:
            raise CommandError(f"missing column(s): {', '.join(missing)}")
        rows: list[tuple[int, dict[str, Any]]] = []
        errors: list[str] = []
        seen: dict[str, int] = {}
        for row in reader:
            line = reader.line_num
            if len(rows) + len(errors) >= MAX_ROWS:
                raise CommandError(f"too many rows (at most {MAX_ROWS})")
            try:
                checked = check_row(row)
            except ActionError as error:
                errors.append(f"line {line}: {error.field or 'row'}: {error.message}")
                continue
            code = checked["unit"].code
            if code in seen:
                errors.append(f"line {line}: unit_code: {code} already appears on line {seen[code]}")
                continue
            seen[code] = line
            rows.append((line, checked))
        if errors:
            for line_error in errors:
                self.stderr.write(line_error)
            raise CommandError(f"{len(errors)} bad row(s); nothing imported")
        with transaction.atomic():
            for _line, checked in rows:
                appoint_head(by=None, source="csv", **checked)
        self.stdout.write(f"imported {len(rows)} head(s)")
