"""`manage.py restore --input DIR`: a backup into the empty database of DATABASE_URL and an empty media folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.operations.backups import restore_backup
from sigap.operations.manifest import BackupRefused


class Command(BaseCommand):
    help = ("Restore a backup made by `backup` into the empty database of DATABASE_URL and an empty media folder; "
            "refuses a damaged or incomplete backup, a newer Sigap's backup and a non-empty target.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, type=Path, help="a directory written by `backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = restore_backup(options["input"])
        except BackupRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"Restored {summary.directory}: {summary.tables} tables, {summary.rows} rows (counts "
                          f"agree with the manifest); {summary.media_files} media files (checksums agree).")
        self.stdout.write("Next: manage.py migrate (when this Sigap is newer than the backup's "
                          f"{summary.sigap_version}), manage.py rebuild_report_state --check, manage.py "
                          "recompute_aggregates --check, then start the web server and the workers.")
