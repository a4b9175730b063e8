"""Import a file of SP4N-LAPOR! complaints disposed to the city (CSV or XLSX); all rows or none, each LAPOR! ID once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.lapor.files import MAX_BYTES, FileRefused, read_sheet
from sigap.lapor.importing import ImportRefused, import_sheet, parse_columns


class Command(BaseCommand):
    help = ("Import SP4N-LAPOR! complaints from CSV or XLSX into the desk's queue; all rows or none, and a LAPOR! "
            "tracking ID already imported is skipped. Columns: docs/lapor.md.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--columns", default="",
                            help="the file's headers: field=Header,field=Header or a JSON file {field: header}")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"cannot read {path}: the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error}") from error
        try:
            columns = parse_columns(options["columns"])
            result = import_sheet(read_sheet(data), columns=columns, source=path.name)
        except FileRefused as error:
            raise CommandError(f"cannot read {path}: {error}") from error
        except ImportRefused as error:
            for line_error in error.lines:
                self.stderr.write(line_error)
            raise CommandError(error.message) from error
        self.stdout.write(f"imported {len(result.created)} complaint(s), "
                          f"{len(result.already)} already imported before")
