from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.reports.models import Report
from sigap.reports.rebuild import rebuild_report_state


class Command(BaseCommand):
    help = "Rebuild each report's status, deadlines, escalation and lead unit from its event log."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="only compare; exit non-zero on any difference")
        parser.add_argument("--tracking-id", help="one report only")

    def handle(self, *args: Any, **options: Any) -> None:
        reports = Report.objects.order_by("pk")
        if options["tracking_id"]:
            reports = reports.filter(tracking_id=options["tracking_id"])
            if not reports.exists():
                raise CommandError(f"No report {options['tracking_id']!r}")
        drifted = 0
        for report_id, tracking_id in reports.values_list("pk", "tracking_id").iterator():
            differing = rebuild_report_state(report_id=report_id, write=not options["check"])
            if differing:
                drifted += 1
                self.stdout.write(f"{tracking_id}: {', '.join(differing)}")
        self.stdout.write(f"{drifted} report(s) differed from their event log"
                          + ("" if options["check"] else "; rebuilt"))
        if drifted and options["check"]:
            raise SystemExit(1)
