"""Time left as people say it: the tone and the count of working days, for any moment and any deadline."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigap.domain.calendar import DeadlineError, WorkingCalendar
from sigap.domain.time_left import Tone, time_left
from tests.clock import FIXED_NOW

WITA = ZoneInfo("Asia/Makassar")
# Friday 13 November 2026 is made a holiday here, so the counts must skip a day off that is not a weekend.
HOLIDAY = date(2026, 11, 13)
CALENDAR = WorkingCalendar(holidays=[HOLIDAY])

moments = st.datetimes(min_value=datetime(2026, 10, 1), max_value=datetime(2027, 2, 28),
                       timezones=st.just(WITA))
days = st.dates(min_value=date(2026, 10, 1), max_value=date(2027, 2, 28))


def wita(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=WITA)


def brute_working_days(after: date, through: date) -> int:
    return sum(1 for n in range(1, (through - after).days + 1) if CALENDAR.is_working_day(after + timedelta(n)))


def test_a_deadline_three_working_days_ahead_is_on_time_with_three_days_left() -> None:
    # given Wednesday 11 Nov 10:00 and a deadline on Tuesday 17 Nov (Thu 12, Mon 16, Tue 17; Fri 13 is off)
    left = time_left(now=FIXED_NOW, due_at=wita(11, 17, 16), calendar=CALENDAR)
    # then it is on time, three working days ahead, at 16:00 local time
    assert (left.tone, left.working_days, left.due_local.hour) == (Tone.OK, 3, 16)


def test_a_deadline_later_the_same_day_is_due_today() -> None:
    left = time_left(now=FIXED_NOW, due_at=wita(11, 11, 16), calendar=CALENDAR)
    assert (left.tone, left.working_days) == (Tone.DUE_TODAY, 0)


def test_the_due_moment_itself_is_already_late() -> None:
    left = time_left(now=wita(11, 11, 16), due_at=wita(11, 11, 16), calendar=CALENDAR)
    assert (left.tone, left.working_days) == (Tone.LATE, 0)


def test_a_deadline_four_working_days_ago_is_late_by_four() -> None:
    # given a deadline on Thursday 5 Nov at 16:00, seen on Wednesday 11 Nov
    left = time_left(now=FIXED_NOW, due_at=wita(11, 5, 16), calendar=CALENDAR)
    # then the working days after the due day count, today included: Fri 6, Mon 9, Tue 10, Wed 11
    assert (left.tone, left.working_days) == (Tone.LATE, 4)


def test_a_deadline_tomorrow_is_said_as_tomorrow() -> None:
    left = time_left(now=FIXED_NOW, due_at=wita(11, 12, 16), calendar=CALENDAR)
    assert (left.tone, left.working_days, left.due_tomorrow) == (Tone.OK, 1, True)


def test_the_local_day_decides_for_a_deadline_given_in_utc() -> None:
    # 23:00 UTC on Wednesday is Thursday 07:00 in Baubau: tomorrow, not today
    left = time_left(now=FIXED_NOW, due_at=datetime(2026, 11, 11, 23, 0, tzinfo=UTC), calendar=CALENDAR)
    assert (left.tone, left.due_tomorrow) == (Tone.OK, True)


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(DeadlineError):
        time_left(now=datetime(2026, 11, 11, 10), due_at=wita(11, 12, 16), calendar=CALENDAR)


@given(now=moments, due_at=moments)
def test_late_exactly_when_the_deadline_is_not_in_the_future(now: datetime, due_at: datetime) -> None:
    assert (time_left(now=now, due_at=due_at, calendar=CALENDAR).tone is Tone.LATE) == (now >= due_at)


@given(now=moments, due_at=moments)
def test_due_today_exactly_when_the_deadline_is_ahead_on_the_same_local_day(now: datetime, due_at: datetime) -> None:
    left = time_left(now=now, due_at=due_at, calendar=CALENDAR)
    assert (left.tone is Tone.DUE_TODAY) == (now < due_at and now.date() == due_at.date())


@given(now=moments, due_at=moments)
def test_the_count_is_the_working_days_between_today_and_the_due_day(now: datetime, due_at: datetime) -> None:
    left = time_left(now=now, due_at=due_at, calendar=CALENDAR)
    expected = {Tone.OK: brute_working_days(now.date(), due_at.date()),
                Tone.LATE: brute_working_days(due_at.date(), now.date()), Tone.DUE_TODAY: 0}[left.tone]
    assert left.working_days == expected


@given(now=moments, later=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60)), due_at=moments)
def test_time_left_never_grows_and_lateness_never_shrinks_as_time_passes(
        now: datetime, later: timedelta, due_at: datetime) -> None:
    before = time_left(now=now, due_at=due_at, calendar=CALENDAR)
    after = time_left(now=now + later, due_at=due_at, calendar=CALENDAR)
    order = [Tone.OK, Tone.DUE_TODAY, Tone.LATE]
    assert order.index(after.tone) >= order.index(before.tone)
    if before.tone is after.tone is Tone.OK:
        assert after.working_days <= before.working_days
    if before.tone is after.tone is Tone.LATE:
        assert after.working_days >= before.working_days


@given(now=moments, due_at=moments)
def test_the_due_moment_is_the_same_instant_in_local_time(now: datetime, due_at: datetime) -> None:
    left = time_left(now=now, due_at=due_at.astimezone(UTC), calendar=CALENDAR)
    assert left.due_local == due_at and left.due_local.utcoffset() == timedelta(hours=8)


@given(a=days, b=days)
def test_working_days_in_a_span_match_a_day_by_day_count(a: date, b: date) -> None:
    assert CALENDAR.working_days_in(a, b) == brute_working_days(a, b)


@given(a=days, b=days, c=days)
def test_working_days_of_adjacent_spans_add_up(a: date, b: date, c: date) -> None:
    a, b, c = sorted((a, b, c))
    assert CALENDAR.working_days_in(a, b) + CALENDAR.working_days_in(b, c) == CALENDAR.working_days_in(a, c)
