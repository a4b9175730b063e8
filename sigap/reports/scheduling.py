"""Deadline checks are tasks that run at the deadline itself (`run_after`); a daily sweep catches lost ones."""

from __future__ import annotations

from datetime import datetime


def schedule_check(report_id: int, due_at: datetime) -> None:
    from sigap.reports.tasks import check_report_deadline

    check_report_deadline.using(run_after=due_at).enqueue(report_id, due_at.isoformat())
