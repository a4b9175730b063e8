"""A report's dashboard fact from its events alone, with the pure domain (replayed SLA clock).

Kept free of the ORM so that the benchmark data generator (`benchmarks/synthetic/generator.py`) and the
incremental aggregator share one rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sigap.domain.calendar import WorkingCalendar
from sigap.domain.lifecycle import FINAL_STATUSES, Action, Status
from sigap.domain.sla import CITY_STAGES, Deadlines, SlaPolicy, deadlines_after, resolution_class_for

_ROUTING = frozenset({Action.DISPATCH, Action.REDISPATCH, Action.PASS_UP, Action.RETURN_TO_ADMIN})


@dataclass(frozen=True)
class EventRow:
    id: int
    at: datetime
    action: str
    to_status: str
    data: Mapping[str, Any]


@dataclass(frozen=True)
class FactData:
    status: str
    unit_code: str | None
    received_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    finished_at: datetime | None
    deadline_at: datetime | None
    on_time: bool | None
    response_minutes: int | None
    resolution_minutes: int | None
    escalations: int
    rating: int | None
    event_count: int
    last_event_id: int


def build_fact(*, kind: str, berkadar_pengawasan: bool, events: Sequence[EventRow], calendar: WorkingCalendar,
               policy: SlaPolicy) -> FactData:
    """Replay the events (ordered by seq) through the SLA clock and collect the dashboard's figures."""
    resolution_class = resolution_class_for(kind, berkadar_pengawasan)
    deadlines = Deadlines(stage=None, due_at=None, resolution_due_at=None)
    status: Status | None = None
    fold = FactFold()
    for event in events:
        action = Action(event.action)
        after = Status(event.to_status)
        deadlines = deadlines_after(policy=policy, calendar=calendar, status_before=status, action=action,
                                    status_after=after, now=event.at, resolution_class=resolution_class,
                                    current=deadlines)
        fold.add(event.id, event.at, action, after, event.data, deadlines)
        status = after
    return fold.result(calendar)


class FactFold:
    """The figures of one report, folded in event by event (in seq order) with the deadlines each event left.

    `build_fact` replays stored events into it; the bulk generator feeds it the deadlines its simulation has
    just computed, so both derive a fact by this one rule. The yardstick of "on time" is the one meaning of late
    (docs/domain.md, "Late"; ADR 12): the deadline of the city's stage in force — verification, first response or
    resolution, the deadline the ladder climbs on. A finished report is judged by the stage it was finished in; a
    pause (pending_info) or the reporter's confirmation window keeps the last city deadline.
    """

    __slots__ = ("count", "escalations", "final_at", "first_response", "last_id", "last_resolve", "rating",
                 "received_at", "status", "unit", "yardstick")

    def __init__(self) -> None:
        self.received_at: datetime | None = None
        self.status: Status | None = None
        self.unit: str | None = None
        self.yardstick: datetime | None = None
        self.first_response: datetime | None = None
        self.last_resolve: datetime | None = None
        self.final_at: datetime | None = None
        self.escalations = 0
        self.rating: int | None = None
        self.count = 0
        self.last_id = 0

    def add(self, event_id: int, at: datetime, action: Action, after: Status, data: Mapping[str, Any],
            deadlines: Deadlines) -> None:
        if self.received_at is None:
            self.received_at = at
        if action in _ROUTING:
            self.unit = data.get("lead_unit")
        elif action is Action.ESCALATE:
            self.escalations += 1
        elif action is Action.RATE:
            self.rating = int(data.get("rating") or 0) or None
        if self.first_response is None and (action is Action.RESPOND or action is Action.RESOLVE):
            self.first_response = at
        if action is Action.RESOLVE:
            self.last_resolve = at
        if self.final_at is None and after in FINAL_STATUSES:
            self.final_at = at
        if deadlines.stage in CITY_STAGES:
            self.yardstick = deadlines.due_at
        self.status = after
        self.count += 1
        self.last_id = max(self.last_id, event_id)

    def result(self, calendar: WorkingCalendar) -> FactData:
        status, received_at = self.status, self.received_at
        if status is None or received_at is None:
            raise ValueError("a fact needs at least one event")
        resolved_at = self.last_resolve if status in (Status.RESOLVED, Status.CLOSED) else None
        finished_at = resolved_at or (self.final_at if status in FINAL_STATUSES else None)
        yardstick = self.yardstick
        on_time = None if finished_at is None else (yardstick is None or finished_at <= yardstick)
        first_response = self.first_response
        return FactData(
            status=status.value, unit_code=self.unit, received_at=received_at, first_response_at=first_response,
            resolved_at=resolved_at, finished_at=finished_at, deadline_at=yardstick, on_time=on_time,
            response_minutes=None if first_response is None
            else calendar.working_minutes_between(received_at, first_response),
            resolution_minutes=None if resolved_at is None
            else calendar.working_minutes_between(received_at, resolved_at),
            escalations=self.escalations, rating=self.rating, event_count=self.count, last_event_id=self.last_id,
        )


def nearest_rank(fraction: float, count: int) -> int:
    """The 1-based rank of the nearest-rank percentile (PostgreSQL's percentile_disc) among `count` values."""
    return min(count, max(1, -(-round(fraction * 1000) * count // 1000)))


def percentile(values: Iterable[int], fraction: float) -> int | None:
    """The nearest-rank percentile (PostgreSQL's percentile_disc): the smallest value with at least
    `fraction` of the values at or below it."""
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[nearest_rank(fraction, len(ordered)) - 1]
