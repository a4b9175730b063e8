"""Bulk synthetic reports for benchmarks: lifecycles simulated with the pure domain, written with COPY.

Per-report actions would take hours for a million reports; instead each report's events are generated in memory
by walking the lifecycle table with the SLA clock (the same `deadlines_after` the actions use), the report's
caches are set from the last state, and the dashboard fact is built from the same events.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sigap.dashboard.facts import EventRow, FactData, build_fact
from sigap.domain.calendar import WorkingCalendar
from sigap.domain.lifecycle import FINAL_STATUSES, Action, Status, next_status
from sigap.domain.sla import Deadlines, SlaPolicy, deadlines_after, resolution_class_for

DAY = 450  # working minutes in a typical working day

KINDS = (("pengaduan", 0.7), ("aspirasi", 0.2), ("permintaan_informasi", 0.1))


@dataclass(frozen=True)
class CategoryInfo:
    pk: int
    unit_code: str | None
    berkadar: bool
    territorial_first: bool


@dataclass(frozen=True)
class PlaceInfo:
    kelurahan_id: int
    kecamatan_id: int | None
    unit_code: str | None  # the kelurahan's own unit


@dataclass
class Simulated:
    events: list[tuple[datetime, str, str, str, dict[str, Any], str]] = field(default_factory=list)
    deadlines: Deadlines = field(default_factory=lambda: Deadlines(None, None, None))
    status: Status | None = None
    lead_unit: str | None = None
    escalation_level: int = 0
    escalated_to: str | None = None
    verified_at: datetime | None = None
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    rating: int | None = None
    closing_reason: str = ""
    referral_recipient: str = ""


class Simulator:
    def __init__(self, *, calendar: WorkingCalendar, policy: SlaPolicy, now: datetime, rng: random.Random,
                 parents: dict[str, str | None], grace_days: int) -> None:
        self.calendar, self.policy, self.now, self.rng = calendar, policy, now, rng
        self.parents, self.grace_days = parents, grace_days

    def run(self, *, kind: str, berkadar: bool, received_at: datetime, unit_code: str) -> Simulated:
        sim = Simulated()
        rclass = resolution_class_for(kind, berkadar)
        rng = self.rng

        def apply(action: Action, at: datetime, data: dict[str, Any] | None = None, note: str = "") -> bool:
            """Append the event if it happens before now; False once the timeline reaches the present."""
            if at > self.now:
                return False
            before = sim.status
            after = Status.RECEIVED if action is Action.SUBMIT else next_status(before, action)  # type: ignore[arg-type]
            new = deadlines_after(policy=self.policy, calendar=self.calendar, status_before=before, action=action,
                                  status_after=after, now=at, resolution_class=rclass, current=sim.deadlines)
            if new.stage != sim.deadlines.stage or new.due_at != sim.deadlines.due_at:
                sim.escalation_level, sim.escalated_to = 0, None
            sim.deadlines, sim.status = new, after
            sim.events.append((at, action.value, before.value if before else "", after.value, data or {}, note))
            return True

        def wait(at: datetime, minutes: int) -> datetime:
            return self.calendar.add_working_minutes(at, max(1, minutes))

        def escalate_until(moment: datetime) -> bool:
            """Escalations a real sweep would have made before `moment`; False if the present came first."""
            while sim.deadlines.due_at is not None and sim.status in (Status.RECEIVED, Status.DISPATCHED,
                                                                       Status.IN_PROGRESS):
                due = sim.deadlines.due_at + timedelta(minutes=1)
                if sim.escalation_level:
                    due = self.calendar.add_working_days(sim.events[-1][0], self.grace_days)
                if due >= moment or sim.escalation_level >= 2:
                    return True
                base = sim.escalated_to if sim.escalated_to else sim.lead_unit
                target = self.parents.get(base or "") or "sekda"
                level = sim.escalation_level + 1
                if not apply(Action.ESCALATE, due, {"level": level, "unit": target, "role": "head"}):
                    return False
                sim.escalation_level, sim.escalated_to = level, target
            return True

        def step(action: Action, at: datetime, data: dict[str, Any] | None = None) -> bool:
            return escalate_until(at) and apply(action, at, data)

        apply(Action.SUBMIT, received_at, {"channel": "web"})
        fate = rng.random()
        if fate < 0.04:
            at = wait(received_at, rng.randint(30, 4 * DAY))
            sim.closing_reason = "spam"
            if step(Action.ARCHIVE, at, {}):
                sim.closed_at = at
            return sim
        if fate < 0.07:
            at = wait(received_at, rng.randint(30, 4 * DAY))
            sim.referral_recipient = "PLN"
            if step(Action.REFER, at, {"recipient": "PLN"}):
                sim.closed_at = at
            return sim
        at = received_at
        if fate < 0.10:
            at = wait(at, rng.randint(30, 2 * DAY))
            if not step(Action.REQUEST_INFO, at):
                return sim
            if rng.random() < 0.4:
                at = at + timedelta(days=self.policy.pending_info_calendar_days, minutes=5)
                sim.closing_reason = "incomplete"
                if apply(Action.EXPIRE, at):
                    sim.closed_at = at
                return sim
            at = at + timedelta(hours=rng.randint(2, 200))
            if not apply(Action.ADD_INFO, at):
                return sim
        speed = rng.choice((0.3, 0.6, 1.0, 1.0, 1.5, 2.5))  # some units are slow
        at = wait(at, int(rng.randint(20, 3 * DAY) * speed))
        if not step(Action.DISPATCH, at, {"lead_unit": unit_code, "supporting_units": []}):
            return sim
        sim.lead_unit, sim.verified_at = unit_code, at
        at = wait(at, int(rng.randint(20, 5 * DAY) * speed))
        if not step(Action.RESPOND, at):
            return sim
        sim.first_response_at = at
        disputes = 1 if rng.random() < 0.05 else 0
        while True:
            at = wait(at, int(rng.randint(DAY // 2, 14 * DAY) * speed))
            if not step(Action.RESOLVE, at):
                return sim
            sim.resolved_at = at
            if disputes:
                disputes -= 1
                at = wait(at, rng.randint(60, 3 * DAY))
                if not apply(Action.DISPUTE, at):
                    return sim
                sim.resolved_at = None
                continue
            break
        if rng.random() < 0.5:
            at = wait(at, rng.randint(30, 5 * DAY))
            action = Action.CONFIRM
        else:
            at = self.calendar.add_working_days(at, self.policy.confirmation_days) + timedelta(minutes=1)
            action = Action.AUTO_CLOSE
        if not apply(action, at):
            return sim
        sim.closed_at = at
        if action is Action.CONFIRM and rng.random() < 0.6:
            sim.rating = rng.choices((1, 2, 3, 4, 5), weights=(1, 1, 3, 5, 4))[0]
            apply(Action.RATE, at + timedelta(minutes=rng.randint(1, 600)), {"rating": sim.rating})
        return sim


def report_row_values(sim: Simulated) -> dict[str, Any]:
    final = sim.status in FINAL_STATUSES
    open_check: datetime | None = None
    if not final and sim.deadlines.due_at is not None:
        open_check = sim.deadlines.due_at
    return {
        "status": sim.status.value if sim.status else "",
        "stage": sim.deadlines.stage.value if sim.deadlines.stage else "",
        "due_at": sim.deadlines.due_at,
        "resolution_due_at": sim.deadlines.resolution_due_at,
        "escalation_level": sim.escalation_level,
        "next_check_at": open_check,
        "verified_at": sim.verified_at,
        "first_response_at": sim.first_response_at,
        "resolved_at": sim.resolved_at,
        "closed_at": sim.closed_at,
        "updated_at": sim.events[-1][0],
        "rating": sim.rating,
        "event_count": len(sim.events),
        "closing_reason": sim.closing_reason,
        "referral_recipient": sim.referral_recipient,
    }


def fact_for(sim: Simulated, *, kind: str, berkadar: bool, first_event_id: int, calendar: WorkingCalendar,
             policy: SlaPolicy) -> FactData:
    rows = [EventRow(first_event_id + index, at, action, to_status, data)
            for index, (at, action, _from, to_status, data, _note) in enumerate(sim.events)]
    return build_fact(kind=kind, berkadar_pengawasan=berkadar, events=rows, calendar=calendar, policy=policy)


def weighted_kind(rng: random.Random) -> str:
    return rng.choices([k for k, _w in KINDS], weights=[w for _k, w in KINDS])[0]


def random_received(rng: random.Random, now: datetime, months: int, tz: Any) -> datetime:
    """A moment in the last `months` months, mostly in the daytime (WITA)."""
    days_back = rng.random() * months * 30.4
    moment = (now - timedelta(days=days_back)).astimezone(tz)
    hour = min(22, max(6, int(rng.gauss(11, 3.5))))
    moment = moment.replace(hour=hour, minute=rng.randint(0, 59), second=rng.randint(0, 59), microsecond=0)
    return min(moment, now - timedelta(minutes=1))


def token() -> str:
    return secrets.token_urlsafe(18)


def chunked(total: int, size: int, offset: int = 0) -> Iterator[range]:
    for start in range(offset, offset + total, size):
        yield range(start, min(offset + total, start + size))


def pick(rng: random.Random, items: Sequence[Any]) -> Any:
    return items[rng.randrange(len(items))]
