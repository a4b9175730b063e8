"""`manage.py backup --output DIR`: the database dump, the media files and a manifest that proves them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.operations.backups import make_backup
from sigap.operations.manifest import BackupRefused


class Command(BaseCommand):
    help = ("Write a consistent backup of the database and the media files, with a manifest of row counts and "
            "checksums, into DIR (new or empty).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, type=Path, help="a new or empty directory")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = make_backup(options["output"])
        except BackupRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"Backup written to {summary.directory}: {summary.engine} database, {summary.tables} "
                          f"tables, {summary.rows} rows; {summary.media_files} media files "
                          f"({summary.media_bytes / 1e6:.1f} MB); Sigap {summary.sigap_version}.")
        self.stdout.write("Prove it: restore it into an empty database now and then (docs/backup.md), and copy "
                          "the whole directory off this machine.")
