"""Which unit a report should go to: the category's unit, or the territorial chain for RT-first categories."""

from __future__ import annotations

from sigap.organization.models import Unit
from sigap.reports.actions.staff import next_active_territorial_unit
from sigap.reports.models import Report


def suggested_lead_unit(report: Report) -> Unit | None:
    category = report.category
    if category.territorial_first:
        place = report.rt or report.rw or report.kelurahan
        start = Unit.objects.filter(wilayah=place).first() if place is not None else None
        if start is None and place is not None:
            start = Unit.objects.filter(code=place.code).first()
        found = next_active_territorial_unit(start)
        if found is not None:
            return found
    return category.unit
