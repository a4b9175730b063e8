"""One escalation decision: a late report escalated alone (the engine) and in the sweep's batch record the same.

Each case builds one late report, then escalates it once through `check_deadline` and once through
`escalate_due_reports`, each inside a savepoint rolled back afterwards, so both paths start from the very same
rows and their results can be compared column by column (primary keys aside).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from sigap.notifications.models import Notification
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.actions.system import check_deadline, escalate_due_reports
from sigap.reports.models import Report, ReportEvent
from tests.factories import make_report

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
MONDAY_9 = datetime(2026, 3, 2, 9, 0, tzinfo=WITA)
# Weeks after every stage deadline of a report handled on 2 March, and before a 14-working-day resolution limit.
LATE = datetime(2026, 3, 17, 9, 0, tzinfo=WITA)

REPORT_COLUMNS = ("status", "stage", "due_at", "resolution_due_at", "escalation_level", "escalated_to_id",
                  "next_check_at", "event_count", "updated_at")


def _columns(model: type[Any]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields if not field.primary_key]


def recorded(report_id: int) -> dict[str, Any]:
    """Everything an escalation writes about one report: its row, its events and its outbox rows."""
    return {
        "report": Report.objects.filter(pk=report_id).values(*REPORT_COLUMNS).get(),
        "events": list(ReportEvent.objects.filter(report_id=report_id).order_by("seq").values(*_columns(ReportEvent))),
        "outbox": list(Notification.objects.filter(report_id=report_id).order_by("idempotency_key")
                       .values(*_columns(Notification))),
    }


def through(path: Callable[[], object], report_id: int) -> dict[str, Any]:
    with transaction.atomic():
        path()
        result = recorded(report_id)
        transaction.set_rollback(True)
    return result


def late_unverified(user: Callable[[str], Any]) -> tuple[Report, datetime]:
    return make_report(now=MONDAY_9), LATE


def late_without_first_response(user: Callable[[str], Any]) -> tuple[Report, datetime]:
    report = make_report(now=MONDAY_9)
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"),
                            now=MONDAY_9 + timedelta(hours=1))
    return report, LATE


def late_after_one_climb(user: Callable[[str], Any]) -> tuple[Report, datetime]:
    """In the resolution stage, already escalated once to the unit's head: the next rung is the Sekda."""
    report = make_report(now=MONDAY_9, kind="permintaan_informasi")
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"),
                            now=MONDAY_9 + timedelta(hours=1))
    actions.respond_to_report(report=Report.objects.get(pk=report.pk), by=user("petugas.pupr"),
                              message="Sedang kami periksa di lapangan.", now=MONDAY_9 + timedelta(hours=2))
    assert check_deadline(report_id=report.pk, now=LATE) is not None
    grace_over = Report.objects.get(pk=report.pk).next_check_at
    assert grace_over is not None
    return report, grace_over


CASES = {"unverified": late_unverified, "without_first_response": late_without_first_response,
         "after_one_climb": late_after_one_climb}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_late_report_escalated_alone_and_in_the_sweep_records_equal_events_and_outbox_rows(user, case) -> None:
    # given one late report
    report, now = CASES[case](user)
    before = recorded(report.pk)

    # when it is escalated by its own check, and (from the same rows) by the sweep's batch
    alone = through(lambda: check_deadline(report_id=report.pk, now=now), report.pk)
    batched = through(lambda: escalate_due_reports(now=now), report.pk)

    # then it climbed one rung with messages owed, and both paths wrote exactly the same rows
    assert len(alone["events"]) == len(before["events"]) + 1
    assert alone["events"][-1]["action"] == "escalate"
    assert alone["report"]["escalation_level"] == before["report"]["escalation_level"] + 1
    assert len(alone["outbox"]) > len(before["outbox"])
    assert batched == alone


def test_a_report_at_the_top_of_the_ladder_is_left_alone_alike_by_both_paths(user) -> None:
    # given a report whose ladder has no rung left above it
    report, moment = late_without_first_response(user)
    while check_deadline(report_id=report.pk, now=moment) is not None:
        moment = Report.objects.get(pk=report.pk).next_check_at or moment
    Report.objects.filter(pk=report.pk).update(next_check_at=moment)
    before = recorded(report.pk)

    # when both paths look at it again
    alone = through(lambda: check_deadline(report_id=report.pk, now=moment), report.pk)
    batched = through(lambda: escalate_due_reports(now=moment), report.pk)

    # then neither writes an event or a message; both stop checking it
    assert alone["events"] == before["events"] and alone["outbox"] == before["outbox"]
    assert alone["report"]["next_check_at"] is None
    assert batched == alone


def test_the_sweep_asks_as_many_queries_for_ten_late_reports_as_for_one() -> None:
    # given one late unverified report, then ten (one ladder group: same desk, same level)
    def queries_to_escalate(expected: list[int]) -> int:
        with transaction.atomic(), CaptureQueriesContext(connection) as captured:
            escalated = escalate_due_reports(now=LATE)
            transaction.set_rollback(True)
        assert set(expected) <= set(escalated)
        return len(captured.captured_queries)

    late = [make_report(now=MONDAY_9).pk]
    queries_to_escalate(late)  # the first run loads the calendar and the ladder policy into their caches
    for_one = queries_to_escalate(late)
    late += [make_report(now=MONDAY_9).pk for _ in range(9)]

    # when the sweep escalates them in one batch, then the number of queries does not grow with the reports
    assert queries_to_escalate(late) == for_one
