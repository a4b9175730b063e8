"""Reading service requests for GET requests: public reports only, a few columns, the received_at index."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from sigap.core.errors import InvalidInput
from sigap.core.timefmt import iso_local
from sigap.domain.lifecycle import FINAL_STATUSES
from sigap.domain.tracking import normalize_tracking_id
from sigap.open311.conf import DEFAULT_WINDOW_DAYS, MAX_PAGE_SIZE
from sigap.reports.access import public_reports
from sigap.reports.models import PhotoKind, ReportPhoto

CLOSED = tuple(status.value for status in FINAL_STATUSES)
COLUMNS = ("id", "tracking_id", "status", "last_public_message", "description", "address", "lat", "lng",
           "received_at", "updated_at", "due_at", "category__code", "category__name", "lead_unit__name",
           "kelurahan__code", "open311__media_url")


@dataclass(frozen=True)
class RequestFilter:
    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    statuses: tuple[str, ...] = ()
    page: int = 1
    page_size: int = MAX_PAGE_SIZE


def _moment(raw: str, name: str) -> datetime:
    moment = parse_datetime(raw)
    if moment is None:
        try:
            day = parse_date(raw)
        except ValueError:
            day = None
        if day is None:
            raise InvalidInput(_("%(name)s must be an ISO 8601 date and time.") % {"name": name}, field=name)
        moment = datetime(day.year, day.month, day.day)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _positive(raw: str, name: str, default: int, maximum: int) -> int:
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise InvalidInput(_("%(name)s must be a whole number from 1 to %(max)d.") % {"name": name, "max": maximum},
                           field=name)
    return int(raw)


def _list(raw: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))


def parse_filter(query: QueryDict, *, now: datetime) -> RequestFilter:
    page = _positive(query.get("page", ""), "page", 1, 1_000_000)
    page_size = _positive(query.get("page_size", ""), "page_size", MAX_PAGE_SIZE, MAX_PAGE_SIZE)
    ids = _list(query.get("service_request_id", ""))
    if ids:  # the spec: with service_request_id every other filter is ignored
        if len(ids) > MAX_PAGE_SIZE:
            raise InvalidInput(_("At most %(count)d ids at once.") % {"count": MAX_PAGE_SIZE},
                               field="service_request_id")
        return RequestFilter(ids=ids, page=page, page_size=page_size)
    statuses = _list(query.get("status", ""))
    if any(status not in ("open", "closed") for status in statuses):
        raise InvalidInput(_("status must be open or closed."), field="status")
    start_raw, end_raw = query.get("start_date", "").strip(), query.get("end_date", "").strip()
    end = _moment(end_raw, "end_date") if end_raw else None
    start = _moment(start_raw, "start_date") if start_raw else None
    if start is None:
        start = (end or now) - timedelta(days=DEFAULT_WINDOW_DAYS)
    if end is not None and end < start:
        raise InvalidInput(_("end_date is before start_date."), field="end_date")
    if (end or now) - start > timedelta(days=DEFAULT_WINDOW_DAYS):
        raise InvalidInput(_("The date range may not span more than %(days)d days.") % {"days": DEFAULT_WINDOW_DAYS},
                           field="start_date")
    return RequestFilter(service_codes=_list(query.get("service_code", "")), start=start, end=end,
                         statuses=statuses, page=page, page_size=page_size)


def find_requests(spec: RequestFilter) -> list[dict[str, Any]]:
    rows = public_reports()
    if spec.ids:
        canonical = [tid for tid in (normalize_tracking_id(raw) for raw in spec.ids) if tid]
        rows = rows.filter(tracking_id__in=canonical)
    else:
        if spec.service_codes:
            rows = rows.filter(category__code__in=spec.service_codes)
        if spec.start is not None:
            rows = rows.filter(received_at__gte=spec.start)
        if spec.end is not None:
            rows = rows.filter(received_at__lte=spec.end)
        if spec.statuses == ("open",):
            rows = rows.exclude(status__in=CLOSED)
        elif spec.statuses == ("closed",):
            rows = rows.filter(status__in=CLOSED)
    offset = (spec.page - 1) * spec.page_size
    found = list(rows.order_by("-received_at").values(*COLUMNS)[offset:offset + spec.page_size])
    return serialize(found)


def serialize(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    photos = _first_photos([row["id"] for row in rows if not row["open311__media_url"]])
    base = settings.SIGAP_BASE_URL
    track = reverse("web:track", args=["TRACKING"])
    photo_path = reverse("web:photo", args=["TRACKING", 1]).rsplit("/", 1)[0]
    notice = _("Follow this report at %(url)s")
    items = []
    for row in rows:
        tracking_id = row["tracking_id"]
        media = row["open311__media_url"] or (
            f"{base}{photo_path.replace('TRACKING', tracking_id)}/{photos[row['id']]}" if row["id"] in photos
            else "")
        items.append({
            "service_request_id": tracking_id,
            "status": "closed" if row["status"] in CLOSED else "open",
            "status_notes": row["last_public_message"],
            "service_name": row["category__name"],
            "service_code": row["category__code"],
            "description": row["description"],
            "agency_responsible": row["lead_unit__name"] or "",
            "service_notice": notice % {"url": base + track.replace("TRACKING", tracking_id)},
            "requested_datetime": iso_local(row["received_at"]),
            "updated_datetime": iso_local(row["updated_at"]),
            "expected_datetime": iso_local(row["due_at"]),
            "address": row["address"],
            "address_id": row["kelurahan__code"] or "",
            "zipcode": "",
            "lat": float(row["lat"]) if row["lat"] is not None else None,
            "long": float(row["lng"]) if row["lng"] is not None else None,
            "media_url": media,
        })
    return items


def _first_photos(report_ids: list[int]) -> dict[int, int]:
    if not report_ids:
        return {}
    first: dict[int, int] = {}
    for report_id, photo_id in (ReportPhoto.objects.filter(report_id__in=report_ids, kind=PhotoKind.INTAKE)
                                .order_by("-created_at", "-id").values_list("report_id", "pk")):
        first[report_id] = photo_id  # the last write wins: ordered newest first, so the earliest stays
    return first
