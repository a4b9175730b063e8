"""How a deadline is said to a person, in the parts people use: "3 hari kerja lagi (Senin 7 Des, 16.00)",
"hari ini, 16.00", "terlambat 4 hari kerja".

Officers count in working days and read the clock only on the day itself, so the answer is a tone (on time, due
today, late), a whole number of working days and the local due moment. The words, in the person's language, are
the shell's (sigap/web/templatetags/deadlines.py): this module stays free of Django and of any language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sigap.domain.calendar import DeadlineError, WorkingCalendar


class Tone(StrEnum):
    OK = "ok"
    DUE_TODAY = "due_today"
    LATE = "late"


@dataclass(frozen=True)
class TimeLeft:
    """Where `now` stands against a deadline.

    `working_days`: when on time, the working days from today up to and including the due day (0 when the
    deadline falls on a day off with no working day before it); when late, the working days since the due day,
    today included (0 on the due day itself); 0 when due today. `due_local` is the deadline in the city's zone;
    `due_tomorrow` says it falls on the next calendar day, which people say as "besok".
    """

    tone: Tone
    working_days: int
    due_local: datetime
    due_tomorrow: bool


def time_left(*, now: datetime, due_at: datetime, calendar: WorkingCalendar) -> TimeLeft:
    """The deadline `due_at` seen at `now` in the city of `calendar`. A deadline is met strictly before it:
    at the due moment itself the report is late. Raises DeadlineError for a naive datetime."""
    for name, moment in (("now", now), ("due_at", due_at)):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise DeadlineError(f"naive datetime {moment.isoformat()}: `{name}` must be aware")
    today = now.astimezone(calendar.tz).date()
    due_local = due_at.astimezone(calendar.tz)
    due_day = due_local.date()
    tomorrow = due_day == today + timedelta(days=1)
    if now >= due_at:
        return TimeLeft(Tone.LATE, calendar.working_days_in(due_day, today), due_local, False)
    if due_day == today:
        return TimeLeft(Tone.DUE_TODAY, 0, due_local, False)
    return TimeLeft(Tone.OK, calendar.working_days_in(today, due_day), due_local, tomorrow)
