"""Turning a GeoReport v2 POST (form-encoded) into the common intake draft."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from sigap.core.errors import InvalidInput, NotFound
from sigap.core.phone import clean_phone
from sigap.domain.public_urls import is_public_http_url
from sigap.open311 import services
from sigap.reports.actions import ReportDraft
from sigap.reports.drafting import clean_email, resolve_place
from sigap.reports.models import Channel, Kind

TITLE_LENGTH = 80
MEDIA_URL_LIMIT = 1000


@dataclass(frozen=True)
class Filing:
    draft: ReportDraft
    media_url: str


def _attributes(form: QueryDict) -> dict[str, str]:
    found = {}
    for key in form:
        if key.startswith("attribute[") and key.endswith("]"):
            found[key[len("attribute["):-1]] = form.get(key, "").strip()
    return found


def _coordinate(raw: str, name: str) -> Decimal:
    try:
        value = float(raw)
    except ValueError as error:
        raise InvalidInput(_("%(name)s must be a number.") % {"name": name}, field=name) from error
    if not math.isfinite(value):
        raise InvalidInput(_("%(name)s must be a number.") % {"name": name}, field=name)
    return Decimal(str(round(value, 6)))


def _flag(raw: str, name: str) -> bool:
    if raw in ("", "false"):
        return False
    if raw == "true":
        return True
    raise InvalidInput(_("attribute[%(name)s] must be true or false.") % {"name": name}, field=name)


def _event_date(raw: str) -> date | None:
    if not raw:
        return None
    moment = parse_datetime(raw)
    if moment is not None:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return timezone.localdate(moment)
    try:
        day = parse_date(raw)
    except ValueError:
        day = None
    if day is None:
        raise InvalidInput(_("attribute[event_date] must be an ISO 8601 date and time."), field="event_date")
    return day


def _title(description: str, fallback: str) -> str:
    first_line = next((line.strip() for line in description.splitlines() if line.strip()), "")
    if not first_line:
        return fallback[:TITLE_LENGTH]
    return first_line if len(first_line) <= TITLE_LENGTH else first_line[:TITLE_LENGTH - 1].rstrip() + "…"


def _media_url(raw: str) -> str:
    if not raw:
        return ""
    if len(raw) > MEDIA_URL_LIMIT:
        raise InvalidInput(_("media_url is too long."), field="media_url", code="too_long")
    try:
        URLValidator(schemes=["http", "https"])(raw)
    except ValidationError as error:
        raise InvalidInput(_("media_url must be an http or https address."), field="media_url") from error
    # The link is republished to everyone: a link into our own network (169.254.169.254, localhost…) is refused.
    if not is_public_http_url(raw):
        raise InvalidInput(_("media_url must point at a public address on the internet."), field="media_url",
                           code="not_public")
    return raw


def parse_filing(form: QueryDict) -> Filing:
    """Check what the client sent in the spec's order of errors; raises InvalidInput (400) or NotFound (404)."""
    code = form.get("service_code", "").strip()
    if not code:
        raise InvalidInput(_("service_code is required."), field="service_code", code="required")
    category = services.find_service(code)
    if category is None:
        raise NotFound(_("Unknown service_code."), field="service_code")
    attributes = _attributes(form)
    lat_raw, lng_raw = form.get("lat", "").strip(), form.get("long", "").strip()
    address = form.get("address_string", "").strip()
    address_id = form.get("address_id", "").strip()
    kelurahan_code = attributes.get(services.KELURAHAN, "")
    if address_id and kelurahan_code and address_id != kelurahan_code:
        raise InvalidInput(_("address_id and attribute[kelurahan] name different kelurahan."), field="address_id")
    if bool(lat_raw) != bool(lng_raw):
        raise InvalidInput(_("Give both lat and long."), field="lat")
    if not (lat_raw or address or address_id or kelurahan_code):
        raise InvalidInput(_("A location is required: lat and long, address_string or address_id."),
                           field="location", code="required")
    place = resolve_place(address_id or kelurahan_code, attributes.get(services.RW, ""),
                          attributes.get(services.RT, ""))
    kind = attributes.get(services.KIND, "") or Kind.PENGADUAN
    if kind not in Kind.values:
        raise InvalidInput(_("attribute[kind] is not one of the listed values."), field="kind")
    description = form.get("description", "")
    name = " ".join(part for part in (form.get("first_name", "").strip(), form.get("last_name", "").strip()) if part)
    draft = ReportDraft(
        kind=kind, category=category, title=_title(description, category.name), description=description,
        event_date=_event_date(attributes.get(services.EVENT_DATE, "")), kelurahan=place.kelurahan, rw=place.rw,
        rt=place.rt, address=address,
        lat=_coordinate(lat_raw, "lat") if lat_raw else None, lng=_coordinate(lng_raw, "long") if lng_raw else None,
        anonim=_flag(attributes.get(services.ANONIM, ""), services.ANONIM),
        rahasia=_flag(attributes.get(services.RAHASIA, ""), services.RAHASIA),
        reporter_name=name, reporter_phone=clean_phone(form.get("phone", ""), field="phone"),
        reporter_email=clean_email(form.get("email", ""), field="email"), channel=Channel.OPEN311,
    )
    return Filing(draft=draft, media_url=_media_url(form.get("media_url", "").strip()))
