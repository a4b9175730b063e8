"""Bulk synthetic reports for benchmarks: lifecycles simulated with the pure domain, rows ready for COPY.

Per-report actions would take hours for a million reports. Instead each report's life is simulated in memory up to
`now`: transitions come from the lifecycle table, deadlines from the SLA clock (`deadlines_after`, as the actions
do), escalations from the unit ladder (`ladder_for`, as the deadline checks do). The report's caches are its last
state, and its dashboard fact is folded from the same events with the deadlines just computed (`FactFold`, the
rule `build_fact` applies when it replays stored events), so nothing is computed twice.

Every draw comes from one `random.Random(seed)` in a fixed order: a seed and a `now` give the same rows. Only the
reporters' link tokens are real secrets, as they would be for real reports.
"""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sigap.dashboard.facts import FactFold
from sigap.domain.calendar import WorkingCalendar
from sigap.domain.ladder import LadderPolicy, Rung, next_rung
from sigap.domain.lifecycle import FINAL_STATUSES, INITIAL_STATUS, TRANSITIONS, Action, Status
from sigap.domain.sla import Deadlines, ResolutionClass, SlaPolicy, deadlines_after, resolution_class_for

DAY = 450  # working minutes in a typical working day
CHECK_DELAY = timedelta(minutes=1)  # a deadline check runs just after the moment it was scheduled for
KINDS = ("pengaduan", "aspirasi", "permintaan_informasi")
KIND_WEIGHTS = (0.7, 0.9, 1.0)  # cumulative: 70 % complaints, 20 % suggestions, 10 % information requests
CHANNELS = ("web",) * 12 + ("whatsapp",) * 5 + ("counter",) * 2 + ("api",)
MATERI = ("ketidaksesuaian_standar", "pengabaian_kewajiban", "pelanggaran_larangan")
SPEEDS = (0.5, 0.7, 0.8, 1.0, 1.0, 1.3, 1.8)  # a unit's pace: some units are slow, day after day
DESK_SPEED = 0.8  # the complaint desk is a dedicated team
TITLES = ("Jalan berlubang", "Sampah menumpuk", "Lampu jalan padam", "Drainase tersumbat", "Air PDAM mati",
          "Pelayanan KTP lambat", "Pungutan di kantor", "Pohon tumbang", "Banjir di gang", "Izin usaha tertunda")
ESCALATING = frozenset({Status.RECEIVED, Status.DISPATCHED, Status.IN_PROGRESS})
ACTORS = {Action.SUBMIT: "reporter", Action.ADD_INFO: "reporter", Action.CONFIRM: "reporter",
          Action.DISPUTE: "reporter", Action.RATE: "reporter", Action.ESCALATE: "system",
          Action.AUTO_CLOSE: "system", Action.EXPIRE: "system"}
# Fates, as cumulative shares of all reports.
ARCHIVED_AT_INTAKE, REFERRED, ASKED_FOR_INFO, STALLED = 0.04, 0.07, 0.13, 0.16
HANDLED = STALLED  # reports forced through a unit (every handling unit must lead some) skip the fates below this

REPORT_COLUMNS = (
    "id", "tracking_id", "kind", "materi", "category_id", "title", "description", "channel", "kelurahan_id",
    "address", "anonim", "rahasia", "reporter_name", "reporter_phone", "reporter_email", "reporter_whatsapp_id",
    "reporter_token", "status", "stage", "due_at", "resolution_due_at", "escalation_level", "next_check_at",
    "escalated_to_id", "lead_unit_id", "received_at", "verified_at", "first_response_at", "resolved_at",
    "closed_at", "updated_at", "last_public_message", "referral_recipient", "closing_reason", "rating",
    "rating_comment", "event_count",
)
EVENT_COLUMNS = ("id", "report_id", "seq", "at", "actor_label", "action", "from_status", "to_status", "note",
                 "is_public", "data")  # data as JSON text
FACT_COLUMNS = ("report_id", "unit_id", "category_id", "kelurahan_id", "kecamatan_id", "kind", "rahasia", "status",
                "received_at", "first_response_at", "resolved_at", "finished_at", "deadline_at", "on_time",
                "response_minutes", "resolution_minutes", "escalations", "rating", "event_count", "last_event_id")

Data = tuple[Mapping[str, Any], str]  # an event's data and the same as JSON text, built once and shared


def _data(payload: Mapping[str, Any]) -> Data:
    return payload, json.dumps(payload)


NO_DATA = _data({})


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


@dataclass(frozen=True)
class Reference:
    """What the generator needs from the database, read once."""

    categories: Sequence[CategoryInfo]
    places: Sequence[PlaceInfo]
    handling: Sequence[str]  # codes of the units that lead reports
    unit_ids: Mapping[str, int]
    ladders: Mapping[str, tuple[Rung, ...]]  # per unit code, as `ladder_for` gives it
    desk: str | None  # the complaint desk: whose deadline it is before dispatch


class Life:
    """One report's simulated history and the state it leaves."""

    __slots__ = ("closed_at", "closing_reason", "deadlines", "escalated_to", "events", "first_event_id",
                 "first_response_at", "fold", "lead_unit", "level", "next_check", "rating", "rclass",
                 "referral_recipient", "resolved_at", "status", "verified_at")

    def __init__(self, rclass: ResolutionClass, first_event_id: int) -> None:
        self.rclass, self.first_event_id = rclass, first_event_id
        self.events: list[tuple[datetime, Action, Status | None, Status, Data]] = []
        self.deadlines = Deadlines(None, None, None)
        self.status: Status | None = None
        self.fold = FactFold()
        self.lead_unit: str | None = None
        self.level = 0
        self.escalated_to: str | None = None
        self.next_check: datetime | None = None
        self.verified_at: datetime | None = None
        self.first_response_at: datetime | None = None
        self.resolved_at: datetime | None = None
        self.closed_at: datetime | None = None
        self.rating: int | None = None
        self.closing_reason = ""
        self.referral_recipient = ""


class Simulator:
    """Walks reports through the lifecycle up to `now`, with the deadline checks escalating late ones."""

    def __init__(self, *, calendar: WorkingCalendar, policy: SlaPolicy, ladder_policy: LadderPolicy,
                 reference: Reference, now: datetime, rng: random.Random) -> None:
        self.calendar, self.policy, self.ladder_policy = calendar, policy, ladder_policy
        self.ladders, self.desk, self.now, self.rng = reference.ladders, reference.desk, now, rng
        self.handling = reference.handling
        self.speed = {code: SPEEDS[rng.randrange(len(SPEEDS))] for code in sorted(reference.unit_ids)}
        if reference.desk:
            self.speed[reference.desk] = DESK_SPEED
        self._cache: dict[tuple[Any, ...], Data] = {}

    def _shared(self, key: tuple[Any, ...], payload: Mapping[str, Any]) -> Data:
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = _data(payload)
        return found

    def apply(self, life: Life, action: Action, at: datetime, data: Data = NO_DATA) -> bool:
        """Append the event if it happens before now; False once the timeline reaches the present."""
        if at > self.now:
            return False
        before = life.status
        after = INITIAL_STATUS if before is None else TRANSITIONS[(before, action)]
        current = life.deadlines
        new = deadlines_after(policy=self.policy, calendar=self.calendar, status_before=before, action=action,
                              status_after=after, now=at, resolution_class=life.rclass, current=current)
        if new.stage != current.stage or new.due_at != current.due_at:
            # As the engine does: a new stage starts a fresh ladder and its own deadline check.
            life.level, life.escalated_to, life.next_check = 0, None, new.due_at
        life.deadlines, life.status = new, after
        life.fold.add(life.first_event_id + len(life.events), at, action, after, data[0], new)
        life.events.append((at, action, before, after, data))
        return True

    def escalate_until(self, life: Life, moment: datetime) -> bool:
        """The escalations deadline checks make before `moment`; False if the present came first."""
        while life.next_check is not None and life.status in ESCALATING:
            # A check scheduled for a moment already past (a stage entered late) runs straight away.
            at = max(life.next_check, life.events[-1][0]) + CHECK_DELAY
            if at >= moment:
                return True
            start = self.desk if life.status is Status.RECEIVED else life.lead_unit
            rung = next_rung(self.ladders.get(start or "", ()), life.level)
            if rung is None:
                life.next_check = None  # the top of the ladder: it stays visibly late
                return True
            stage = life.deadlines.stage.value if life.deadlines.stage else ""
            data = self._shared(("escalate", rung, stage),
                                {"level": rung.level, "unit": rung.unit, "role": rung.role, "stage": stage})
            if not self.apply(life, Action.ESCALATE, at, data):
                return False
            life.level, life.escalated_to = rung.level, rung.unit
            life.next_check = self.calendar.add_working_days(at, self.ladder_policy.grace_for(rung.level))
        return True

    def step(self, life: Life, action: Action, at: datetime, data: Data = NO_DATA) -> bool:
        return self.escalate_until(life, at) and self.apply(life, action, at, data)

    def wait(self, at: datetime, minutes: float) -> datetime:
        return self.calendar.add_working_minutes(at, max(1, int(minutes)))

    def stall(self, life: Life) -> Life:
        """Nobody acts any more: only the deadline checks do, up the ladder."""
        self.escalate_until(life, self.now)
        return life

    def run(self, *, rclass: ResolutionClass, received_at: datetime, unit_code: str, channel: str,
            first_event_id: int, handled: bool) -> Life:
        life, rng = Life(rclass, first_event_id), self.rng
        self.apply(life, Action.SUBMIT, received_at, self._shared(("submit", channel), {"channel": channel}))
        fate = rng.random()
        if handled:
            fate = HANDLED + fate * (1 - HANDLED)
        stall_at = rng.randrange(3) if ASKED_FOR_INFO <= fate < STALLED else -1
        desk_speed = self.speed.get(self.desk or "", 1.0)
        at = received_at
        if fate < REFERRED:
            at = self.wait(at, rng.triangular(30, 4 * DAY, DAY // 2) * desk_speed)
            if fate < ARCHIVED_AT_INTAKE:
                life.closing_reason = "spam"
                done = self.step(life, Action.ARCHIVE, at)
            else:
                life.referral_recipient = "PLN"
                done = self.step(life, Action.REFER, at, self._shared(("refer",), {"recipient": "PLN"}))
            if done:
                life.closed_at = at
            return life
        if fate < ASKED_FOR_INFO:
            at = self.wait(at, rng.triangular(30, 3 * DAY, DAY // 2) * desk_speed)
            if not self.step(life, Action.REQUEST_INFO, at):
                return life
            if rng.random() < 0.4:  # the reporter never answers: the check archives it when the pause ends
                at = life.deadlines.due_at + CHECK_DELAY if life.deadlines.due_at else at
                life.closing_reason = "incomplete"
                if self.apply(life, Action.EXPIRE, at):
                    life.closed_at = at
                return life
            at = at + timedelta(hours=rng.randint(2, 300))
            if not self.apply(life, Action.ADD_INFO, at):
                return life
        if stall_at == 0:
            return self.stall(life)
        at = self.wait(at, rng.triangular(20, 4 * DAY, DAY // 2) * desk_speed)
        if not self.step(life, Action.DISPATCH, at, self._dispatch(unit_code)):
            return life
        life.lead_unit, life.verified_at = unit_code, at
        speed = self.speed.get(unit_code, 1.0)
        if not handled and rng.random() < 0.04:  # not ours: the desk sends it on to another unit
            at = self.wait(at, rng.triangular(20, 3 * DAY, DAY // 2) * speed)
            other = self.handling[rng.randrange(len(self.handling))]
            if not self.step(life, Action.REDISPATCH, at, self._dispatch(other)):
                return life
            life.lead_unit, unit_code, speed = other, other, self.speed.get(other, 1.0)
        if stall_at == 1:
            return self.stall(life)
        at = self.wait(at, rng.triangular(20, 7 * DAY, DAY) * speed)
        if not self.step(life, Action.RESPOND, at):
            return life
        life.first_response_at = at
        if stall_at == 2:
            return self.stall(life)
        return self.finish(life, at, speed)

    def finish(self, life: Life, at: datetime, speed: float) -> Life:
        """From the first response: resolution (maybe disputed once), then confirmation or auto-close."""
        rng = self.rng
        disputes = 1 if rng.random() < 0.05 else 0
        while True:
            at = self.wait(at, rng.triangular(DAY // 2, 20 * DAY, 4 * DAY) * speed)
            if not self.step(life, Action.RESOLVE, at):
                return life
            life.resolved_at = at
            if not disputes:
                break
            disputes -= 1
            at = self.wait(at, rng.randint(60, 3 * DAY))
            if not self.apply(life, Action.DISPUTE, at):
                return life
            life.resolved_at = None
        if rng.random() < 0.5:
            at, action = self.wait(at, rng.randint(30, 5 * DAY)), Action.CONFIRM
        else:
            assert life.deadlines.due_at is not None
            at, action = life.deadlines.due_at + CHECK_DELAY, Action.AUTO_CLOSE
        if not self.apply(life, action, at):
            return life
        life.closed_at = at
        if action is Action.CONFIRM and rng.random() < 0.6:
            life.rating = rng.choices((1, 2, 3, 4, 5), weights=(1, 1, 3, 5, 4))[0]
            self.apply(life, Action.RATE, at + timedelta(minutes=rng.randint(1, 600)),
                       self._shared(("rate", life.rating), {"rating": life.rating}))
        return life

    def _dispatch(self, unit_code: str) -> Data:
        return self._shared(("dispatch", unit_code), {"lead_unit": unit_code, "supporting_units": []})


class Rows:
    """Report, event and fact rows (columns as in REPORT_COLUMNS, EVENT_COLUMNS, FACT_COLUMNS), chunk by chunk.

    Report `number` n of a run gets the id `report_base + n`; its events follow the previous report's. The first
    reports of a run cover every kelurahan (four times over) and every handling unit, so any run of a few
    hundred reports shows all of them.
    """

    def __init__(self, *, reference: Reference, simulator: Simulator, prefix: str, months: int,
                 report_base: int, event_base: int) -> None:
        self.reference, self.simulator, self.prefix, self.months = reference, simulator, prefix, months
        self.report_base, self.next_event_id = report_base, event_base
        self.unit_ids = reference.unit_ids

    def chunks(self, total: int, size: int) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]],
                                                              list[tuple[Any, ...]]]]:
        for start in range(0, total, size):
            reports: list[tuple[Any, ...]] = []
            events: list[tuple[Any, ...]] = []
            facts: list[tuple[Any, ...]] = []
            for number in range(start, min(total, start + size)):
                self.one(number, reports, events, facts)
            yield reports, events, facts

    def one(self, number: int, reports: list[tuple[Any, ...]], events: list[tuple[Any, ...]],
            facts: list[tuple[Any, ...]]) -> None:
        ref, sim = self.reference, self.simulator
        rng, calendar, unit_ids = sim.rng, sim.calendar, self.unit_ids
        category = ref.categories[rng.randrange(len(ref.categories))]
        places = ref.places
        place = places[number % len(places)] if number < 4 * len(places) else places[rng.randrange(len(places))]
        handled = number < len(ref.handling)
        if handled:
            unit_code = ref.handling[number]
        elif category.territorial_first and place.unit_code:
            unit_code = place.unit_code
        else:
            unit_code = category.unit_code or ref.handling[rng.randrange(len(ref.handling))]
        draw = rng.random()
        kind = KINDS[0] if draw < KIND_WEIGHTS[0] else KINDS[1] if draw < KIND_WEIGHTS[1] else KINDS[2]
        berkadar = category.berkadar and kind == "pengaduan"
        received = random_received(rng, sim.now, self.months, calendar, settled=handled)
        channel = CHANNELS[rng.randrange(len(CHANNELS))]
        report_id, first_event = self.report_base + number, self.next_event_id
        life = sim.run(rclass=resolution_class_for(kind, berkadar), received_at=received, unit_code=unit_code,
                       channel=channel, first_event_id=first_event, handled=handled)
        anonim, rahasia = rng.random() < 0.1, rng.random() < 0.05
        materi = MATERI[rng.randrange(len(MATERI))] if kind == "pengaduan" else ""
        title = TITLES[rng.randrange(len(TITLES))]
        status, deadlines = life.status, life.deadlines
        assert status is not None
        open_ = status not in FINAL_STATUSES
        reports.append((
            report_id, f"{self.prefix}{report_id:010d}", kind, materi, category.pk, title,
            "Laporan sintetis untuk uji beban.", channel, place.kelurahan_id, "", anonim, rahasia,
            "" if anonim else f"Warga Sintetis {number}", f"+62812{number % 10**7:07d}", "", "",
            secrets.token_urlsafe(18), status.value, deadlines.stage.value if deadlines.stage else "",
            deadlines.due_at, deadlines.resolution_due_at, life.level, life.next_check if open_ else None,
            unit_ids.get(life.escalated_to or ""), unit_ids.get(life.lead_unit or ""), received,
            life.verified_at, life.first_response_at, life.resolved_at, life.closed_at, life.events[-1][0], "",
            life.referral_recipient, life.closing_reason, life.rating, "", len(life.events),
        ))
        for seq, (at, action, before, after, data) in enumerate(life.events, start=1):
            events.append((first_event + seq - 1, report_id, seq, at, ACTORS.get(action, "synthetic"), action.value,
                           before.value if before else "", after.value, "", True, data[1]))
        self.next_event_id += len(life.events)
        fact = life.fold.result(calendar)
        facts.append((report_id, unit_ids.get(fact.unit_code or ""), category.pk, place.kelurahan_id,
                      place.kecamatan_id, kind, rahasia, fact.status, fact.received_at, fact.first_response_at,
                      fact.resolved_at, fact.finished_at, fact.deadline_at, fact.on_time, fact.response_minutes,
                      fact.resolution_minutes, fact.escalations, fact.rating, fact.event_count,
                      fact.last_event_id))


def random_received(rng: random.Random, now: datetime, months: int, calendar: WorkingCalendar, *,
                    settled: bool = False) -> datetime:
    """A moment in the last `months` months, mostly in the daytime (local time); `settled` ones at least two
    months back (or half the span), so their lifecycle has had time to reach a unit."""
    span = months * 30.4
    earliest = min(60.0, span / 2) if settled else 0.0
    days_back = earliest + rng.random() * (span - earliest)
    moment = (now - timedelta(days=days_back)).astimezone(calendar.tz)
    hour = min(22, max(6, int(rng.gauss(11, 3.5))))
    moment = moment.replace(hour=hour, minute=rng.randint(0, 59), second=rng.randint(0, 59), microsecond=0)
    return min(moment, now - timedelta(minutes=1))
