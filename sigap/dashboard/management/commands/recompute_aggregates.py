"""`manage.py recompute_aggregates [--check]`: rebuild the dashboard facts from the event log and compare."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.dashboard.aggregates import recompute


class Command(BaseCommand):
    help = ("Recompute every report's dashboard fact from its events and the rollups from the facts; --check only "
            "compares (exit 1 if different).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        mismatches = recompute(check_only=options["check"])
        for item in mismatches[:50]:
            if item.field == "rollups":
                self.stdout.write(str(item.stored))
                continue
            self.stdout.write(f"report {item.report_id} {item.field}: stored {item.stored!r}, "
                              f"expected {item.expected!r}")
        if mismatches and options["check"]:
            raise CommandError(f"{len(mismatches)} differences between the aggregates and the event log")
        verb = "fixed" if mismatches else "agree"
        self.stdout.write(f"aggregates {verb}: {len(mismatches)} differences")
