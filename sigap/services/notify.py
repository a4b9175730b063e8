"""Who is told what about a service request. Called inside actions; only writes outbox rows."""

from __future__ import annotations

from typing import Any

from sigap.core.links import absolute_url
from sigap.notifications.outbox import contact_channels, owe
from sigap.organization.access import heads_of, officers_of
from sigap.organization.models import Unit
from sigap.services.models import ServiceRequest, ServiceRequestEvent


def tracking_url(request: ServiceRequest) -> str:
    return absolute_url("services:track", request.tracking_id)


def counter_url() -> str:
    return absolute_url("services:counter")


def _context(request: ServiceRequest, event: ServiceRequestEvent, extra: dict[str, Any] | None) -> dict[str, Any]:
    context: dict[str, Any] = {
        "tracking_id": request.tracking_id,
        "title": request.service.name,
        "service": request.service.name,
        "unit": str(request.unit),
        "status": request.status,
        "due_at": request.promised_at.isoformat() if request.promised_at else None,
        "note": event.note,
        "url": tracking_url(request),
    }
    context.update(extra or {})
    return context


def notify_applicant(request: ServiceRequest, event: ServiceRequestEvent, template: str,
                     extra: dict[str, Any] | None = None) -> None:
    context = _context(request, event, extra)
    for channel, address in contact_channels(phone=request.applicant_phone, email=request.applicant_email):
        owe(channel=channel, address=address, template=template, context=context,
            key=f"svcreq:{request.pk}:{event.seq}:{template}:{channel}:{address}", now=event.at)


def notify_unit(request: ServiceRequest, event: ServiceRequestEvent, unit: Unit, template: str, *,
                heads_only: bool, extra: dict[str, Any] | None = None) -> None:
    context = _context(request, event, {"url": counter_url(), **(extra or {})})
    positions = heads_of(unit) if heads_only else officers_of(unit)
    for position in positions.select_related("person__profile"):
        person = position.person
        profile = getattr(person, "profile", None)
        for channel, address in contact_channels(phone=profile.phone if profile else "", email=person.email,
                                                 whatsapp_id=profile.whatsapp_user_id if profile else ""):
            owe(channel=channel, address=address, template=template, context=context,
                key=f"svcreq:{request.pk}:{event.seq}:{template}:{channel}:{address}", user_id=person.pk,
                now=event.at)
