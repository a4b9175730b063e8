"""seed_synthetic: realistic bulk reports whose events follow the lifecycle, whose caches and deadlines are what
the domain says, whose facts agree with a recomputation, and which a seed and a `now` fully determine."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from benchmarks.synthetic.management.commands.seed_synthetic import HANDLING_KINDS
from sigap.dashboard.aggregates import recompute, watermark
from sigap.dashboard.models import ReportFact
from sigap.domain.lifecycle import Action, Status, next_status
from sigap.organization.models import Unit
from sigap.reports.models import Report, ReportEvent
from sigap.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db
NOW = "2026-03-02T10:00:00+08:00"
NOW_AT = datetime.fromisoformat(NOW)


def seed(reports: int, seed: int = 5, now: str = NOW) -> str:
    out = io.StringIO()
    call_command("seed_synthetic", "--reports", str(reports), "--seed", str(seed), "--now", now, stdout=out)
    return out.getvalue()


def test_a_few_thousand_reports_show_every_status_handling_unit_and_kelurahan() -> None:
    seed(3000)

    assert set(Report.objects.values_list("status", flat=True)) == {status.value for status in Status}
    handling = set(Unit.objects.filter(kind__in=HANDLING_KINDS, is_active=True).values_list("pk", flat=True))
    assert handling <= set(ReportFact.objects.values_list("unit_id", flat=True))
    kelurahan = set(Wilayah.objects.filter(level="kelurahan").values_list("pk", flat=True))
    assert set(Report.objects.values_list("kelurahan_id", flat=True)) == kelurahan


def test_reports_spread_over_the_last_24_months_and_nothing_happens_after_now() -> None:
    seed(1500)

    received = list(Report.objects.values_list("received_at", flat=True))
    assert min(received) >= NOW_AT - timedelta(days=24 * 30.4 + 1)
    assert max(ReportEvent.objects.values_list("at", flat=True)) <= NOW_AT
    assert len({(moment.year, moment.month) for moment in received}) >= 24


def test_every_event_sequence_is_a_walk_through_the_lifecycle_table() -> None:
    seed(1500)

    events: dict[int, list[tuple[int, datetime, str, str, str]]] = {}
    for row in ReportEvent.objects.order_by("report_id", "seq").values_list(
            "report_id", "seq", "at", "action", "from_status", "to_status"):
        events.setdefault(row[0], []).append(row[1:])
    for report_id, status, count in Report.objects.values_list("pk", "status", "event_count"):
        walk = events[report_id]
        assert [seq for seq, *_rest in walk] == list(range(1, count + 1))
        assert walk[0][2:] == (Action.SUBMIT, "", Status.RECEIVED)
        for (_s, earlier, _a, _f, before), (_seq, at, action, from_status, to_status) in pairwise(walk):
            assert at >= earlier
            assert from_status == before
            assert next_status(Status(from_status), Action(action)) == to_status
        assert walk[-1][4] == status


def test_report_caches_and_deadlines_are_what_a_replay_of_their_events_gives() -> None:
    seed(400)

    out = io.StringIO()
    call_command("rebuild_report_state", "--check", stdout=out)  # exits non-zero on any drifted report

    assert out.getvalue().startswith("0 report(s) differed")


def test_facts_agree_with_a_recomputation_and_the_watermark_covers_every_event() -> None:
    seed(1500)

    assert recompute(check_only=True) == []
    assert ReportFact.objects.count() == Report.objects.count()
    assert watermark() == ReportEvent.objects.order_by("-pk").values_list("pk", flat=True)[0]


def test_the_dashboard_rollups_are_summed_before_the_command_returns() -> None:
    from sigap.dashboard import rollups
    from sigap.dashboard.models import AggregateState

    seed(reports=200)

    state = AggregateState.objects.get(name="facts")
    assert state.frontier_id == state.last_event_id
    assert rollups.differences() == []


def test_a_smaller_second_run_appends_behind_the_first_and_still_agrees() -> None:
    seed(400, seed=8)  # PostgreSQL: the first load rebuilds the indexes, the second keeps them

    seed(100, seed=9)

    assert Report.objects.filter(tracking_id__startswith="S009").count() == 100
    assert recompute(check_only=True) == []


def test_the_same_seed_and_now_give_the_same_reports_and_events() -> None:
    def content(prefix: str) -> list[tuple[object, ...]]:
        reports = Report.objects.filter(tracking_id__startswith=prefix).order_by("pk")
        rows = list(reports.values_list("kind", "category_id", "kelurahan_id", "status", "stage", "received_at",
                                         "due_at", "resolution_due_at", "lead_unit_id", "escalation_level",
                                         "closed_at", "rating", "anonim", "rahasia", "event_count"))
        events = ReportEvent.objects.filter(report__in=reports).order_by("report_id", "seq")
        return rows + list(events.values_list("seq", "at", "action", "to_status", "data"))

    seed(300, seed=11)
    first = content("S011")
    Report.objects.filter(tracking_id__startswith="S011").delete()
    seed(300, seed=11)

    assert content("S011") == first


def test_a_different_seed_gives_different_reports() -> None:
    seed(50, seed=12)
    seed(50, seed=13)

    def received(prefix: str) -> list[datetime]:
        return list(Report.objects.filter(tracking_id__startswith=prefix).order_by("pk")
                    .values_list("received_at", flat=True))

    assert received("S012") != received("S013")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL drops and rebuilds indexes")
def test_indexes_and_constraints_are_all_back_after_a_load() -> None:
    def schema() -> set[tuple[str, str]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid IN "
                "('reports_report'::regclass, 'reports_reportevent'::regclass, 'dashboard_reportfact'::regclass) "
                "UNION SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid IN "
                "('reports_report'::regclass, 'reports_reportevent'::regclass, 'dashboard_reportfact'::regclass)")
            return set(cursor.fetchall())
    before = schema()

    seed(200)

    assert schema() == before


@pytest.mark.parametrize("args", [("--reports", "0"), ("--reports", "10", "--now", "2026-03-02T10:00"),
                                  ("--reports", "10", "--months", "0")])
def test_bad_options_are_refused_with_a_clear_error(args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError):
        call_command("seed_synthetic", *args, stdout=io.StringIO())
