"""The city's own past decisions as training rows: each dispatched or closed report and the unit that handled it."""

from __future__ import annotations

from sigap.domain.lifecycle import Status
from sigap.reports.models import Report
from sigap.routing.model import Example

# From dispatch on, a report has a lead unit the desk chose; a redispatch replaces it on the report, so the unit
# there now is the one that finally handled it (the corrected label). Archived and referred reports never had one.
DECIDED = (Status.DISPATCHED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED)


def report_text(title: str, description: str) -> str:
    """What the classifier reads of a report: its title, then its description."""
    return f"{title}\n{description}"


def past_decisions() -> list[Example]:
    rows = (Report.objects.filter(status__in=DECIDED, lead_unit__isnull=False, duplicate_of__isnull=True)
            .order_by("received_at", "pk").values_list("tracking_id", "title", "description", "lead_unit__code",
                                                       "received_at"))
    return [Example(tracking_id, report_text(title, description), unit, received_at)
            for tracking_id, title, description, unit, received_at in rows.iterator(chunk_size=2000)]
