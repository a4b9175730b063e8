"""`manage.py seed_synthetic --reports N --seed S [--now ISO]`: realistic bulk reports for benchmarks.

How it stays fast (a million reports in a few minutes on two cores):

* Lifecycles are simulated in memory with the pure domain (`benchmarks.synthetic.generator`), the fact folded
  in as events are made.
* Rows stream to PostgreSQL with COPY, chunk by chunk (memory stays flat); the database parses the previous
  chunk while Python makes the next.
* When the load at least doubles the report table, the secondary indexes and the unique and foreign-key
  constraints of the three tables are dropped and rebuilt after the load (`bulk.indexes_deferred`), then the
  tables are analysed. Everything runs in one transaction: an interrupted load leaves nothing behind.
* SQLite gets the same rows with executemany.
"""

from __future__ import annotations

import random
import time
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from benchmarks.synthetic import bulk
from benchmarks.synthetic import generator as synthetic
from sigap.calendar.service import get_calendar, get_ladder_policy, get_sla_policy
from sigap.dashboard.aggregates import catch_up
from sigap.dashboard.models import AggregateState, ReportFact
from sigap.domain.ladder import UnitNode, ladder_for
from sigap.organization.ladder import HEAD_IS_OFFICER_KINDS
from sigap.organization.models import Unit, UnitKind
from sigap.organization.queries import complaint_desk
from sigap.reports.models import Category, Report, ReportEvent
from sigap.wilayah.models import Wilayah

HANDLING_KINDS = (UnitKind.OPD, UnitKind.BUMD, UnitKind.KELURAHAN, UnitKind.KECAMATAN, UnitKind.BIDANG)
TABLES = (Report, ReportEvent, ReportFact)


class Command(BaseCommand):
    help = ("Generate N synthetic reports over the last --months months (every status, handling unit and "
            "kelurahan) with lifecycle-consistent events, deadlines and dashboard facts. Deterministic for a "
            "given --seed and --now. On PostgreSQL rows go in with COPY, and a load that at least doubles the "
            "report table rebuilds the indexes and constraints once at the end; all in one transaction.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reports", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--chunk", type=int, default=20_000, help="reports per COPY round (memory bound)")
        parser.add_argument("--now", help="the present of the simulation, ISO 8601 with offset (default: now)")

    def handle(self, *args: Any, **options: Any) -> None:
        total, seed, months, chunk = options["reports"], options["seed"], options["months"], options["chunk"]
        if not 1 <= total <= 50_000_000:
            raise CommandError("--reports must be between 1 and 50,000,000")
        if not 1 <= months <= 240 or chunk < 1:
            raise CommandError("--months must be between 1 and 240 and --chunk at least 1")
        now = self.parse_now(options["now"])
        started = time.monotonic()
        catch_up(max_events=10**12)  # the watermark must cover what exists before we append behind it
        reference = load_reference()
        with transaction.atomic():
            existing = Report.objects.count()
            rebuild = total >= existing
            report_base, event_base = bulk.next_id(Report), bulk.next_id(ReportEvent)
            rng = random.Random(seed)
            simulator = synthetic.Simulator(calendar=get_calendar(), policy=get_sla_policy(),
                                            ladder_policy=get_ladder_policy(), reference=reference, now=now,
                                            rng=rng)
            rows = synthetic.Rows(reference=reference, simulator=simulator, prefix=f"S{seed % 1000:03d}",
                                  months=months, report_base=report_base, event_base=event_base)
            events_written = 0
            with bulk.indexes_deferred(TABLES, enabled=rebuild):
                for reports, events, facts in rows.chunks(total, chunk):
                    bulk.write(Report, synthetic.REPORT_COLUMNS, reports)
                    bulk.write(ReportEvent, synthetic.EVENT_COLUMNS, events)
                    bulk.write(ReportFact, synthetic.FACT_COLUMNS, facts)
                    events_written += len(events)
                    self.stdout.write(f"  {reports[-1][0] - report_base + 1} reports, {events_written} events "
                                      f"({time.monotonic() - started:.0f} s)")
                loaded = time.monotonic()
            indexed = time.monotonic()
            for model in (Report, ReportEvent):
                bulk.reset_sequence(model)
            AggregateState.objects.update_or_create(
                name="facts", defaults={"last_event_id": rows.next_event_id - 1, "updated_at": timezone.now()})
            bulk.analyze(TABLES)
        committed = time.monotonic()
        # The facts went in behind catch-up's back: sum the dashboard rollups from them now, so the first
        # dashboard view after a seed does not pay for it.
        catch_up(max_events=10**12)
        self.stdout.write(
            f"{total} reports, {events_written} events in {time.monotonic() - started:.1f} s (rows "
            f"{loaded - started:.1f} s, " + (f"indexes and constraints {indexed - loaded:.1f} s, " if rebuild else "")
            + f"analyse and commit {committed - indexed:.1f} s, "
            f"dashboard rollups {time.monotonic() - committed:.1f} s)")

    @staticmethod
    def parse_now(value: str | None) -> datetime:
        if not value:
            return timezone.now()
        moment = parse_datetime(value)
        if moment is None or moment.tzinfo is None:
            raise CommandError("--now must be an ISO 8601 date and time with an offset, e.g. 2026-03-01T09:00+08:00")
        return moment


def load_reference() -> synthetic.Reference:
    units = list(Unit.objects.select_related("parent"))
    nodes = {u.code: UnitNode(u.code, u.parent.code if u.parent else None,
                              u.kind in HEAD_IS_OFFICER_KINDS or u.head_is_officer) for u in units}
    active = [u for u in units if u.is_active]
    categories = [synthetic.CategoryInfo(c.pk, c.unit.code if c.unit else None, c.berkadar_pengawasan,
                                         c.territorial_first)
                  for c in Category.objects.select_related("unit").filter(is_active=True).order_by("pk")]
    kelurahan_units = {u.wilayah_id: u.code for u in active if u.kind == UnitKind.KELURAHAN}
    places = [synthetic.PlaceInfo(w.pk, w.parent_id, kelurahan_units.get(w.pk))
              for w in Wilayah.objects.filter(level="kelurahan").order_by("pk")]
    handling = sorted(u.code for u in active if u.kind in HANDLING_KINDS)
    if not categories or not places or not handling:
        raise CommandError("Load the reference data first (manage.py seed_demo).")
    desk = complaint_desk()
    return synthetic.Reference(
        categories=categories, places=places, handling=handling, unit_ids={u.code: u.pk for u in units},
        ladders={code: ladder_for(code, nodes) for code in nodes},
        desk=desk.code if desk is not None else None)
