"""Late means one thing (docs/domain.md, "Late"; ADR 12): past the deadline of the city's stage in force.

The ladder climbs at that moment and the dashboard counts the report late from that moment, so no report is late
on one page and on time on another.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sigap.dashboard import service
from sigap.dashboard.queries import Scope
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.actions.system import check_deadline
from sigap.reports.models import Report
from tests.factories import make_report, photo

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
MONDAY_9 = datetime(2026, 3, 2, 9, 0, tzinfo=WITA)
PERIOD = service.Period(MONDAY_9 - timedelta(days=1), MONDAY_9 + timedelta(days=90), MONDAY_9.date(),
                        (MONDAY_9 + timedelta(days=89)).date())


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()


def dispatched_to_pupr(user) -> Report:
    report = make_report(now=MONDAY_9)
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"),
                            now=MONDAY_9 + timedelta(hours=1))
    return Report.objects.get(pk=report.pk)


def test_a_report_unanswered_past_its_first_response_deadline_is_late_on_the_ladder_and_the_dashboard(user) -> None:
    # given a dispatched report whose first-response deadline has just passed, its resolution limit far ahead
    report = dispatched_to_pupr(user)
    assert report.due_at is not None and report.resolution_due_at is not None
    moment = report.due_at + timedelta(minutes=1)
    assert moment < report.resolution_due_at

    # when the ladder and the dashboard look at it
    escalated = check_deadline(report_id=report.pk, now=moment)
    board = service.build_dashboard(Scope(None), PERIOD, moment)

    # then both call it late
    assert escalated is not None
    assert (board["total"].late, board["total"].overdue_now) == (1, 1)
    assert [fact.report_id for fact in board["late_now"]] == [report.pk]


def test_a_report_just_before_its_first_response_deadline_is_on_time_on_the_ladder_and_the_dashboard(user) -> None:
    # given a dispatched report a minute before its first-response deadline
    report = dispatched_to_pupr(user)
    assert report.due_at is not None
    moment = report.due_at - timedelta(minutes=1)

    # when the ladder and the dashboard look at it
    escalated = check_deadline(report_id=report.pk, now=moment)
    board = service.build_dashboard(Scope(None), PERIOD, moment)

    # then neither calls it late
    assert escalated is None
    assert (board["total"].late, board["total"].overdue_now) == (0, 0)


def test_a_report_resolved_unanswered_after_its_first_response_deadline_finished_late(user) -> None:
    # given a dispatched report resolved without a first answer after its first-response deadline,
    # though within its resolution limit
    report = dispatched_to_pupr(user)
    assert report.due_at is not None and report.resolution_due_at is not None
    resolved_at = report.due_at + timedelta(days=1)
    assert resolved_at < report.resolution_due_at
    actions.resolve_report(report=report, by=user("petugas.pupr"), message="Sudah diperbaiki.",
                           photo=photo(), now=resolved_at)

    # when the dashboard judges it
    board = service.build_dashboard(Scope(None), PERIOD, resolved_at + timedelta(hours=1))

    # then it finished late: it was late (and escalated) when it was finished
    assert (board["total"].on_time, board["total"].late) == (0, 1)
