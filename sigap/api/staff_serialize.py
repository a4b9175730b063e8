"""The staff view of a report as JSON: never an anonim reporter's identity."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from sigap.core.timefmt import iso_local
from sigap.reports.access import may_see_reporter_identity
from sigap.reports.models import Report
from sigap.reports.queries import full_timeline, status_label
from sigap.reports.queue import time_left
from sigap.reports.routing import suggested_lead_unit
from sigap.reports.staff_actions import may_take
from sigap.routing.suggest import unit_suggestions


def report_summary(report: Report, now: Any = None) -> dict[str, Any]:
    left = time_left(report, now or timezone.now())
    return {
        "tracking_id": report.tracking_id,
        "title": report.title,
        "status": report.status,
        "status_label": status_label(report.status),
        "kind": report.kind,
        "category": report.category.code,
        "lead_unit": report.lead_unit.code if report.lead_unit_id and report.lead_unit else None,
        "escalated_to": report.escalated_to.code if report.escalated_to_id and report.escalated_to else None,
        "kelurahan": report.kelurahan.code if report.kelurahan_id and report.kelurahan else None,
        "received_at": iso_local(report.received_at),
        "due_at": iso_local(report.due_at),
        "resolution_due_at": iso_local(report.resolution_due_at),
        "escalation_level": report.escalation_level,
        "working_minutes_left": left.minutes if left else None,
        "overdue": left.overdue if left else False,
    }


def report_detail(user: Any, report: Report) -> dict[str, Any]:
    data = report_summary(report)
    data.update({
        "description": report.description,
        "anonim": report.anonim,
        "rahasia": report.rahasia,
        "address": report.address,
        "supporting_units": [link.unit.code for link in report.supporting.select_related("unit")],
        "timeline": [
            {"at": iso_local(entry.at), "action": entry.action, "status": entry.status,
             "status_label": entry.status_label, "note": entry.note, "actor": entry.actor,
             "audience": entry.audience}
            for entry in full_timeline(report)
        ],
    })
    # The unit the staff page pre-selects for dispatch (the category's, or the territorial chain's), for callers
    # who may dispatch it now; null otherwise.
    may_dispatch = may_take(user, report, "dispatch")
    suggested = suggested_lead_unit(report) if may_dispatch else None
    data["suggested_lead_unit"] = suggested.code if suggested is not None else None
    # The model's top three units from the report's own words (ADR 0015); [] without a model or for non-dispatchers.
    data["suggested_units"] = [
        {"unit": s.unit.code, "name": s.unit.name, "probability": round(s.probability, 4), "confident": s.confident}
        for s in (unit_suggestions(report) if may_dispatch else [])
    ]
    if may_see_reporter_identity(user, report):
        data["reporter"] = {"name": report.reporter_name, "phone": report.reporter_phone,
                            "email": report.reporter_email}
    return data
