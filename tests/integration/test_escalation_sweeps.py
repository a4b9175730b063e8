"""The recurring sweeps without cron: one queued run per sweep however often scheduled; stray runs do nothing."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from sigap.notifications.models import RecurringSweep
from sigap.notifications.sweeps import ensure_scheduled, run_sweep_now, sweep_specs

pytestmark = pytest.mark.django_db


def queued_runs() -> Counter[str]:
    queued = DBTaskResult.objects.filter(task_path="sigap.notifications.sweeps.run_sweep", status="READY")
    return Counter(row["args"][0] for row in queued.values_list("args_kwargs", flat=True))


def test_the_sweep_chain_keeps_exactly_one_queued_run_however_often_it_is_scheduled(run_on_commit) -> None:
    for _ in range(3):
        with run_on_commit(execute=True):
            ensure_scheduled()

    assert queued_runs() == Counter(dict.fromkeys(sweep_specs(), 1))


def test_a_stray_sweep_task_for_a_superseded_time_does_nothing() -> None:
    ensure_scheduled()
    row = RecurringSweep.objects.get(name="deadlines")

    assert run_sweep_now("deadlines", row.next_run_at - timedelta(days=1)) == "superseded"
    assert RecurringSweep.objects.get(name="deadlines").next_run_at == row.next_run_at


def test_a_sweep_run_moves_the_schedule_on_and_queues_its_successor(run_on_commit) -> None:
    with run_on_commit(execute=True):
        ensure_scheduled()
    row = RecurringSweep.objects.get(name="deadlines")
    DBTaskResult.objects.all().delete()

    with run_on_commit(execute=True):
        result = run_sweep_now("deadlines", row.next_run_at, now=row.next_run_at + timedelta(seconds=5))

    assert result.startswith("ran")
    moved = RecurringSweep.objects.get(name="deadlines")
    assert moved.next_run_at > row.next_run_at
    assert queued_runs()["deadlines"] == 1


def test_the_sweep_escalates_many_late_reports_once_each_with_their_messages(frozen_now) -> None:
    from sigap.notifications.models import Notification
    from sigap.reports.models import Report
    from sigap.reports.tasks import sweep_due_reports
    from tests.factories import make_report

    late = [make_report(now=frozen_now - timedelta(days=14)) for _ in range(3)]
    now = frozen_now

    assert sweep_due_reports(now) == 3
    assert sweep_due_reports(now) == 0

    for report in late:
        fresh = Report.objects.get(pk=report.pk)
        escalations = list(fresh.events.filter(action="escalate").values_list("seq", flat=True))
        assert escalations == [fresh.event_count]
        assert fresh.escalation_level == 1
        assert fresh.next_check_at > now
        owed = Notification.objects.filter(report=fresh, template="report_escalated")
        assert owed.exists()
        assert owed.count() == owed.values("recipient_address", "channel").distinct().count()
