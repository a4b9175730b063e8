"""Status, deadlines, escalation and lead unit on a report are caches of its event log, rebuilt by a command."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.actions.system import check_deadline
from sigap.reports.models import Report
from sigap.reports.rebuild import rebuild_report_state
from tests.factories import make_report, photo

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
MONDAY_9 = datetime(2026, 3, 2, 9, 0, tzinfo=WITA)


def walked_report(user) -> Report:
    report = make_report(now=MONDAY_9)
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"),
                            now=MONDAY_9)
    check_deadline(report_id=report.pk, now=datetime(2026, 3, 12, 9, 0, tzinfo=WITA))  # first response late
    actions.resolve_report(report=report, by=user("petugas.pupr"), message="Selesai", photo=photo(),
                           now=datetime(2026, 3, 13, 9, 0, tzinfo=WITA))
    actions.dispute_resolution(report=report, token=report.reporter_token, message="Belum",
                               now=datetime(2026, 3, 16, 9, 0, tzinfo=WITA))
    return Report.objects.get(pk=report.pk)


def test_caches_written_by_the_actions_agree_with_the_log(user) -> None:
    report = walked_report(user)

    assert rebuild_report_state(report_id=report.pk, write=False) == []


def test_drifted_caches_are_named_and_rebuilt_from_the_log(user) -> None:
    report = walked_report(user)
    truth = (report.status, report.due_at, report.lead_unit_id)
    Report.objects.filter(pk=report.pk).update(status="closed", due_at=None, lead_unit=None)

    differing = rebuild_report_state(report_id=report.pk, write=True)

    report.refresh_from_db()
    assert set(differing) >= {"status", "due_at", "lead_unit_id"}
    assert (report.status, report.due_at, report.lead_unit_id) == truth


def test_check_mode_reports_drift_and_exits_non_zero_without_writing(user) -> None:
    report = walked_report(user)
    Report.objects.filter(pk=report.pk).update(escalation_level=3)
    out = io.StringIO()

    with pytest.raises(SystemExit):
        call_command("rebuild_report_state", "--check", "--tracking-id", report.tracking_id, stdout=out)

    assert "escalation_level" in out.getvalue()
    assert Report.objects.get(pk=report.pk).escalation_level == 3
