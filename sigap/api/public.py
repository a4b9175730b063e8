"""The public JSON API: intake, the public view of a report, reference data, and the reporter's actions."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Header, Router, Status
from ninja.errors import ValidationError
from pydantic import ValidationError as PydanticError

from sigap.api import messages
from sigap.api.public_schemas import (
    CategoryOut,
    ErrorsOut,
    ReportCreatedOut,
    ReporterActionIn,
    ReportIn,
    ReportPublicOut,
    SupportIn,
    SupportOut,
    WilayahOut,
)
from sigap.core.errors import ActionError, InvalidInput, NotFound, PayloadTooLarge
from sigap.core.links import absolute_url
from sigap.core.phone import clean_phone
from sigap.core.ratelimit import client_address
from sigap.core.refused_input import UNCHECKED, checked_json, refuse_control_characters
from sigap.core.timefmt import iso_local
from sigap.reports import actions
from sigap.reports.access import get_public_report
from sigap.reports.actions.intake import MAX_PHOTOS
from sigap.reports.drafting import clean_email, resolve_category, resolve_place
from sigap.reports.idempotency import HEADER, REPLAYED
from sigap.reports.models import Category, Channel, Report
from sigap.reports.notify import reporter_url, tracking_url
from sigap.reports.queries import public_address, public_point, public_timeline, status_label, support_count
from sigap.wilayah.models import Wilayah

router = Router(tags=["public"])

ERRORS: dict[int, type[ErrorsOut]] = {code: ErrorsOut for code in (400, 403, 404, 409, 413, 422, 429)}


def _inline_refs(schema: Any, defs: dict[str, Any]) -> Any:
    # The request body is declared by hand (JSON or multipart); OpenAPI has no "$defs", so nested models go inline.
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _inline_refs(defs[schema["$ref"].split("/")[-1]], defs)
        return {key: _inline_refs(value, defs) for key, value in schema.items() if key != "$defs"}
    if isinstance(schema, list):
        return [_inline_refs(item, defs) for item in schema]
    return schema


_REPORT_SCHEMA = ReportIn.model_json_schema()
_REPORT_SCHEMA = _inline_refs(_REPORT_SCHEMA, _REPORT_SCHEMA.get("$defs", {}))
_CREATE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": _REPORT_SCHEMA},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["data"],
                    "properties": {
                        "data": {"type": "string", "description": "The same JSON document as application/json."},
                        "photos": {"type": "array", "maxItems": MAX_PHOTOS,
                                   "items": {"type": "string", "format": "binary"},
                                   "description": "Up to 3 photos, 10 MB each (JPEG, PNG, WebP)."},
                    },
                }
            },
        },
    }
}


def _read_body(request: HttpRequest) -> tuple[Any, list[Any]]:
    content_type = request.content_type or ""
    if content_type == "application/json":
        # RefusedInputMiddleware decoded and checked this very body already: it is not parsed twice.
        document = checked_json(request)
        if document is not UNCHECKED:
            return document, []
    try:
        if content_type == "multipart/form-data":
            raw = request.POST.get("data", "")
            files = request.FILES.getlist("photos")
        elif content_type == "application/json":
            raw, files = request.body.decode("utf-8"), []
        else:
            raise ActionError(_("Send application/json or multipart/form-data."), field=None,
                              code="unsupported_media_type")
    except (RequestDataTooBig, TooManyFieldsSent) as error:
        raise PayloadTooLarge(_("The request is too large."), field=None) from error
    except MultiPartParserError as error:  # e.g. no boundary: Django would answer with its HTML 400 page
        raise ActionError(messages.unparsable_body(), field=None, code="bad_multipart") from error
    except UnicodeDecodeError as error:
        raise ActionError(_("The body is not UTF-8."), field=None, code="bad_encoding") from error
    try:
        document = json.loads(raw)
    except ValueError as error:
        raise ActionError(_("The body is not valid JSON."), field=None, code="bad_json") from error
    refuse_control_characters(document)
    return document, files


def _validate(payload: Any) -> ReportIn:
    try:
        return ReportIn.model_validate(payload)
    except PydanticError as error:
        raise ValidationError([dict(item) for item in error.errors()]) from error


def _draft(body: ReportIn, files: list[Any]) -> actions.ReportDraft:
    location = body.location
    place = resolve_place(location.kelurahan or "", location.rw or "", location.rt or "") if location \
        else resolve_place("")
    email = clean_email(body.reporter.email or "", field="reporter.email")
    return actions.ReportDraft(
        kind=body.kind, category=resolve_category(body.category), title=body.title,
        description=body.description, event_date=body.event_date, kelurahan=place.kelurahan, rw=place.rw,
        rt=place.rt, address=(location.address or "") if location else "",
        lat=Decimal(str(round(location.lat, 6))) if location and location.lat is not None else None,
        lng=Decimal(str(round(location.lng, 6))) if location and location.lng is not None else None,
        anonim=body.anonim, rahasia=body.rahasia, reporter_name=body.reporter.name or "",
        reporter_phone=clean_phone(body.reporter.phone or "", field="reporter.phone"), reporter_email=email,
        channel=Channel.API, uploads=files,
    )


_KEY_HELP = ("Optional. A unique value per report (a UUID) that makes retries safe: a retry with the same key and "
             "body gets the first answer (same tracking ID and status code, header Idempotent-Replayed: true) and "
             "stores nothing; the same key with another body is refused with 422. Keys are kept 24 hours.")


def _created(report: Report, status_code: int) -> Status:
    return Status(status_code, {"tracking_id": report.tracking_id, "status": report.status,
                                "due_at": iso_local(report.due_at), "reporter_token": report.reporter_token,
                                "url": tracking_url(report), "reporter_url": reporter_url(report)})


@router.post("/reports", response={201: ReportCreatedOut, **ERRORS}, openapi_extra=_CREATE_BODY,
             summary="File a report (JSON, or multipart with photos)")
def create_report(request: HttpRequest, response: HttpResponse,
                  idempotency_key: str | None = Header(None, alias=HEADER, description=_KEY_HELP)) -> Status:
    payload, files = _read_body(request)
    draft = _draft(_validate(payload), files)
    client = actions.Client(address=client_address(request), scope=Channel.API, key=idempotency_key)
    filed = actions.file_report(draft, client=client)
    if filed.replayed:
        response[REPLAYED] = "true"
    return _created(filed.report, filed.status_code or 201)


def _named(row: Wilayah | Category | None) -> dict[str, str] | None:
    if row is None:
        return None
    return {"code": row.code, "name": row.name}


def _point(report: Report) -> dict[str, float | None]:
    lat, lng = public_point(anonim=report.anonim, lat=report.lat, lng=report.lng)
    return {"lat": float(lat) if lat is not None else None, "lng": float(lng) if lng is not None else None}


def public_view(report: Report, *, token: str | None = None) -> dict[str, Any]:
    photo_urls = []
    for photo in report.photos.all():
        if token and report.rahasia:
            photo_urls.append(absolute_url("web:reporter_photo", report.tracking_id, token, photo.pk))
        else:
            photo_urls.append(absolute_url("web:photo", report.tracking_id, photo.pk))
    return {
        "tracking_id": report.tracking_id, "kind": report.kind, "category": _named(report.category),
        "title": report.title, "description": report.description,
        "event_date": report.event_date.isoformat() if report.event_date else None,
        "status": report.status, "status_label": status_label(report.status),
        "handling_unit": str(report.lead_unit) if report.lead_unit_id else None,
        "received_at": iso_local(report.received_at), "due_at": iso_local(report.due_at),
        "anonim": report.anonim,
        "location": {"kelurahan": _named(report.kelurahan), "rw": _named(report.rw), "rt": _named(report.rt),
                     "address": public_address(anonim=report.anonim, address=report.address), **_point(report)},
        "timeline": [{"at": iso_local(entry.at), "action": entry.action, "status": entry.status,
                      "status_label": entry.status_label, "actor": entry.actor, "note": entry.note}
                     for entry in public_timeline(report)],
        "photos": photo_urls,
        "support_count": support_count(report),
    }


@router.get("/reports/{tracking_id}", response={200: ReportPublicOut, **ERRORS},
            summary="The public view of a report (a rahasia report only with ?token=)")
def get_report(request: HttpRequest, tracking_id: str, token: str | None = None) -> dict[str, Any]:
    if len(tracking_id) > 32 or (token is not None and len(token) > 64):
        raise NotFound(_("Report not found."))
    return public_view(get_public_report(tracking_id, reporter_token=token), token=token)


@router.post("/reports/{tracking_id}/reporter/{action}", response={200: ReportPublicOut, **ERRORS},
             summary="The reporter's actions with the reporter_token: add_info, confirm, dispute, rate")
def reporter_action(request: HttpRequest, tracking_id: str,
                    action: Literal["add_info", "confirm", "dispute", "rate"],
                    payload: ReporterActionIn) -> dict[str, Any]:
    if len(tracking_id) > 32:
        raise NotFound(_("Report not found."))
    report = get_public_report(tracking_id, reporter_token=payload.token)
    if action == "add_info":
        actions.add_info(report=report, token=payload.token, message=payload.message or "")
    elif action == "confirm":
        actions.confirm_resolution(report=report, token=payload.token)
    elif action == "dispute":
        actions.dispute_resolution(report=report, token=payload.token, message=payload.message or "")
    else:
        if payload.rating is None:
            raise InvalidInput(_("Give a rating from 1 to 5."), field="rating", code="required")
        actions.rate_report(report=report, token=payload.token, rating=payload.rating,
                            comment=payload.comment or "")
    report.refresh_from_db()
    return public_view(report, token=payload.token)


@router.post("/reports/{tracking_id}/support", response={202: SupportOut, **ERRORS},
             summary="“Saya juga mengalami ini”: support an open report instead of filing the same problem again")
def support(request: HttpRequest, tracking_id: str, payload: SupportIn) -> Status:
    if len(tracking_id) > 32:
        raise NotFound(_("Report not found."))
    report = get_public_report(tracking_id)
    phone = clean_phone(payload.phone or "", field="phone")
    email = clean_email(payload.email or "", field="email")
    actions.support_report(report=report, phone=phone, email=email, client_address=client_address(request))
    return Status(202, {"tracking_id": report.tracking_id, "support_count": support_count(report),
                        "confirm_by": [way for way, given in (("email", email), ("whatsapp", phone)) if given]})


@router.get("/categories", response=list[CategoryOut], summary="Categories a report may be filed under")
def categories(request: HttpRequest) -> list[dict[str, str]]:
    return [{"code": c.code, "name": c.name, "example": c.example}
            for c in Category.objects.filter(is_active=True)]


@router.get("/wilayah", response={200: list[WilayahOut], **ERRORS},
            summary="Children of a wilayah (kecamatan of the city when parent is omitted)")
def wilayah(request: HttpRequest, parent: str | None = None) -> list[dict[str, str | None]]:
    code = parent or settings.SIGAP_KOTA_CODE
    node = Wilayah.objects.filter(code=code[:40], is_active=True).first() if len(code) <= 40 else None
    if node is None:
        raise NotFound(_("Unknown wilayah code."), field="parent")
    return [{"code": w.code, "name": w.name, "level": w.level, "parent": node.code}
            for w in Wilayah.objects.filter(parent=node, is_active=True).order_by("code")]
