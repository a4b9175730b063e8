"""Reading mySociety's `servicerequestupdates` extension: the public history of public reports (ADR 17).

An update is a listed event (`is_public`) of a report the public may see; its text is published only where the
one audience table lets the public read it (ADR 9), so a dispatch note to the unit is a status change with an
empty description. Events a client app posted are never listed (they are not public), so a client never reads
its own comment back as news.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict

from sigap.core.timefmt import local_tz
from sigap.domain.lifecycle import Action, Audience, note_reaches
from sigap.domain.open311_status import extended_status
from sigap.open311.queries import page_of, parse_window
from sigap.reports.access import public_reports
from sigap.reports.models import ReportEvent

COLUMNS = ("report__tracking_id", "seq", "at", "action", "to_status", "note")


@dataclass(frozen=True)
class UpdateWindow:
    start: datetime
    end: datetime | None
    page: int
    page_size: int


def update_id(tracking_id: str, seq: int) -> str:
    """Stable and unique: the report's tracking ID and the event's place in its history."""
    return f"{tracking_id}-{seq}"


def parse_update_window(query: QueryDict, *, now: datetime) -> UpdateWindow:
    start, end = parse_window(query, now=now)
    page, page_size = page_of(query)
    return UpdateWindow(start=start, end=end, page=page, page_size=page_size)


def _public_events() -> QuerySet[ReportEvent]:
    # The submission is the request itself, not an update of it.
    return (ReportEvent.objects.filter(report__in=public_reports(), is_public=True)
            .exclude(action=Action.SUBMIT.value))


def find_updates(window: UpdateWindow) -> list[dict[str, Any]]:
    rows = _public_events().filter(at__gte=window.start)
    if window.end is not None:
        rows = rows.filter(at__lte=window.end)
    offset = (window.page - 1) * window.page_size
    return serialize_updates(rows.order_by("at", "id").values(*COLUMNS)[offset:offset + window.page_size])


def history_of(tracking_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Every public update of these reports, oldest first, by tracking ID: `extensions=true` on requests."""
    history: dict[str, list[dict[str, Any]]] = {}
    rows = (_public_events().filter(report__tracking_id__in=list(tracking_ids))
            .order_by("report_id", "seq").values(*COLUMNS))
    for item in serialize_updates(rows):
        history.setdefault(item["service_request_id"], []).append(item)
    return history


def serialize_updates(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    zone = local_tz()
    return [{
        "update_id": update_id(row["report__tracking_id"], row["seq"]),
        "service_request_id": row["report__tracking_id"],
        "status": extended_status(row["to_status"], row["action"]),
        "updated_datetime": row["at"].astimezone(zone).isoformat(timespec="seconds"),
        "description": row["note"] if note_reaches(row["action"], Audience.PUBLIC) else "",
        "media_url": "",
        "external_status_code": row["to_status"],
    } for row in rows]


def add_history(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each request's public updates under `extended_attributes` (from `find_requests` with extensions)."""
    history = history_of(item["service_request_id"] for item in items)
    for item in items:
        extended = item["extended_attributes"]
        updates = history.get(item["service_request_id"], [])
        # The last public update names the action where it says more (a duplicate), if it left today's status.
        if updates and updates[-1]["external_status_code"] == extended["external_status_code"]:
            extended["status"] = updates[-1]["status"]
        extended["updates"] = updates
    return items
