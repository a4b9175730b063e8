"""A report's dashboard fact from its events alone, with the pure domain (replayed SLA clock).

Kept free of the ORM so that the bulk generator (`synthetic`) and the incremental aggregator share one rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sigap.domain.calendar import WorkingCalendar
from sigap.domain.lifecycle import FINAL_STATUSES, Action, Status
from sigap.domain.sla import Deadlines, SlaPolicy, Stage, deadlines_after, resolution_class_for

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
    """Replay the events (ordered by seq) through the SLA clock and collect the dashboard's figures.

    The yardstick of "on time" is the resolution limit once the report is verified, and the verification limit
    before that: a report archived or referred at intake is judged by the verification clock.
    """
    resolution_class = resolution_class_for(kind, berkadar_pengawasan)
    deadlines = Deadlines(stage=None, due_at=None, resolution_due_at=None)
    status: Status | None = None
    unit: str | None = None
    received_at = events[0].at
    yardstick: datetime | None = None
    first_response: datetime | None = None
    last_resolve: datetime | None = None
    final_at: datetime | None = None
    escalations = 0
    rating: int | None = None
    for event in events:
        action = Action(event.action)
        after = Status(event.to_status)
        deadlines = deadlines_after(policy=policy, calendar=calendar, status_before=status, action=action,
                                    status_after=after, now=event.at, resolution_class=resolution_class,
                                    current=deadlines)
        if action in _ROUTING:
            unit = event.data.get("lead_unit")
        elif action is Action.ESCALATE:
            escalations += 1
        elif action is Action.RATE:
            rating = int(event.data.get("rating") or 0) or None
        if action in (Action.RESPOND, Action.RESOLVE) and first_response is None:
            first_response = event.at
        if action is Action.RESOLVE:
            last_resolve = event.at
        if after in FINAL_STATUSES and final_at is None:
            final_at = event.at
        if deadlines.resolution_due_at is not None:
            yardstick = deadlines.resolution_due_at
        elif deadlines.stage is Stage.VERIFICATION:
            yardstick = deadlines.due_at
        status = after
    assert status is not None
    resolved_at = last_resolve if status in (Status.RESOLVED, Status.CLOSED) else None
    finished_at = resolved_at or (final_at if status in FINAL_STATUSES else None)
    on_time = None if finished_at is None else (yardstick is None or finished_at <= yardstick)
    return FactData(
        status=status.value, unit_code=unit, received_at=received_at, first_response_at=first_response,
        resolved_at=resolved_at, finished_at=finished_at, deadline_at=yardstick, on_time=on_time,
        response_minutes=None if first_response is None
        else calendar.working_minutes_between(received_at, first_response),
        resolution_minutes=None if resolved_at is None
        else calendar.working_minutes_between(received_at, resolved_at),
        escalations=escalations, rating=rating, event_count=len(events), last_event_id=max(e.id for e in events),
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
