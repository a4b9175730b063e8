from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sigap.core.timefmt import iso_local
from sigap.notifications.sweeps import ensure_scheduled


class Command(BaseCommand):
    help = "Queue the recurring sweeps (daily deadlines, outbox retries) unless already queued. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, run_at in ensure_scheduled().items():
            self.stdout.write(f"{name}: next run {iso_local(run_at)}")
