"""Every write to a report goes through one of these functions."""

from sigap.reports.actions.follow import check_followable, confirm_follow, follow_report
from sigap.reports.actions.intake import Client, Filed, ReportDraft, file_report, submit_report
from sigap.reports.actions.reporter import add_info, confirm_resolution, dispute_resolution, rate_report
from sigap.reports.actions.staff import (
    add_note,
    archive_report,
    dispatch_report,
    pass_up_report,
    redispatch_report,
    refer_report,
    request_info,
    resolve_report,
    respond_to_report,
    view_reporter_identity,
)
from sigap.reports.actions.support import check_supportable, support_report
from sigap.reports.actions.system import check_deadline, due_report_ids

__all__ = [
    "Client",
    "Filed",
    "ReportDraft",
    "add_info",
    "add_note",
    "archive_report",
    "check_deadline",
    "check_followable",
    "check_supportable",
    "confirm_follow",
    "confirm_resolution",
    "dispatch_report",
    "dispute_resolution",
    "due_report_ids",
    "file_report",
    "follow_report",
    "pass_up_report",
    "rate_report",
    "redispatch_report",
    "refer_report",
    "request_info",
    "resolve_report",
    "respond_to_report",
    "submit_report",
    "support_report",
    "view_reporter_identity",
]
