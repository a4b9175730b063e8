"""Rollups of the facts: what the dashboard's stable figures are summed from, kept exact by deltas.

Every fact contributes to one `DayRollup` row (local day of receipt, unit), one `MonthRollup` row (month, unit,
kecamatan, kelurahan, category) and its working minutes to one `MonthMinutes` row (month, unit). When catch-up
rewrites a fact, the old fact's contribution is taken away and the new one added in the same transaction, so the
rollups always equal a rebuild from the facts (`differences()` proves it; `rebuild()` repairs).
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left, insort
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain
from typing import Any, NamedTuple

from django.db import connection, models

from sigap.core.timefmt import local_tz
from sigap.dashboard.models import DayRollup, MonthMinutes, MonthRollup, ReportFact

COUNTS = ("received", "on_time", "late_done", "escalations")
DAY_KEYS = ("day", "unit_id")
MONTH_KEYS = ("month", "unit_id", "kecamatan_id", "kelurahan_id", "category_id")


class Contribution(NamedTuple):
    """The columns of a fact that the rollups depend on (ids of None are stored as 0)."""

    unit_id: int | None
    kecamatan_id: int | None
    kelurahan_id: int | None
    category_id: int | None
    received_at: datetime
    on_time: bool | None
    escalations: int
    response_minutes: int | None
    resolution_minutes: int | None


CONTRIBUTION_FIELDS: tuple[str, ...] = Contribution._fields


def of_fact(fact: ReportFact) -> Contribution:
    return Contribution(*(getattr(fact, name) for name in CONTRIBUTION_FIELDS))


def local_day(moment: datetime) -> date:
    return moment.astimezone(local_tz()).date()


def month_of(day: date) -> date:
    return day.replace(day=1)


def counts(on_time: bool | None, escalations: int | None) -> tuple[int, int, int, int]:
    """What one fact adds to (received, on time, finished late, escalations)."""
    return 1, int(on_time is True), int(on_time is False), escalations or 0


@dataclass
class Delta:
    """Changes to apply: count vectors per rollup key, and minutes to add (+n) or remove (-n) per (month, unit)."""

    days: dict[tuple[Any, ...], list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0, 0]))
    months: dict[tuple[Any, ...], list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0, 0]))
    response: dict[tuple[date, int], Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    resolution: dict[tuple[date, int], Counter[int]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, c: Contribution, sign: int = 1) -> None:
        day = local_day(c.received_at)
        month = month_of(day)
        unit = c.unit_id or 0
        values = counts(c.on_time, c.escalations)
        for target in (self.days[(day, unit)],
                       self.months[(month, unit, c.kecamatan_id or 0, c.kelurahan_id or 0, c.category_id or 0)]):
            for index, value in enumerate(values):
                target[index] += sign * value
        if c.response_minutes is not None:
            self.response[(month, unit)][c.response_minutes] += sign
        if c.resolution_minutes is not None:
            self.resolution[(month, unit)][c.resolution_minutes] += sign


def pack(values: array[int]) -> bytes:
    if sys.byteorder == "big":
        values = array("i", values)
        values.byteswap()
    return values.tobytes()


def unpack(blob: bytes | memoryview | None, into: array[int] | None = None) -> array[int]:
    """Little-endian 32-bit integers; appended to `into` when given."""
    values = array("i") if into is None else into
    if blob:
        start = len(values)
        values.frombytes(bytes(blob))
        if sys.byteorder == "big":
            tail = values[start:]
            tail.byteswap()
            values[start:] = tail
    return values


def apply(delta: Delta) -> None:
    """Add the delta to the stored rollups (upserts that increment; minutes merged into the sorted arrays)."""
    _increment(DayRollup, DAY_KEYS, {key: v for key, v in delta.days.items() if any(v)})
    _increment(MonthRollup, MONTH_KEYS, {key: v for key, v in delta.months.items() if any(v)})
    keys = {key for changes in (delta.response, delta.resolution) for key, counter in changes.items()
            if any(counter.values())}
    if not keys:
        return
    stored = {(row.month, row.unit_id): row for row in MonthMinutes.objects.filter(
        month__in={month for month, _unit in keys}, unit_id__in={unit for _month, unit in keys})}
    rows = []
    for key in keys:
        row = stored.get(key) or MonthMinutes(month=key[0], unit_id=key[1])
        row.response = pack(_merged(unpack(row.response), delta.response.get(key)))
        row.resolution = pack(_merged(unpack(row.resolution), delta.resolution.get(key)))
        rows.append(row)
    MonthMinutes.objects.bulk_create(rows, update_conflicts=True, unique_fields=["month", "unit_id"],
                                     update_fields=["response", "resolution"])


def _merged(values: array[int], changes: Counter[int] | None) -> array[int]:
    if not changes:
        return values
    for minutes, times in changes.items():
        for _ in range(-times):
            index = bisect_left(values, minutes)
            if index < len(values) and values[index] == minutes:
                del values[index]
            # A value that is not there means the rollups had drifted; `recompute_aggregates --check` names it.
    additions = [minutes for minutes, times in changes.items() for _ in range(times)]
    if len(additions) > 16:
        return array("i", sorted(chain(values, additions)))  # Timsort merges the sorted run with the rest
    for minutes in additions:
        insort(values, minutes)
    return values


def _increment(model: type[models.Model], keys: Sequence[str], rows: dict[tuple[Any, ...], list[int]]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [*keys, *COUNTS]
    updates = ", ".join(f"{quote(name)} = {table}.{quote(name)} + EXCLUDED.{quote(name)}" for name in COUNTS)
    items = [(*(_adapt(value) for value in key), *values) for key, values in rows.items()]
    per_statement = 100
    for start in range(0, len(items), per_statement):
        chunk = items[start:start + per_statement]
        placeholders = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(chunk))
        sql = (f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) VALUES {placeholders} "  # noqa: S608
               f"ON CONFLICT ({', '.join(quote(k) for k in keys)}) DO UPDATE SET {updates}")
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for item in chunk for value in item])


def _adapt(value: Any) -> Any:
    return connection.ops.adapt_datefield_value(value) if isinstance(value, date) else value


def all_contributions(chunk_size: int = 20_000) -> Iterator[Contribution]:
    for row in ReportFact.objects.order_by().values_list(*CONTRIBUTION_FIELDS).iterator(chunk_size=chunk_size):
        yield Contribution(*row)


def from_facts(contributions: Iterable[Contribution]) -> Delta:
    delta = Delta()
    for contribution in contributions:
        delta.add(contribution)
    return delta


def rebuild() -> None:
    """Replace every rollup with a fresh sum of the facts (after a bulk load or a full recompute)."""
    fresh = from_facts(all_contributions())
    for model in (DayRollup, MonthRollup, MonthMinutes):
        model.objects.all().delete()
    apply(fresh)


def differences(limit: int = 50) -> list[str]:
    """Where the stored rollups differ from a fresh sum of the facts (rows of zeros count as absent)."""
    fresh = from_facts(all_contributions())
    found: list[str] = []
    stored_days = {(row[0], row[1]): list(row[2:]) for row in DayRollup.objects.values_list(*DAY_KEYS, *COUNTS)}
    stored_months = {tuple(row[:5]): list(row[5:])
                     for row in MonthRollup.objects.values_list(*MONTH_KEYS, *COUNTS)}
    for label, stored, expected in (("day", stored_days, fresh.days), ("month", stored_months, fresh.months)):
        for key in set(stored) | set(expected):
            have, want = stored.get(key, [0, 0, 0, 0]), expected.get(key, [0, 0, 0, 0])
            if have != want:
                found.append(f"{label} rollup {key}: stored {have}, expected {want}")
    minutes = {(row.month, row.unit_id): row for row in MonthMinutes.objects.all()}
    for name, expected_minutes in (("response", fresh.response), ("resolution", fresh.resolution)):
        for key in set(minutes) | set(expected_minutes):
            have_values = sorted(unpack(getattr(minutes[key], name))) if key in minutes else []
            want_values = sorted(expected_minutes.get(key, Counter()).elements())
            if have_values != want_values:
                found.append(f"{name} minutes {key}: stored {len(have_values)} values, expected "
                             f"{len(want_values)}")
    return found[:limit]
