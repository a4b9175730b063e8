"""The aggregates always agree with a full recomputation from the event log, however they were reached."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sigap.dashboard import rollups
from sigap.dashboard.aggregates import catch_up, recompute, watermark
from sigap.dashboard.models import AggregateState, DayRollup, MonthMinutes, MonthRollup, ReportFact
from sigap.reports import actions
from sigap.reports.models import Report, ReportEvent
from tests.factories import make_report
from tests.integration.dashboard_support import random_lifecycles

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
START = datetime(2026, 1, 5, 9, 0, tzinfo=WITA)


def test_catch_up_after_random_lifecycles_agrees_with_full_recomputation(user) -> None:
    random_lifecycles(random.Random(7), 25, START, user)

    catch_up()

    assert recompute(check_only=True) == []
    assert ReportFact.objects.count() == Report.objects.count()


def test_catch_up_in_steps_between_actions_agrees_with_recomputation(user) -> None:
    rng = random.Random(11)
    for _round in range(4):
        random_lifecycles(rng, 5, START, user)
        catch_up(batch=7)  # small batches split one report's events across batches

    assert recompute(check_only=True) == []


def test_rollups_moved_by_catch_up_equal_a_fresh_sum_of_the_facts(user) -> None:
    rng = random.Random(23)
    for _round in range(3):
        random_lifecycles(rng, 8, START, user)  # later rounds redispatch, resolve and close earlier reports
        catch_up(batch=5)

    assert rollups.differences() == []
    assert DayRollup.objects.exists() and MonthRollup.objects.exists() and MonthMinutes.objects.exists()


def test_catch_up_moves_the_watermark_to_the_last_event_and_is_idempotent(user) -> None:
    make_report(now=START)

    consumed = catch_up()
    again = catch_up()

    assert consumed >= 1
    assert again == 0
    assert watermark() == ReportEvent.objects.order_by("-pk").values_list("pk", flat=True)[0]


def test_a_new_event_updates_the_report_fact(user) -> None:
    report = make_report(now=START)
    catch_up()
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=report.category.unit,
                            now=START + timedelta(hours=2))

    catch_up()

    fact = ReportFact.objects.get(report=report)
    assert (fact.status, fact.unit_id, fact.event_count) == ("dispatched", report.category.unit_id, 2)


def test_recompute_check_command_fails_on_a_tampered_fact_and_repairs_without_check(user) -> None:
    report = make_report(now=START)
    catch_up()
    ReportFact.objects.filter(report=report).update(escalations=9)

    with pytest.raises(CommandError):
        call_command("recompute_aggregates", "--check")
    call_command("recompute_aggregates")

    assert ReportFact.objects.get(report=report).escalations == 0
    call_command("recompute_aggregates", "--check")


def test_the_recurring_sweep_folds_new_events_without_a_page_view(user) -> None:
    from sigap.notifications.models import RecurringSweep
    from sigap.notifications.sweeps import ensure_scheduled, run_sweep_now

    report = make_report(now=START)
    ensure_scheduled()
    scheduled = RecurringSweep.objects.get(name="dashboard_aggregates").next_run_at

    result = run_sweep_now("dashboard_aggregates", scheduled, now=scheduled)

    assert result == "ran: 1"
    assert ReportFact.objects.get(report=report).status == "received"


def test_recompute_check_names_a_drifted_rollup_and_recompute_repairs_it(user) -> None:
    make_report(now=START)
    catch_up()
    DayRollup.objects.update(received=5)

    with pytest.raises(CommandError):
        call_command("recompute_aggregates", "--check")
    call_command("recompute_aggregates")

    assert rollups.differences() == []


def test_facts_written_in_bulk_behind_catch_up_get_their_rollups_on_the_next_catch_up(user) -> None:
    make_report(now=START)
    catch_up()
    DayRollup.objects.all().delete()
    AggregateState.objects.update(last_event_id=ReportEvent.objects.order_by("-pk").values_list("pk", flat=True)[0]
                                  + 1)  # as seed_synthetic leaves it: the watermark ahead of the frontier

    catch_up()

    assert rollups.differences() == []


def test_seed_synthetic_writes_consistent_reports_events_and_facts() -> None:
    before = Report.objects.count()

    call_command("seed_synthetic", "--reports", "300", "--seed", "3")

    assert Report.objects.count() == before + 300
    assert recompute(check_only=True) == []
    statuses = set(Report.objects.values_list("status", flat=True))
    assert {"received", "dispatched", "in_progress", "resolved", "closed", "archived", "referred"} <= statuses
    for report in Report.objects.filter(tracking_id__startswith="S003")[:50]:
        assert report.event_count == report.events.count()
        last = report.events.order_by("-seq").first()
        assert last is not None and last.to_status == report.status
