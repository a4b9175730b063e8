"""The only ways to reach service requests (docs/architecture.md, rule 2). Views never filter by hand."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sigap.core.errors import NotFound
from sigap.domain.nik import mask_nik
from sigap.domain.tracking import normalize_tracking_id
from sigap.organization.access import active_positions, is_staff_member, sees_whole_city, unit_paths
from sigap.organization.models import Role
from sigap.services.models import Service, ServiceRequest


def requests_visible_to(user: Any) -> QuerySet[ServiceRequest]:
    """Requests a staff member may list: the whole city for city-wide roles, else their units' subtrees."""
    if user is None or not user.is_authenticated or not is_staff_member(user):
        return ServiceRequest.objects.none()
    if sees_whole_city(user):
        return ServiceRequest.objects.all()
    condition = Q(pk__in=[])
    for path in unit_paths(user):
        condition |= Q(unit__path__startswith=path)
    return ServiceRequest.objects.filter(condition)


def requests_handled_by(user: Any) -> QuerySet[ServiceRequest]:
    """Requests the person may move: their own units' subtrees only (city-wide roles watch, they do not act)."""
    if user is None or not user.is_authenticated:
        return ServiceRequest.objects.none()
    condition = Q(pk__in=[])
    for path in unit_paths(user):
        condition |= Q(unit__path__startswith=path)
    return ServiceRequest.objects.filter(condition)


def get_request_for(user: Any, tracking_id: str) -> ServiceRequest:
    canonical = normalize_tracking_id(tracking_id)
    found = requests_visible_to(user).select_related("service", "unit", "standard").filter(
        tracking_id=canonical).first() if canonical else None
    if found is None:
        raise NotFound(_("Request not found."))
    return found


def get_public_request(tracking_id: str) -> ServiceRequest:
    """For the public tracking page, which shows the service, status and promise, never the applicant."""
    canonical = normalize_tracking_id(tracking_id)
    found = ServiceRequest.objects.select_related("service", "unit").filter(
        tracking_id=canonical).first() if canonical else None
    if found is None:
        raise NotFound(_("Request not found."))
    return found


def may_see_full_nik(user: Any, request: ServiceRequest) -> bool:
    """Only the handling unit itself sees a NIK in full (UU 24/2013 on population data), not the units above."""
    return any(position.unit_id == request.unit_id and position.role != Role.WARGA
               for position in active_positions(user))


def nik_for(user: Any, request: ServiceRequest) -> str:
    if not request.nik:
        return ""
    return request.nik if may_see_full_nik(user, request) else mask_nik(request.nik)


def public_services() -> QuerySet[Service]:
    return Service.objects.filter(is_active=True).select_related("unit")


def get_public_service(code: str) -> Service:
    service = public_services().filter(code=code).first()
    if service is None:
        raise NotFound(_("Service not found."))
    return service
