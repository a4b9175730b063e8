"""Random lifecycles through the real actions, and a straightforward recomputation of the dashboard's figures
from the raw event log (the yardstick the aggregates are compared with)."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sigap.calendar.service import get_calendar, get_sla_policy
from sigap.domain.lifecycle import Action, Status
from sigap.domain.sla import Deadlines, Stage, deadlines_after, resolution_class_for
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Report, ReportEvent
from tests.factories import make_report, photo

WITA = ZoneInfo("Asia/Makassar")
CASES = ("archive", "refer", "info_then_dispatch", "dispatch_only", "respond", "resolve", "close", "dispute",
         "silent")


def random_lifecycles(rng: random.Random, count: int, start: datetime, users: Any) -> list[Report]:
    """`count` reports, each pushed through a random path, with deadline checks (escalations) in between."""
    admin = users("verifikator")
    made = []
    for index in range(count):
        t = start + timedelta(hours=rng.randint(0, 24 * 50))
        category, unit, officer = rng.choice((("jalan_rusak", "pupr", "petugas.pupr"),
                                              ("sampah", "dlh", "petugas.dlh")))
        report = make_report(category=category, now=t, rahasia=rng.random() < 0.2, anonim=rng.random() < 0.2,
                             reporter_name=f"Pelapor Uji {index}", reporter_phone=f"+62812777{index:05d}",
                             reporter_email=f"pelapor{index}@contoh.test")
        made.append(report)
        case = rng.choice(CASES)

        def later(t: datetime, report: Report = report) -> datetime:
            moment = t + timedelta(hours=rng.choice((2, 5, 20, 50, 120, 300)))
            actions.check_deadline(report_id=report.pk, now=moment)  # the sweep might escalate first
            return moment

        if case == "silent":
            actions.check_deadline(report_id=report.pk, now=t + timedelta(days=rng.randint(1, 20)))
            continue
        if case == "archive":
            actions.archive_report(report=report, by=admin, reason="spam", now=later(t))
            continue
        if case == "refer":
            actions.refer_report(report=report, by=admin, recipient="PLN", reason="listrik", now=later(t))
            continue
        if case == "info_then_dispatch":
            t = later(t)
            actions.request_info(report=report, by=admin, message="Mohon foto", now=t)
            t = t + timedelta(hours=rng.randint(1, 100))
            actions.add_info(report=report, token=report.reporter_token, message="ini fotonya", now=t)
        t = later(t)
        actions.dispatch_report(report=report, by=admin, lead_unit=Unit.objects.get(code=unit), now=t)
        if case in ("dispatch_only", "info_then_dispatch"):
            continue
        t = later(t)
        actions.respond_to_report(report=report, by=users(officer), message="Kami cek", now=t)
        if case == "respond":
            continue
        t = later(t)
        actions.resolve_report(report=report, by=users(officer), message="Sudah", photo=photo(), now=t)
        if case == "dispute":
            t = t + timedelta(hours=3)
            actions.dispute_resolution(report=report, token=report.reporter_token, message="Belum", now=t)
            t = later(t)
            actions.resolve_report(report=report, by=users(officer), message="Sudah lagi", photo=photo(), now=t)
        if case in ("close", "dispute"):
            t = t + timedelta(hours=4)
            actions.confirm_resolution(report=report, token=report.reporter_token, now=t)
            actions.rate_report(report=report, token=report.reporter_token, rating=rng.randint(1, 5), now=t)
    return made


@dataclass
class Naive:
    received: int = 0
    on_time: int = 0
    late: int = 0
    overdue_now: int = 0
    escalations: int = 0
    response: list[int] = field(default_factory=list)
    resolution: list[int] = field(default_factory=list)


def nearest_rank(values: list[int], fraction: float) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = 1
    while rank < len(ordered) and rank < fraction * len(ordered):
        rank += 1
    return ordered[rank - 1]


def _key_of(group: str, unit: str | None, report: Report, received: datetime) -> object:
    if group == "unit":
        return unit
    if group == "week":
        day = received.astimezone(WITA).date()
        return day - timedelta(days=day.weekday())
    if report.kelurahan is None:
        return None
    return report.kelurahan.parent.code if group == "kecamatan" else report.kelurahan.code


def naive_by(group: str, start: datetime, end: datetime, now: datetime) -> dict[object, Naive]:
    """Figures per unit code, kecamatan code, kelurahan code or week (local Monday), straight from ReportEvent
    rows: GROUP BY report, replay, sum."""
    calendar, policy = get_calendar(), get_sla_policy()
    events: dict[int, list[ReportEvent]] = defaultdict(list)
    for event in ReportEvent.objects.order_by("report_id", "seq"):
        events[event.report_id].append(event)
    result: dict[object, Naive] = defaultdict(Naive)
    for report in Report.objects.select_related("category", "kelurahan__parent"):
        log = events[report.pk]
        received = log[0].at
        if not start <= received < end:
            continue
        deadlines, status, unit, yardstick = Deadlines(None, None, None), None, None, None
        first_response = last_resolve = final_at = None
        escalations = 0
        for event in log:
            action, after = Action(event.action), Status(event.to_status)
            deadlines = deadlines_after(
                policy=policy, calendar=calendar, status_before=status, action=action, status_after=after,
                now=event.at, current=deadlines,
                resolution_class=resolution_class_for(report.kind, report.category.berkadar_pengawasan))
            status = after
            if "lead_unit" in event.data:
                unit = event.data["lead_unit"]
            if action is Action.ESCALATE:
                escalations += 1
            if action in (Action.RESPOND, Action.RESOLVE) and first_response is None:
                first_response = event.at
            if action is Action.RESOLVE:
                last_resolve = event.at
            if after in (Status.CLOSED, Status.ARCHIVED, Status.REFERRED) and final_at is None:
                final_at = event.at
            if deadlines.stage in (Stage.VERIFICATION, Stage.FIRST_RESPONSE, Stage.RESOLUTION):
                yardstick = deadlines.due_at  # late: past the deadline of the city's stage in force (ADR 12)
        resolved = last_resolve if status in (Status.RESOLVED, Status.CLOSED) else None
        finished = resolved or (final_at if status in (Status.ARCHIVED, Status.REFERRED) else None)
        key = _key_of(group, unit, report, received)
        figures = result[key]
        figures.received += 1
        figures.escalations += escalations
        if finished is not None:
            if yardstick is None or finished <= yardstick:
                figures.on_time += 1
            else:
                figures.late += 1
        elif status is not Status.PENDING_INFO and yardstick is not None and yardstick < now:
            figures.late += 1
            figures.overdue_now += 1
        if first_response:
            figures.response.append(calendar.working_minutes_between(received, first_response))
        if resolved:
            figures.resolution.append(calendar.working_minutes_between(received, resolved))
    return result
