from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from sigap.seed import demo, reference


class Command(BaseCommand):
    help = "Load Kota Baubau's reference data and, in demo mode, demo accounts and sample reports (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reports", type=int, default=200, help="number of sample reports (demo mode)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reports"] < 0:
            self.stderr.write("--reports must be zero or more")
            raise SystemExit(2)
        self.stdout.write(f"wilayah: {reference.load_city_wilayah()} rows")
        self.stdout.write(f"demo RW/RT created: {reference.generate_demo_rw_rt()}")
        self.stdout.write(f"units: {reference.load_units()}")
        self.stdout.write(f"categories: {reference.load_categories()}")
        self.stdout.write(f"services: {reference.load_services()}")
        self.stdout.write(f"holidays added: {reference.load_calendar()}")
        if not settings.SIGAP_DEMO_MODE:
            self.stdout.write("demo mode is off: no demo accounts or sample reports")
            return
        self.stdout.write(f"LAPOR! category names: {reference.load_lapor_categories()}")
        self.stdout.write(f"demo accounts created: {demo.create_demo_accounts()}")
        self.stdout.write(f"sample reports created: {demo.create_sample_reports(options['reports'])}")
