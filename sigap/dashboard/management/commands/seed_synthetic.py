"""`manage.py seed_synthetic --reports N --seed S`: realistic bulk reports for benchmarks (see `synthetic`)."""

from __future__ import annotations

import random
import time
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections, transaction
from django.utils import timezone

from sigap.calendar.service import get_calendar, get_ladder_policy, get_sla_policy
from sigap.dashboard import bulk, synthetic
from sigap.dashboard.aggregates import catch_up
from sigap.dashboard.models import AggregateState, ReportFact
from sigap.organization.models import Unit, UnitKind
from sigap.reports.models import Category, Report, ReportEvent
from sigap.wilayah.models import Wilayah

REPORT_COLUMNS = (
    "id", "tracking_id", "kind", "materi", "category_id", "title", "description", "channel", "kelurahan_id",
    "address", "anonim", "rahasia", "reporter_name", "reporter_phone", "reporter_email", "reporter_whatsapp_id",
    "reporter_token", "status", "stage", "due_at", "resolution_due_at", "escalation_level", "next_check_at",
    "escalated_to_id", "lead_unit_id", "received_at", "verified_at", "first_response_at", "resolved_at",
    "closed_at", "updated_at", "last_public_message", "referral_recipient", "closing_reason", "rating",
    "rating_comment", "event_count",
)
EVENT_COLUMNS = ("id", "report_id", "seq", "at", "actor_label", "action", "from_status", "to_status", "note",
                 "is_public", "data")
EVENT_STRIDE = 40  # event ids reserved per report between parallel workers (a lifecycle has far fewer)
FACT_COLUMNS = ("report_id", "unit_id", "category_id", "kelurahan_id", "kecamatan_id", "kind", "rahasia", "status",
                "received_at", "first_response_at", "resolved_at", "finished_at", "deadline_at", "on_time",
                "response_minutes", "resolution_minutes", "escalations", "rating", "event_count", "last_event_id")
TITLES = ("Jalan berlubang", "Sampah menumpuk", "Lampu jalan padam", "Drainase tersumbat", "Air PDAM mati",
          "Pelayanan KTP lambat", "Pungutan di kantor", "Pohon tumbang", "Banjir di gang", "Izin usaha tertunda")


def _run_job(job: dict[str, Any]) -> int:
    connections.close_all()
    try:
        return Command().generate(**job)
    finally:
        connections.close_all()


class Command(BaseCommand):
    help = "Generate N synthetic reports over 24 months with consistent events, deadlines and dashboard facts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reports", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--chunk", type=int, default=20_000)
        parser.add_argument("--workers", type=int, default=1, help="processes generating in parallel")

    def handle(self, *args: Any, **options: Any) -> None:
        total, seed = options["reports"], options["seed"]
        if total < 1 or total > 50_000_000:
            raise CommandError("--reports must be between 1 and 50,000,000")
        started = time.monotonic()
        catch_up(max_events=10**12)  # the watermark must cover what exists before we append behind it
        now = timezone.now()
        report_base, event_base = bulk.next_id(Report), bulk.next_id(ReportEvent)
        workers = max(1, min(options["workers"], 16))
        per = -(-total // workers)
        slices = [(k, k * per, min(total, (k + 1) * per)) for k in range(workers) if k * per < total]
        jobs = [dict(start=start, stop=stop, prefix=f"S{seed % 1000:03d}",
                     seed=seed * 1000 + k if workers > 1 else seed, months=options["months"],
                     chunk=options["chunk"], now=now, report_base=report_base,
                     event_base=event_base + start * EVENT_STRIDE) for k, start, stop in slices]
        if len(jobs) == 1:
            written = self.generate(**jobs[0])
        else:
            import multiprocessing

            connections.close_all()  # each forked worker opens its own connection
            with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
                written = sum(pool.map(_run_job, jobs))
        for model in (Report, ReportEvent):
            bulk.reset_sequence(model)
        top = ReportEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        AggregateState.objects.update_or_create(name="facts", defaults={"last_event_id": top, "updated_at": now})
        self.stdout.write(f"{total} reports, {written} events in {time.monotonic() - started:.1f} s")

    def generate(self, *, start: int, stop: int, prefix: str, seed: int, months: int, chunk: int, now: datetime,
                 report_base: int, event_base: int) -> int:
        """Reports number `start`..`stop - 1` of the run: ids report_base + number, events from event_base."""
        rng = random.Random(seed)
        calendar, policy = get_calendar(), get_sla_policy()
        units = {u.code: u for u in Unit.objects.filter(is_active=True)}
        unit_ids = {code: u.pk for code, u in units.items()}
        parents = {u.code: (u.parent.code if u.parent_id and u.parent else None)
                   for u in Unit.objects.select_related("parent")}
        categories = [synthetic.CategoryInfo(c.pk, c.unit.code if c.unit else None, c.berkadar_pengawasan,
                                             c.territorial_first)
                      for c in Category.objects.select_related("unit").filter(is_active=True)]
        kelurahan_units = {u.wilayah_id: u.code for u in units.values() if u.kind == UnitKind.KELURAHAN}
        places = [synthetic.PlaceInfo(w.pk, w.parent_id, kelurahan_units.get(w.pk))
                  for w in Wilayah.objects.filter(level="kelurahan")]
        handling = [u.code for u in units.values() if u.kind in (UnitKind.OPD, UnitKind.BUMD, UnitKind.KELURAHAN,
                                                                 UnitKind.KECAMATAN, UnitKind.BIDANG)]
        if not categories or not places or not handling:
            raise CommandError("Load the reference data first (manage.py seed_demo).")
        simulator = synthetic.Simulator(calendar=calendar, policy=policy, now=now, rng=rng, parents=parents,
                                        grace_days=get_ladder_policy().grace_for(1))
        events_written = 0
        report_id, event_id = report_base + start, event_base
        for part in synthetic.chunked(stop - start, chunk, offset=start):
            reports, events, facts = [], [], []
            for index in part:
                category = synthetic.pick(rng, categories)
                place = places[index % len(places)] if index < 4 * len(places) else synthetic.pick(rng, places)
                if index < len(handling):
                    unit_code = handling[index]  # every handling unit gets reports
                elif category.territorial_first and place.unit_code:
                    unit_code = place.unit_code
                else:
                    unit_code = category.unit_code or synthetic.pick(rng, handling)
                kind = synthetic.weighted_kind(rng)
                berkadar = category.berkadar and kind == "pengaduan"
                received = synthetic.random_received(rng, now, months, calendar.tz)
                sim = simulator.run(kind=kind, berkadar=berkadar, received_at=received, unit_code=unit_code)
                cache = synthetic.report_row_values(sim)
                anonim = rng.random() < 0.1
                reports.append((
                    report_id, f"{prefix}{report_id:010d}", kind, "", category.pk, synthetic.pick(rng, TITLES),
                    "Laporan sintetis untuk uji beban.", "web", place.kelurahan_id, "", anonim,
                    rng.random() < 0.05, "" if anonim else f"Warga Sintetis {index}", f"+62812{index % 10**7:07d}",
                    "", "", synthetic.token(), cache["status"], cache["stage"], cache["due_at"],
                    cache["resolution_due_at"], cache["escalation_level"], cache["next_check_at"],
                    unit_ids.get(sim.escalated_to or ""), unit_ids.get(sim.lead_unit or ""), received,
                    cache["verified_at"], cache["first_response_at"], cache["resolved_at"], cache["closed_at"],
                    cache["updated_at"], "", cache["referral_recipient"], cache["closing_reason"], cache["rating"],
                    "", cache["event_count"],
                ))
                for seq, (at, action, before, after, data, note) in enumerate(sim.events, start=1):
                    events.append((event_id + seq - 1, report_id, seq, at, "system" if action == "escalate"
                                   else "synthetic", action, before, after, note, True, data))
                fact = synthetic.fact_for(sim, kind=kind, berkadar=berkadar, first_event_id=event_id,
                                          calendar=calendar, policy=policy)
                facts.append((report_id, unit_ids.get(fact.unit_code or ""), category.pk, place.kelurahan_id,
                              place.kecamatan_id, kind, reports[-1][11], fact.status, fact.received_at,
                              fact.first_response_at, fact.resolved_at, fact.finished_at, fact.deadline_at,
                              fact.on_time, fact.response_minutes, fact.resolution_minutes, fact.escalations,
                              fact.rating, fact.event_count, fact.last_event_id))
                report_id += 1
                event_id += len(sim.events)
            with transaction.atomic():
                bulk.write(Report, REPORT_COLUMNS, reports)
                bulk.write(ReportEvent, EVENT_COLUMNS, events)
                self.write_facts(facts)
            events_written += len(events)
            self.stdout.write(f"  {part.stop} reports", ending="\n")
        assert event_id <= event_base + (stop - start) * EVENT_STRIDE
        return events_written

    def write_facts(self, facts: list[tuple[Any, ...]]) -> None:
        bulk.write(ReportFact, FACT_COLUMNS, facts)
