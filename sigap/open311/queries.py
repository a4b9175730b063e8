"""Reading service requests for GET requests: public reports only, a few columns, the received_at index."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from sigap.core.errors import InvalidInput
from sigap.core.timefmt import local_tz
from sigap.domain.lifecycle import FINAL_STATUSES
from sigap.domain.open311_status import extended_status
from sigap.domain.public_urls import is_public_http_url
from sigap.domain.tracking import normalize_tracking_id
from sigap.open311.conf import DEFAULT_WINDOW_DAYS, MAX_PAGE_SIZE
from sigap.reports.access import public_reports
from sigap.reports.models import PhotoKind, ReportPhoto
from sigap.reports.queries import public_address, public_point

CLOSED = tuple(status.value for status in FINAL_STATUSES)
COLUMNS = ("id", "tracking_id", "status", "last_public_message", "description", "address", "lat", "lng", "anonim",
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
    extensions: bool = False


def parse_moment(raw: str, name: str) -> datetime:
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


def wants_extensions(query: QueryDict) -> bool:
    """mySociety's `extensions=true`; any other value is the core document, as a client without it expects."""
    return query.get("extensions", "").strip().lower() == "true"


def parse_window(query: QueryDict, *, now: datetime) -> tuple[datetime, datetime | None]:
    """start_date and end_date: at most DEFAULT_WINDOW_DAYS apart, the last such days when neither is given."""
    start_raw, end_raw = query.get("start_date", "").strip(), query.get("end_date", "").strip()
    end = parse_moment(end_raw, "end_date") if end_raw else None
    start = parse_moment(start_raw, "start_date") if start_raw else None
    if start is None:
        start = (end or now) - timedelta(days=DEFAULT_WINDOW_DAYS)
    if end is not None and end < start:
        raise InvalidInput(_("end_date is before start_date."), field="end_date")
    if (end or now) - start > timedelta(days=DEFAULT_WINDOW_DAYS):
        raise InvalidInput(_("The date range may not span more than %(days)d days.") % {"days": DEFAULT_WINDOW_DAYS},
                           field="start_date")
    return start, end


def page_of(query: QueryDict) -> tuple[int, int]:
    """page and page_size, the latter at most MAX_PAGE_SIZE."""
    return (_positive(query.get("page", ""), "page", 1, 1_000_000),
            _positive(query.get("page_size", ""), "page_size", MAX_PAGE_SIZE, MAX_PAGE_SIZE))


def parse_filter(query: QueryDict, *, now: datetime) -> RequestFilter:
    page, page_size = page_of(query)
    extensions = wants_extensions(query)
    ids = _list(query.get("service_request_id", ""))
    if ids:  # the spec: with service_request_id every other filter is ignored
        if len(ids) > MAX_PAGE_SIZE:
            raise InvalidInput(_("At most %(count)d ids at once.") % {"count": MAX_PAGE_SIZE},
                               field="service_request_id")
        return RequestFilter(ids=ids, page=page, page_size=page_size, extensions=extensions)
    statuses = _list(query.get("status", ""))
    if any(status not in ("open", "closed") for status in statuses):
        raise InvalidInput(_("status must be open or closed."), field="status")
    start, end = parse_window(query, now=now)
    return RequestFilter(service_codes=_list(query.get("service_code", "")), start=start, end=end,
                         statuses=statuses, page=page, page_size=page_size, extensions=extensions)


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
    # The first intake photo comes from a correlated subquery: one indexed look-up per returned row, no second
    # round trip with a thousand ids.
    first_photo = Subquery(ReportPhoto.objects.filter(report=OuterRef("pk"), kind=PhotoKind.INTAKE)
                           .order_by("created_at", "id").values("pk")[:1])
    found = list(rows.order_by("-received_at").annotate(first_photo=first_photo)
                 .values(*COLUMNS, "first_photo")[offset:offset + spec.page_size])
    return serialize(found, extensions=spec.extensions)


def serialize(rows: list[dict[str, Any]], *, extensions: bool = False) -> list[dict[str, Any]]:
    base = settings.SIGAP_BASE_URL
    track = reverse("web:track", args=["TRACKING"])
    photo_path = reverse("web:photo", args=["TRACKING", 1]).rsplit("/", 1)[0]
    notice = _("Follow this report at %(url)s")
    zone = local_tz()
    items = []
    for row in rows:
        tracking_id = row["tracking_id"]
        lat, lng = public_point(anonim=row["anonim"], lat=row["lat"], lng=row["lng"])
        # Links stored before media_url was checked are published only if they point at the public internet.
        client_media = row["open311__media_url"] if is_public_http_url(row["open311__media_url"] or "") else ""
        media = client_media or (
            f"{base}{photo_path.replace('TRACKING', tracking_id)}/{row['first_photo']}" if row["first_photo"]
            else "")
        item: dict[str, Any] = {
            "service_request_id": tracking_id,
            "status": "closed" if row["status"] in CLOSED else "open",
            "status_notes": row["last_public_message"],
            "service_name": row["category__name"],
            "service_code": row["category__code"],
            "description": row["description"],
            "agency_responsible": row["lead_unit__name"] or "",
            "service_notice": notice % {"url": base + track.replace("TRACKING", tracking_id)},
            "requested_datetime": _local(row["received_at"], zone),
            "updated_datetime": _local(row["updated_at"], zone),
            "expected_datetime": _local(row["due_at"], zone),
            "address": public_address(anonim=row["anonim"], address=row["address"]),
            "address_id": row["kelurahan__code"] or "",
            "zipcode": "",
            "lat": float(lat) if lat is not None else None,
            "long": float(lng) if lng is not None else None,
            "media_url": media,
        }
        if extensions:  # the public history is added by the caller (sigap.open311.updates.add_history)
            item["extended_attributes"] = {"status": extended_status(row["status"]),
                                           "external_status_code": row["status"]}
        items.append(item)
    return items


def _local(moment: datetime | None, zone: tzinfo) -> str | None:
    # iso_local's format with the zone looked up once per page instead of once per timestamp.
    return moment.astimezone(zone).isoformat(timespec="seconds") if moment is not None else None
