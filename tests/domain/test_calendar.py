from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sigap.domain.calendar import DayHours, DeadlineError, SpecialPeriod, WorkingCalendar, WorkWeek
from sigap.domain.holiday_source import holidays_for_indonesia

WITA = ZoneInfo("Asia/Makassar")
ISRA_MIKRAJ = date(2026, 1, 16)
CALENDAR = WorkingCalendar(holidays=[ISRA_MIKRAJ, date(2026, 8, 17)])


def wita(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WITA)


def test_working_days_skip_a_friday_holiday_and_the_weekend() -> None:
    assert CALENDAR.add_working_days(wita(2026, 1, 15, 9, 0), 3) == wita(2026, 1, 21, 16, 0)


def test_isra_mikraj_2026_is_in_the_indonesian_holiday_source() -> None:
    assert ISRA_MIKRAJ in holidays_for_indonesia([2026])


def test_indonesian_holiday_source_includes_cuti_bersama() -> None:
    assert date(2026, 12, 24) in holidays_for_indonesia([2026])


def test_working_days_ending_on_a_friday_close_at_half_past_four() -> None:
    assert CALENDAR.add_working_days(wita(2026, 1, 19, 9, 0), 4) == wita(2026, 1, 23, 16, 30)


def test_day_of_receipt_never_counts_even_before_opening() -> None:
    assert CALENDAR.add_working_days(wita(2026, 1, 19, 6, 0), 1) == wita(2026, 1, 20, 16, 0)


def test_receipt_on_saturday_counts_from_monday() -> None:
    assert CALENDAR.add_working_days(wita(2026, 1, 24, 10, 0), 1) == wita(2026, 1, 26, 16, 0)


def test_zero_working_days_is_close_of_business_of_a_working_day_of_receipt() -> None:
    assert CALENDAR.add_working_days(wita(2026, 1, 20, 20, 0), 0) == wita(2026, 1, 20, 16, 0)


def test_zero_working_days_from_a_weekend_is_close_of_the_next_working_day() -> None:
    assert CALENDAR.add_working_days(wita(2026, 1, 24, 10, 0), 0) == wita(2026, 1, 26, 16, 0)


def test_local_calendar_day_decides_for_a_utc_input() -> None:
    # 17:00 UTC on Monday is already Tuesday 01:00 in Baubau, so Tuesday is the day of receipt.
    start = datetime(2026, 1, 19, 17, 0, tzinfo=UTC)
    assert CALENDAR.add_working_days(start, 1) == wita(2026, 1, 21, 16, 0)


def test_results_are_in_the_calendar_time_zone() -> None:
    result = CALENDAR.add_working_days(datetime(2026, 1, 19, 1, 0, tzinfo=UTC), 1)
    assert result.tzinfo is CALENDAR.tz


def test_working_minutes_skip_the_lunch_break() -> None:
    assert CALENDAR.add_working_minutes(wita(2026, 1, 19, 11, 30), 60) == wita(2026, 1, 19, 13, 30)


def test_working_minutes_skip_the_longer_friday_break() -> None:
    assert CALENDAR.add_working_minutes(wita(2026, 1, 23, 11, 0), 60) == wita(2026, 1, 23, 13, 30)


def test_working_minutes_ending_at_a_break_return_the_break_start() -> None:
    assert CALENDAR.add_working_minutes(wita(2026, 1, 19, 11, 0), 60) == wita(2026, 1, 19, 12, 0)


def test_working_minutes_ending_at_closing_return_the_closing() -> None:
    assert CALENDAR.add_working_minutes(wita(2026, 1, 19, 15, 0), 60) == wita(2026, 1, 19, 16, 0)


def test_working_minutes_received_at_night_count_from_the_next_opening() -> None:
    assert CALENDAR.add_working_minutes(wita(2026, 1, 19, 22, 0), 30) == wita(2026, 1, 20, 8, 0)


def test_working_minutes_run_over_the_weekend_and_a_holiday() -> None:
    # Thursday 15:30 + 60 min: 30 today, Friday is Isra Mikraj, the rest on Monday.
    assert CALENDAR.add_working_minutes(wita(2026, 1, 15, 15, 30), 60) == wita(2026, 1, 19, 8, 0)


def test_zero_working_minutes_inside_hours_is_the_start_itself() -> None:
    assert CALENDAR.add_working_minutes(wita(2026, 1, 19, 9, 15), 0) == wita(2026, 1, 19, 9, 15)


def test_zero_working_minutes_in_a_break_is_the_next_opening() -> None:
    assert CALENDAR.add_working_minutes(wita(2026, 1, 19, 12, 0), 0) == wita(2026, 1, 19, 13, 0)


def test_working_minutes_between_excludes_the_break() -> None:
    assert CALENDAR.working_minutes_between(wita(2026, 1, 19, 11, 0), wita(2026, 1, 19, 14, 0)) == 120


def test_working_minutes_between_floors_partial_minutes() -> None:
    a = wita(2026, 1, 19, 9, 0)
    assert CALENDAR.working_minutes_between(a, a + timedelta(seconds=119)) == 1


def test_working_minutes_between_is_zero_when_the_end_is_not_after_the_start() -> None:
    assert CALENDAR.working_minutes_between(wita(2026, 1, 19, 10, 0), wita(2026, 1, 19, 9, 0)) == 0


def test_a_weekday_is_a_working_day() -> None:
    assert CALENDAR.is_working_day(date(2026, 1, 19))


def test_a_holiday_is_not_a_working_day() -> None:
    assert not CALENDAR.is_working_day(ISRA_MIKRAJ)


def test_a_sunday_is_not_a_working_day() -> None:
    assert not CALENDAR.is_working_day(date(2026, 1, 18))


def test_opening_minute_is_working_time() -> None:
    assert CALENDAR.is_working_time(wita(2026, 1, 19, 7, 30))


def test_closing_minute_is_not_working_time() -> None:
    assert not CALENDAR.is_working_time(wita(2026, 1, 19, 16, 0))


def test_lunch_break_is_not_working_time() -> None:
    assert not CALENDAR.is_working_time(wita(2026, 1, 19, 12, 30))


def test_next_opening_after_friday_closing_is_monday_morning() -> None:
    assert CALENDAR.next_opening(wita(2026, 1, 23, 16, 30)) == wita(2026, 1, 26, 7, 30)


def test_next_opening_inside_hours_is_the_moment_itself() -> None:
    assert CALENDAR.next_opening(wita(2026, 1, 19, 10, 0)) == wita(2026, 1, 19, 10, 0)


def test_close_of_business_of_a_holiday_is_none() -> None:
    assert CALENDAR.close_of_business(ISRA_MIKRAJ) is None


def test_close_of_business_of_a_friday_is_half_past_four() -> None:
    assert CALENDAR.close_of_business(date(2026, 1, 23)) == wita(2026, 1, 23, 16, 30)


def test_default_week_is_thirty_seven_and_a_half_hours() -> None:
    assert sum(hours.minutes for hours in WorkWeek.default().days.values()) == 37 * 60 + 30


def test_special_period_hours_replace_the_normal_week() -> None:
    ramadan_day = DayHours(time(8, 0), time(14, 30))
    ramadan = SpecialPeriod(date(2026, 2, 18), date(2026, 3, 19), WorkWeek(dict.fromkeys(range(5), ramadan_day)))
    calendar = WorkingCalendar(special_periods=[ramadan])
    assert calendar.add_working_days(wita(2026, 2, 23, 9, 0), 1) == wita(2026, 2, 24, 14, 30)


def test_dates_beyond_the_precomputed_span_are_still_answered() -> None:
    calendar = WorkingCalendar(first_day=date(2026, 1, 1), last_day=date(2026, 1, 31))
    assert calendar.add_working_days(wita(2026, 1, 30, 9, 0), 30) == wita(2026, 3, 13, 16, 30)


def test_dates_before_the_precomputed_span_are_still_answered() -> None:
    calendar = WorkingCalendar(first_day=date(2026, 1, 1), last_day=date(2026, 1, 31))
    assert calendar.add_working_days(wita(1999, 12, 31, 9, 0), 1) == wita(2000, 1, 3, 16, 0)


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(DeadlineError, match="naive"):
        CALENDAR.add_working_days(datetime(2026, 1, 19, 9, 0), 1)


def test_naive_datetime_is_refused_by_working_minutes_between() -> None:
    with pytest.raises(DeadlineError):
        CALENDAR.working_minutes_between(datetime(2026, 1, 19, 9, 0), wita(2026, 1, 19, 10, 0))


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(DeadlineError, match="days"):
        CALENDAR.add_working_days(wita(2026, 1, 19, 9, 0), -1)


def test_negative_working_minutes_are_refused() -> None:
    with pytest.raises(DeadlineError, match="minutes"):
        CALENDAR.add_working_minutes(wita(2026, 1, 19, 9, 0), -1)


def test_overlapping_break_is_refused() -> None:
    with pytest.raises(ValueError, match="opening hours"):
        DayHours(time(8, 0), time(12, 0), ((time(11, 0), time(13, 0)),))


# -- properties ------------------------------------------------------------------------------------------

HOLIDAY_CALENDAR = WorkingCalendar(holidays=holidays_for_indonesia(range(2025, 2028)))
moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2027, 6, 30), timezones=st.just(WITA)
)
PROPERTY = settings(max_examples=300, deadline=None)


@PROPERTY
@given(moments, st.integers(0, 80))
def test_working_days_end_at_a_close_of_business(start: datetime, days: int) -> None:
    due = HOLIDAY_CALENDAR.add_working_days(start, days)
    assert due == HOLIDAY_CALENDAR.close_of_business(due.date())


@PROPERTY
@given(moments, st.integers(0, 80))
def test_working_days_never_end_before_the_day_of_receipt(start: datetime, days: int) -> None:
    due = HOLIDAY_CALENDAR.add_working_days(start, days)
    assert due.date() >= start.date() + timedelta(days=days)


@PROPERTY
@given(moments, st.integers(0, 20_000))
def test_working_minutes_end_in_working_time_or_at_a_segment_end(start: datetime, minutes: int) -> None:
    due = HOLIDAY_CALENDAR.add_working_minutes(start, minutes)
    just_before = due - timedelta(microseconds=1)
    assert HOLIDAY_CALENDAR.is_working_time(due) or HOLIDAY_CALENDAR.is_working_time(just_before)


@PROPERTY
@given(moments, st.integers(0, 20_000), st.integers(0, 20_000))
def test_adding_more_working_minutes_never_ends_earlier(start: datetime, m1: int, m2: int) -> None:
    low, high = sorted((m1, m2))
    assert HOLIDAY_CALENDAR.add_working_minutes(start, low) <= HOLIDAY_CALENDAR.add_working_minutes(start, high)


@PROPERTY
@given(moments, st.integers(0, 20_000), st.integers(1, 20_000))
def test_working_minutes_add_up(start: datetime, a: int, b: int) -> None:
    # Holds for a >= 0 and b > 0: a positive count ends at the earliest moment it is reached (a segment end
    # rather than the next opening), while a zero count moves to the next opening.
    step = HOLIDAY_CALENDAR.add_working_minutes(start, a)
    assert HOLIDAY_CALENDAR.add_working_minutes(step, b) == HOLIDAY_CALENDAR.add_working_minutes(start, a + b)


@PROPERTY
@given(moments, st.integers(0, 20_000))
def test_working_minutes_between_inverts_adding_them(start: datetime, minutes: int) -> None:
    due = HOLIDAY_CALENDAR.add_working_minutes(start, minutes)
    assert HOLIDAY_CALENDAR.working_minutes_between(start, due) == minutes


@PROPERTY
@given(moments, st.integers(1, 5_000))
def test_working_minutes_between_is_additive_over_a_midpoint(start: datetime, minutes: int) -> None:
    # Whole-minute moments, because flooring partial minutes on each side would lose up to one.
    start = start.replace(second=0, microsecond=0)
    end = start + timedelta(minutes=minutes)
    middle = start + timedelta(minutes=minutes // 2)
    total = HOLIDAY_CALENDAR.working_minutes_between(start, end)
    parts = HOLIDAY_CALENDAR.working_minutes_between(start, middle)
    parts += HOLIDAY_CALENDAR.working_minutes_between(middle, end)
    assert total == parts


@PROPERTY
@given(moments)
def test_next_opening_is_working_time(moment: datetime) -> None:
    assert HOLIDAY_CALENDAR.is_working_time(HOLIDAY_CALENDAR.next_opening(moment))


@PROPERTY
@given(moments, st.integers(0, 80))
def test_working_days_do_not_depend_on_the_input_time_zone(start: datetime, days: int) -> None:
    in_utc = start.astimezone(UTC)
    assert HOLIDAY_CALENDAR.add_working_days(in_utc, days) == HOLIDAY_CALENDAR.add_working_days(start, days)
