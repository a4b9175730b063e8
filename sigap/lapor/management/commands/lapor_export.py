"""Write every report Sigap received in a month, in SP4N-LAPOR!'s shape, for the Admin Penghubung's reconciliation."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.lapor.exporting import FORMATS, write_export

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class Command(BaseCommand):
    help = "Export a month's reports in SP4N-LAPOR!'s shape (CSV or XLSX), with the LAPOR! tracking ID where known."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM, the month the reports were received in")
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        matched = MONTH.match(options["month"])
        if matched is None:
            raise CommandError(f"--month {options['month']!r}: write YYYY-MM, e.g. 2026-11")
        path: Path = options["output"]
        try:
            count = write_export(path, year=int(matched[1]), month=int(matched[2]), fmt=options["fmt"])
        except OSError as error:
            raise CommandError(f"cannot write {path}: {error}") from error
        self.stdout.write(f"exported {count} report(s) to {path}")
