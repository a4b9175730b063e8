"""Working time: which moments count towards a service limit, and where a limit ends.

Two kinds of limit exist (docs/domain.md, "Working time"):

* N working days (hari kerja) end at the close of business of the Nth working day after the calendar day of
  receipt; the day of receipt never counts, whatever the hour.
* N working minutes count from the moment of receipt (from the next opening when received outside hours),
  skipping breaks, nights, weekends and holidays.

Every call must cost the same whether a limit spans 3 days or 60, so the calendar precomputes, for a span of
days, each day's working segments, a cumulative count of working microseconds and the sorted ordinals of the
working days; a call is then a couple of bisections. The span grows by itself when a moment falls outside it.

Working-minute arithmetic uses a "working position": the working microseconds elapsed between the start of the
span and a moment. It is flat outside working time and rises one-for-one inside it, so counting between two
moments is a subtraction and adding minutes is an inverse lookup.
"""

from __future__ import annotations

import itertools
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from types import MappingProxyType
from zoneinfo import ZoneInfo

_US_PER_MINUTE = 60_000_000
_US_PER_SECOND = 1_000_000
_DEFAULT_FIRST = date(2000, 1, 1)
_DEFAULT_LAST = date(2040, 12, 31)
_MAX_ORDINAL = date.max.toordinal()
# A year of margin around a newly covered day, so a run of nearby calls rebuilds the span once, not each time.
_MARGIN_DAYS = 366

Segments = tuple[tuple[int, int], ...]


class DeadlineError(ValueError):
    """A deadline was asked for with an input that cannot give a meaningful answer."""


def _minute_of_day(t: time) -> int:
    if t.second or t.microsecond or t.tzinfo is not None:
        raise ValueError(f"working hours are whole local minutes without a time zone, got {t.isoformat()}")
    return t.hour * 60 + t.minute


@dataclass(frozen=True)
class DayHours:
    """Opening hours of one weekday: open from `start` to `end`, closed during each break."""

    start: time
    end: time
    breaks: tuple[tuple[time, time], ...] = ()

    def __post_init__(self) -> None:
        bounds = [_minute_of_day(self.start)]
        for pause in self.breaks:
            bounds.extend((_minute_of_day(pause[0]), _minute_of_day(pause[1])))
        bounds.append(_minute_of_day(self.end))
        if any(b >= c for b, c in itertools.pairwise(bounds)):
            raise ValueError(
                "opening hours must run start < break starts < break ends < end, in order and without "
                f"overlap; got start {self.start}, breaks {self.breaks}, end {self.end}"
            )
        segments = tuple((bounds[i] * _US_PER_MINUTE, bounds[i + 1] * _US_PER_MINUTE) for i in range(0, len(bounds), 2))
        # Cached outside the dataclass fields so equality and repr stay those of the hours as written.
        object.__setattr__(self, "_segments", segments)

    @property
    def segments(self) -> Segments:
        """Working intervals [start, end) in microseconds after local midnight."""
        segments: Segments = self.__dict__["_segments"]
        return segments

    @property
    def minutes(self) -> int:
        return sum(b - a for a, b in self.segments) // _US_PER_MINUTE


@dataclass(frozen=True)
class WorkWeek:
    """Opening hours per weekday (Monday = 0); a weekday that is missing is closed."""

    days: Mapping[int, DayHours]

    def __post_init__(self) -> None:
        if any(not 0 <= weekday <= 6 for weekday in self.days):
            raise ValueError(f"weekdays run from 0 (Monday) to 6 (Sunday), got {sorted(self.days)}")
        # A read-only copy: a calendar precomputes from the week, so a later change must not go unnoticed.
        object.__setattr__(self, "days", MappingProxyType(dict(self.days)))

    @classmethod
    def default(cls) -> WorkWeek:
        """Perpres 21/2023: 37.5 hours from 07:30; one hour's break Mon–Thu, 90 minutes on Friday prayers."""
        mon_thu = DayHours(time(7, 30), time(16, 0), ((time(12, 0), time(13, 0)),))
        friday = DayHours(time(7, 30), time(16, 30), ((time(11, 30), time(13, 0)),))
        return cls({0: mon_thu, 1: mon_thu, 2: mon_thu, 3: mon_thu, 4: friday})

    def segments_by_weekday(self) -> tuple[Segments, ...]:
        return tuple(self.days[w].segments if w in self.days else () for w in range(7))


@dataclass(frozen=True)
class SpecialPeriod:
    """Dates `first`..`last` inclusive follow `week` instead of the normal one (e.g. Ramadan hours)."""

    first: date
    last: date
    week: WorkWeek
    name: str = ""

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"special period {self.name!r} ends ({self.last}) before it starts ({self.first})")


class _Span:
    """Precomputed working time for the days `first`..`last` (ordinals, inclusive)."""

    __slots__ = ("cum_us", "first", "last", "segs", "working")

    def __init__(self, first: int, last: int, segs: list[Segments]) -> None:
        self.first = first
        self.last = last
        self.segs = segs
        # cum_us[i] is the working time before day first+i; one extra entry closes the span.
        cum = [0] * (len(segs) + 1)
        total = 0
        for i, day_segs in enumerate(segs):
            for a, b in day_segs:
                total += b - a
            cum[i + 1] = total
        self.cum_us = cum
        self.working = [first + i for i, day_segs in enumerate(segs) if day_segs]


class WorkingCalendar:
    """Working days and hours of one city in its local time zone, with holidays and special periods."""

    def __init__(
        self,
        *,
        week: WorkWeek | None = None,
        holidays: Iterable[date] = (),
        special_periods: Iterable[SpecialPeriod] = (),
        tz: str = "Asia/Makassar",
        first_day: date | None = None,
        last_day: date | None = None,
    ) -> None:
        self.week = week if week is not None else WorkWeek.default()
        self.tz = ZoneInfo(tz)
        self._holidays = frozenset(d.toordinal() for d in holidays)
        self._special = tuple(special_periods)
        # Earlier periods win where periods overlap: the order given is the order of precedence.
        self._special_segs = tuple(
            (p.first.toordinal(), p.last.toordinal(), p.week.segments_by_weekday()) for p in self._special
        )
        if not any(self.week.days.values()) and not self._special:
            raise ValueError("a working calendar needs at least one working weekday")
        first = (first_day or _DEFAULT_FIRST).toordinal()
        last = (last_day or _DEFAULT_LAST).toordinal()
        if last < first:
            raise ValueError(f"last_day {last_day} is before first_day {first_day}")
        self._lock = threading.Lock()
        self._span = self._build(first, last)

    # -- precomputation ---------------------------------------------------------------------------------

    def _build(self, first: int, last: int) -> _Span:
        normal = self.week.segments_by_weekday()
        holidays = self._holidays
        special = self._special_segs
        segs: list[Segments] = []
        append = segs.append
        for ordinal in range(first, last + 1):
            if ordinal in holidays:
                append(())
                continue
            weekday = (ordinal - 1) % 7  # ordinal 1 (0001-01-01) was a Monday
            by_weekday = normal
            for p_first, p_last, p_segs in special:
                if p_first <= ordinal <= p_last:
                    by_weekday = p_segs
                    break
            append(by_weekday[weekday])
        return _Span(first, last, segs)

    def _covering(self, low: int, high: int | None = None) -> _Span:
        span = self._span
        high = low if high is None else high
        if span.first <= low and high <= span.last:
            return span
        with self._lock:
            span = self._span
            if low < span.first or high > span.last:
                first = span.first if low >= span.first else max(1, low - _MARGIN_DAYS)
                last = span.last if high <= span.last else min(_MAX_ORDINAL, high + _MARGIN_DAYS)
                # Readers keep the span they started with, so swapping a new one in needs no lock for them.
                self._span = span = self._build(first, last)
            return span

    def _grow(self, span: _Span) -> _Span:
        """Extends the span forward when an answer lies beyond its last day."""
        if span.last >= _MAX_ORDINAL:
            raise DeadlineError("the deadline falls beyond the last date Python can represent")
        return self._covering(span.first, span.last + max(_MARGIN_DAYS, span.last - span.first))

    # -- conversions ------------------------------------------------------------------------------------

    def _local(self, moment: datetime) -> tuple[int, int]:
        """(local date ordinal, microseconds after local midnight) of an aware moment."""
        if not isinstance(moment, datetime):
            raise DeadlineError(f"expected a datetime, got {type(moment).__name__}")
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise DeadlineError(
                f"naive datetime {moment.isoformat()}: pass an aware datetime (with tzinfo) so the local "
                f"working time in {self.tz.key} is unambiguous"
            )
        local = moment.astimezone(self.tz)
        us = ((local.hour * 60 + local.minute) * 60 + local.second) * _US_PER_SECOND + local.microsecond
        return local.toordinal(), us

    def _at(self, ordinal: int, us: int) -> datetime:
        """The aware local moment `us` microseconds after local midnight of the day `ordinal`."""
        day = date.fromordinal(ordinal)
        seconds, micro = divmod(us, _US_PER_SECOND)
        minutes, second = divmod(seconds, 60)
        hour, minute = divmod(minutes, 60)
        return datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=self.tz)

    @staticmethod
    def _position(span: _Span, ordinal: int, us: int) -> int:
        index = ordinal - span.first
        position = span.cum_us[index]
        for a, b in span.segs[index]:
            if us >= b:
                position += b - a
            else:
                if us > a:
                    position += us - a
                break
        return position

    @staticmethod
    def _check_count(name: str, value: int) -> None:
        if value < 0:
            raise DeadlineError(f"{name} must be zero or more, got {value}")

    # -- public API -------------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        ordinal = day.toordinal()
        span = self._covering(ordinal)
        return bool(span.segs[ordinal - span.first])

    def working_days_in(self, after: date, through: date) -> int:
        """How many working days lie in (after, through]: after the first date, up to and including the second.

        0 when `through` is not after `after`. Two bisections, so a span of years costs what a span of days does.
        """
        low, high = after.toordinal(), through.toordinal()
        if high <= low:
            return 0
        span = self._covering(low, high)
        return bisect_right(span.working, high) - bisect_right(span.working, low)

    def is_working_time(self, moment: datetime) -> bool:
        """Inside opening hours (start inclusive, end exclusive), outside breaks, on a working day."""
        ordinal, us = self._local(moment)
        span = self._covering(ordinal)
        return any(a <= us < b for a, b in span.segs[ordinal - span.first])

    def close_of_business(self, day: date) -> datetime | None:
        ordinal = day.toordinal()
        span = self._covering(ordinal)
        segs = span.segs[ordinal - span.first]
        return self._at(ordinal, segs[-1][1]) if segs else None

    def next_opening(self, moment: datetime) -> datetime:
        """The moment itself (in local time) when it is working time, otherwise the next opening."""
        ordinal, us = self._local(moment)
        span = self._covering(ordinal)
        for a, b in span.segs[ordinal - span.first]:
            if us < b:
                return moment.astimezone(self.tz) if us >= a else self._at(ordinal, a)
        while True:
            index = bisect_right(span.working, ordinal)
            if index < len(span.working):
                day = span.working[index]
                return self._at(day, span.segs[day - span.first][0][0])
            span = self._grow(span)

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """Close of business of the `days`-th working day after the local calendar day of `start`.

        The day of receipt never counts, whatever the hour. With `days` = 0 the answer is the close of
        business of the day of `start` when it is a working day, else of the next working day.
        """
        self._check_count("days", days)
        ordinal, _ = self._local(start)
        span = self._covering(ordinal)
        while True:
            working = span.working
            index = bisect_right(working, ordinal) + days - 1 if days else bisect_left(working, ordinal)
            if index < len(working):
                day = working[index]
                return self._at(day, span.segs[day - span.first][-1][1])
            span = self._grow(span)

    def add_working_minutes(self, start: datetime, minutes: int) -> datetime:
        """The moment at which `minutes` working minutes have elapsed since `start`.

        Convention: for `minutes` > 0 the answer is the earliest moment the count is reached, so a count that
        ends exactly at a closing or a break returns that end, not the next opening. With this convention
        add(add(s, a), b) == add(s, a + b) for every a >= 0 and b > 0. With `minutes` = 0 the answer is
        `start` itself when it is working time, else the next opening.
        """
        self._check_count("minutes", minutes)
        if minutes == 0:
            return self.next_opening(start)
        ordinal, us = self._local(start)
        span = self._covering(ordinal)
        target = self._position(span, ordinal, us) + minutes * _US_PER_MINUTE
        while target > span.cum_us[-1]:
            span = self._grow(span)
            # Positions are relative to the span's first day, which another thread may have moved meanwhile.
            target = self._position(span, ordinal, us) + minutes * _US_PER_MINUTE
        # The day whose working time contains the target: cum_us[i] < target <= cum_us[i + 1].
        index = bisect_left(span.cum_us, target) - 1
        remaining = target - span.cum_us[index]
        for a, b in span.segs[index]:
            if remaining <= b - a:
                return self._at(span.first + index, a + remaining)
            remaining -= b - a
        raise AssertionError("cumulative working time is inconsistent with the day's segments")

    def working_minutes_between(self, a: datetime, b: datetime) -> int:
        """Whole working minutes in [a, b); 0 when b is not after a. Partial minutes are dropped."""
        ordinal_a, us_a = self._local(a)
        ordinal_b, us_b = self._local(b)
        if b <= a:
            return 0
        span = self._covering(min(ordinal_a, ordinal_b), max(ordinal_a, ordinal_b))
        elapsed = self._position(span, ordinal_b, us_b) - self._position(span, ordinal_a, us_a)
        return elapsed // _US_PER_MINUTE
