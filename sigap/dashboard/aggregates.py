"""Keeps `ReportFact` rows and the rollups (`rollups`) up to date by folding in the event log; recomputes and
compares.

Catch-up is idempotent: it re-derives the whole fact of every report touched by new events (and moves the rollups
by the difference), so folding a report again changes nothing. One catch-up runs at a time. It runs as a
recurring sweep every minute and, bounded, before a dashboard renders.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from sigap.calendar.service import get_calendar, get_sla_policy
from sigap.dashboard import rollups
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


def fold(report_ids: Iterable[int], lookups: _Lookups | None = None) -> int:
    """Rebuild the facts of these reports from their events and move the rollups by the difference."""
    fresh = compute_facts(report_ids, lookups)
    delta = rollups.Delta()
    old = ReportFact.objects.filter(report_id__in=[fact.report_id for fact in fresh])
    for row in old.values_list(*rollups.CONTRIBUTION_FIELDS):
        delta.add(rollups.Contribution(*row), -1)
    for fact in fresh:
        delta.add(rollups.of_fact(fact))
    _save(fresh)
    rollups.apply(delta)
    return len(fresh)


def version() -> str:
    """Changes whenever facts or rollups may have changed: the key for anything cached from them."""
    state = _state()
    return f"{state.last_event_id}.{state.frontier_id}.{state.version}"


def catch_up(*, max_events: int = 50_000, batch: int = 2_000) -> int:
    """Fold events not yet folded into the facts and rollups; returns how many events were consumed.

    One catch-up at a time holds the state row; another caller finding it held returns at once (the holder is
    folding the same events). Events are folded as soon as they are visible (`frontier_id`); the safe watermark
    only moves once no transaction that might still commit a lower id is running (see `_settle`).
    """
    consumed = 0
    lookups = _Lookups()
    _state()
    while True:
        with transaction.atomic():
            state = AggregateState.objects.select_for_update(skip_locked=True).filter(name="facts").first()
            if state is None:
                return consumed
            if state.last_event_id > state.frontier_id:
                # Facts were written in bulk behind catch-up's back (seed_synthetic, or an upgrade that added
                # the rollups): sum the rollups afresh from the facts.
                rollups.rebuild()
                state.frontier_id, state.horizon_id, state.horizon_txns = state.last_event_id, 0, []
                state.version += 1
            if consumed == 0:
                _settle(state, lookups)
            limit = min(batch, max_events - consumed)
            rows = list(ReportEvent.objects.filter(pk__gt=state.frontier_id).order_by("pk")
                        .values_list("pk", "report_id")[:limit]) if limit > 0 else []
            if rows:
                fold({report_id for _pk, report_id in rows}, lookups)
                state.frontier_id = rows[-1][0]
                state.version += 1
                consumed += len(rows)
            done = len(rows) < limit or consumed >= max_events
            if done and state.horizon_id == 0 and state.frontier_id > state.last_event_id:
                _take_horizon(state)
                _settle(state, lookups)
            state.updated_at = timezone.now()
            state.save()
        if done:
            return consumed


def _take_horizon(state: AggregateState) -> None:
    """Note the highest event id handed out so far and the transactions running now: once they have all
    ended, every event up to that id is either committed or never will be."""
    if connection.vendor != "postgresql":
        # SQLite lets one writer in at a time, so event ids become visible in the order they were given out.
        state.horizon_id, state.horizon_txns = state.frontier_id, []
        return
    table = ReportEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, 'id')::regclass)", [table])
        handed_out = cursor.fetchone()[0] or 0
        # Read after the sequence: whoever took an id below `handed_out` and has not committed is running now.
        cursor.execute(
            "SELECT l.virtualxid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'virtualxid' AND l.granted AND l.mode = 'ExclusiveLock' "
            "AND a.datname = current_database() AND a.backend_type = 'client backend' "
            "AND l.pid <> pg_backend_pid()")
        running = sorted(row[0] for row in cursor.fetchall())
    state.horizon_id, state.horizon_txns = max(handed_out, state.frontier_id), running


def _still_running(txns: list[str]) -> bool:
    if not txns or connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_locks WHERE locktype = 'virtualxid' AND virtualxid = ANY(%s) LIMIT 1",
                       [txns])
        return cursor.fetchone() is not None


def _settle(state: AggregateState, lookups: _Lookups) -> None:
    """Once the horizon's transactions have all ended, re-fold every report whose events up to the horizon
    include one that became visible after the report was folded (a lower id committed late), and move the safe
    watermark there. Ids above the frontier need nothing: they are still ahead of the next fold."""
    if state.horizon_id == 0 or _still_running(state.horizon_txns):
        return
    upto = min(state.horizon_id, state.frontier_id)
    if upto > state.last_event_id:
        touched = sorted(set(ReportEvent.objects.filter(pk__gt=state.last_event_id, pk__lte=upto)
                             .values_list("report_id", flat=True)))
        stale = set()
        for chunk in _chunks(touched, 5_000):
            folded = dict(ReportFact.objects.filter(report_id__in=chunk).values_list("report_id", "event_count"))
            counts = (ReportEvent.objects.filter(report_id__in=chunk).order_by().values("report_id")
                      .annotate(n=Count("pk")).values_list("report_id", "n"))
            stale |= {report_id for report_id, n in counts if folded.get(report_id) != n}
        if stale:
            fold(stale, lookups)
            state.version += 1
        state.last_event_id = upto
    state.horizon_id, state.horizon_txns = 0, []


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
    """Recompute every fact from the event log and the rollups from the facts; report differences; unless
    `check_only`, store the result."""
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
    if mismatches and not check_only:
        _rebuild_rollups()  # the facts were rewritten: sum the rollups afresh
        return mismatches
    drift = rollups.differences()
    mismatches += [Mismatch(0, "rollups", difference, None) for difference in drift]
    if drift and not check_only:
        _rebuild_rollups()
    return mismatches


def _rebuild_rollups() -> None:
    with transaction.atomic():
        state = AggregateState.objects.select_for_update().get(name="facts")
        rollups.rebuild()
        state.version += 1
        state.save(update_fields=["version"])


def _normal(value: object) -> object:
    return value.timestamp() if isinstance(value, datetime) else value
