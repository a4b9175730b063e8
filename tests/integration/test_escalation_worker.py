"""The clock with a real worker: a late report climbs one rung once, however often its check runs; a check for a
report that moved on does nothing; the daily sweep catches a report whose check task was lost."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sigap.notifications.models import Notification, NotificationStatus, RecurringSweep
from sigap.notifications.sweeps import ensure_scheduled
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Report
from sigap.reports.tasks import check_report_deadline
from tests.factories import make_report
from tests.integration.worker_support import (  # the reference_* fixtures apply to every test here
    reference_after_worker_tests,  # noqa: F401
    reference_for_worker_tests,  # noqa: F401
    run_worker_batch,
)

pytestmark = pytest.mark.django_db(transaction=True)
CHECK_PATH = "sigap.reports.tasks.check_report_deadline"
RECEIVED_PATH = "sigap.reports.tasks.report_received"


def late_report() -> Report:
    """A report filed two weeks ago and never verified: its verification deadline has passed."""
    with transaction.atomic():
        report = make_report(now=timezone.now() - timedelta(days=14))
    return Report.objects.get(pk=report.pk)


def escalations(report: Report) -> int:
    return report.events.filter(action="escalate").count()


def test_unverified_report_past_its_deadline_escalates_exactly_once_even_if_checked_twice() -> None:
    report = late_report()
    # intake's one task schedules the check when it runs; this is a duplicate of that check
    check_report_deadline.enqueue(report.pk, report.next_check_at.isoformat())
    assert DBTaskResult.objects.filter(task_path=RECEIVED_PATH).count() == 1

    run_worker_batch()

    assert DBTaskResult.objects.filter(task_path=CHECK_PATH, status="SUCCESSFUL").count() == 2

    report.refresh_from_db()
    assert escalations(report) == 1
    assert report.escalation_level == 1
    assert report.escalated_to is not None
    assert report.next_check_at > timezone.now()
    owed = Counter(Notification.objects.filter(report=report, template="report_escalated")
                   .values_list("recipient_address", "channel"))
    assert owed, "the new level is told"
    assert set(owed.values()) == {1}
    assert not Notification.objects.filter(report=report).exclude(status=NotificationStatus.SENT).exists()
    # escalation is internal: the reporter heard only the receipt
    assert set(Notification.objects.filter(report=report, recipient_address__in=[
        report.reporter_phone, report.reporter_email]).values_list("template", flat=True)) == {"report_received"}
    # and a later, stale duplicate run changes nothing
    events, notifications = report.events.count(), Notification.objects.count()
    check_report_deadline.enqueue(report.pk, (timezone.now() - timedelta(days=1)).isoformat())
    run_worker_batch()
    assert (report.events.count(), Notification.objects.count()) == (events, notifications)


def test_a_check_that_runs_after_the_report_moved_on_does_nothing(user) -> None:
    report = late_report()
    with transaction.atomic():
        actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"))

    run_worker_batch()

    report.refresh_from_db()
    assert escalations(report) == 0
    assert report.status == "dispatched"
    assert report.next_check_at > timezone.now()


def test_the_daily_sweep_catches_a_report_whose_check_task_was_deleted() -> None:
    report = late_report()
    DBTaskResult.objects.filter(task_path__in=[RECEIVED_PATH, CHECK_PATH]).delete()
    RecurringSweep.objects.update_or_create(name="deadlines",
                                            defaults={"next_run_at": timezone.now() - timedelta(minutes=1)})
    ensure_scheduled()

    run_worker_batch()

    report.refresh_from_db()
    assert escalations(report) == 1
    sweep = RecurringSweep.objects.get(name="deadlines")
    assert sweep.next_run_at > timezone.now()
    assert sweep.last_result == "1"
