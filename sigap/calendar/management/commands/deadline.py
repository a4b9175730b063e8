from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.calendar.service import get_calendar
from sigap.core.timefmt import iso_local
from sigap.domain.calendar import DeadlineError


def _count(value: str, name: str) -> float:
    try:
        number = float(value)
    except ValueError as error:
        raise CommandError(f"{name} must be a number, got {value!r}") from error
    if number < 0 or number != number or number in (float("inf"),):
        raise CommandError(f"{name} must be zero or more, got {value!r}")
    return number


class Command(BaseCommand):
    help = "Print the due time (WITA, ISO 8601) N working days or H working hours after a moment."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--start", required=True, help="aware ISO 8601 moment, e.g. 2026-01-15T09:00+08:00")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--working-days", help="whole working days (hari kerja)")
        group.add_argument("--working-hours", help="working hours, may be fractional")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            start = datetime.fromisoformat(options["start"])
        except ValueError as error:
            raise CommandError(f"--start is not an ISO 8601 date-time: {options['start']!r}") from error
        if start.tzinfo is None:
            raise CommandError("--start needs a UTC offset, e.g. 2026-01-15T09:00+08:00 (times are never guessed)")
        calendar = get_calendar()
        try:
            if options["working_days"] is not None:
                days = _count(options["working_days"], "--working-days")
                if days != int(days):
                    raise CommandError("--working-days must be a whole number")
                due = calendar.add_working_days(start, int(days))
            else:
                hours = _count(options["working_hours"], "--working-hours")
                due = calendar.add_working_minutes(start, round(hours * 60))
        except DeadlineError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(iso_local(due) or "")
