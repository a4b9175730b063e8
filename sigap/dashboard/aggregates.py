"""Keeps `ReportFact` rows up to date by folding in the event log after a watermark; recomputes and compares.

Catch-up is idempotent: it re-derives the whole fact of every report touched by new events, so running it twice
or concurrently writes the same rows. It runs as a recurring task and, bounded, before a dashboard renders.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from sigap.calendar.service import get_calendar, get_sla_policy
from sigap.dashboard.facts import EventRow, FactData, build_fact
from sigap.dashboard.models import AggregateState, ReportFact
from sigap.organization.models import Unit
from sigap.reports.models import Report, ReportEvent
from sigap.wilayah.models import Wilayah

FACT_FIELDS = (
    "status", "received_at", "first_response_at", "resolved_at", "finished_at", "deadline_at", "on_time",
    "response_minutes", "resolution_minutes", "escalations", "rating", "event_count", "last_event_id",
)
DIMENSION_FIELDS = ("unit_id", "category_id", "kelurahan_id", "kecamatan_id", "kind", "rahasia")


def _state() -> AggregateState:
    state, _created = AggregateState.objects.get_or_create(name="facts")
    return state


def watermark() -> int:
    return _state().last_event_id


def _events_by_report(report_ids: Iterable[int]) -> dict[int, list[EventRow]]:
    grouped: dict[int, list[EventRow]] = defaultdict(list)
    rows = (ReportEvent.objects.filter(report_id__in=list(report_ids)).order_by("report_id", "seq")
            .values_list("report_id", "id", "at", "action", "to_status", "data"))
    for report_id, event_id, at, action, to_status, data in rows:
        grouped[report_id].append(EventRow(event_id, at, action, to_status, data or {}))
    return grouped


class _Lookups:
    def __init__(self) -> None:
        self.units = dict(Unit.objects.values_list("code", "pk"))
        self.kecamatan_of = dict(Wilayah.objects.filter(level="kelurahan").values_list("pk", "parent_id"))


def compute_facts(report_ids: Iterable[int], lookups: _Lookups | None = None) -> list[ReportFact]:
    """Fresh (unsaved) facts for the reports, from their events."""
    lookups = lookups or _Lookups()
    calendar, policy = get_calendar(), get_sla_policy()
    ids = list(report_ids)
    events = _events_by_report(ids)
    reports = Report.objects.filter(pk__in=ids).values_list(
        "pk", "kind", "category_id", "category__berkadar_pengawasan", "kelurahan_id", "rahasia")
    facts = []
    for pk, kind, category_id, berkadar, kelurahan_id, rahasia in reports:
        if not events.get(pk):
            continue
        data = build_fact(kind=kind, berkadar_pengawasan=berkadar, events=events[pk], calendar=calendar,
                          policy=policy)
        facts.append(fact_row(pk, data, lookups.units, category_id=category_id, kelurahan_id=kelurahan_id,
                              kecamatan_id=lookups.kecamatan_of.get(kelurahan_id) if kelurahan_id else None,
                              kind=kind, rahasia=rahasia))
    return facts


def fact_row(report_id: int, data: FactData, units: dict[str, int], **dimensions: object) -> ReportFact:
    values = asdict(data)
    unit_code = values.pop("unit_code")
    return ReportFact(report_id=report_id, unit_id=units.get(unit_code) if unit_code else None, **values,
                      **dimensions)


def _save(facts: list[ReportFact]) -> None:
    ReportFact.objects.bulk_create(
        facts, update_conflicts=True, unique_fields=["report"],
        update_fields=[*FACT_FIELDS, *(name.removesuffix("_id") for name in DIMENSION_FIELDS)],
    )


def catch_up(*, max_events: int = 50_000, batch: int = 2_000) -> int:
    """Fold events after the watermark into the facts; returns how many events were consumed."""
    consumed = 0
    lookups = _Lookups()
    while consumed < max_events:
        start = watermark()
        rows = list(ReportEvent.objects.filter(pk__gt=start).order_by("pk").values_list("pk", "report_id")[:batch])
        if not rows:
            break
        with transaction.atomic():
            state = AggregateState.objects.select_for_update().get(name="facts")
            if state.last_event_id != start:
                continue  # someone else moved it; go round again from the new watermark
            _save(compute_facts({report_id for _pk, report_id in rows}, lookups))
            state.last_event_id = rows[-1][0]
            state.updated_at = timezone.now()
            state.save(update_fields=["last_event_id", "updated_at"])
        consumed += len(rows)
    return consumed


@dataclass(frozen=True)
class Mismatch:
    report_id: int
    field: str
    stored: object
    expected: object


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for index in range(0, len(ids), size):
        yield ids[index:index + size]


def recompute(*, check_only: bool, batch: int = 2_000) -> list[Mismatch]:
    """Recompute every fact from the event log; report differences; unless `check_only`, store the result."""
    catch_up(max_events=10**12)
    lookups = _Lookups()
    mismatches: list[Mismatch] = []
    ids = list(Report.objects.order_by("pk").values_list("pk", flat=True))
    for chunk in _chunks(ids, batch):
        fresh = {fact.report_id: fact for fact in compute_facts(chunk, lookups)}
        stored = {fact.report_id: fact for fact in ReportFact.objects.filter(report_id__in=chunk)}
        for report_id, expected in fresh.items():
            have = stored.get(report_id)
            for field in (*FACT_FIELDS, *DIMENSION_FIELDS):
                want = getattr(expected, field)
                got = getattr(have, field) if have is not None else None
                if _normal(got) != _normal(want):
                    mismatches.append(Mismatch(report_id, field, got, want))
        extra = set(stored) - set(fresh)
        mismatches += [Mismatch(report_id, "report", "fact", None) for report_id in extra]
        if not check_only:
            _save(list(fresh.values()))
            ReportFact.objects.filter(report_id__in=extra).delete()
    return mismatches


def _normal(value: object) -> object:
    return value.timestamp() if isinstance(value, datetime) else value
