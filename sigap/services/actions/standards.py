"""Versions of a service standard, and complaints naming a service."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.core.errors import Forbidden, InvalidInput
from sigap.domain.service_requests import parse_completion
from sigap.organization.access import is_complaint_admin, is_superuser
from sigap.reports.models import Materi, Report
from sigap.services.models import ReportService, Service, ServiceStandardVersion


def _label(by: Any) -> str:
    if by is None:
        return "system"
    return str(by.get_username())


def publish_standard(*, service: Service, by: Any = None, now: datetime | None = None) -> ServiceStandardVersion:
    """Record the service's standard as it stands now, unless the latest version already says the same."""
    now = now or timezone.now()
    try:
        parse_completion(service.completion)
    except ValueError as error:
        raise InvalidInput(_("The completion time must be 'same_day' or 'N_working_days'."),
                           field="completion") from error
    with transaction.atomic():
        Service.objects.select_for_update().filter(pk=service.pk).first()
        snapshot = service.standard_snapshot()
        latest = service.versions.order_by("-number").first()
        if latest is not None and latest.standard == snapshot:
            return latest
        number = (service.versions.aggregate(top=Max("number"))["top"] or 0) + 1
        return ServiceStandardVersion.objects.create(service=service, number=number, standard=snapshot,
                                                     published_at=now, published_by=_label(by))


def current_standard(service: Service, *, now: datetime | None = None) -> ServiceStandardVersion:
    """The version a new request is made under (published on first use, so loaded catalogues need no step)."""
    return publish_standard(service=service, now=now)


def link_report_to_service(*, report: Report, service: Service, by: Any,
                           now: datetime | None = None) -> ReportService:
    """Name the service a ketidaksesuaian_standar complaint is about. Complaint admins (or the intake) only."""
    now = now or timezone.now()
    if by is not None and not (is_complaint_admin(by) or is_superuser(by)):
        raise Forbidden(_("Only the complaint desk can name the service of a complaint."))
    if report.materi != Materi.KETIDAKSESUAIAN_STANDAR:
        raise InvalidInput(_("Only a complaint that a service did not meet its standard can name a service."),
                           field="service")
    if not service.is_active:
        raise InvalidInput(_("This service is not available."), field="service")
    with transaction.atomic():
        link, _created = ReportService.objects.update_or_create(
            report=report, defaults={"service": service, "linked_at": now}
        )
    return link
