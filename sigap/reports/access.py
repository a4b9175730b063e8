"""The only ways to reach reports a person may see (docs/architecture.md, rule 2). Views never filter by hand."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sigap.core.errors import NotFound
from sigap.domain.tracking import normalize_tracking_id
from sigap.organization.access import is_staff_member, overseen_areas, sees_whole_city, unit_paths
from sigap.organization.models import UnitKind
from sigap.reports.models import Report


def reports_handled_by(user: Any) -> QuerySet[Report]:
    """Reports a staff member works on: the whole city for city-wide roles, else their units' subtrees (as lead,
    supporting or escalation unit). Only these show a named reporter's identity."""
    if user is None or not user.is_authenticated or not is_staff_member(user):
        return Report.objects.none()
    if sees_whole_city(user):
        return Report.objects.all()
    return Report.objects.filter(_handled_condition(user))


def _handled_condition(user: Any) -> Q:
    condition = Q(pk__in=[])
    for path in unit_paths(user):
        condition |= Q(lead_unit__path__startswith=path)
        condition |= Q(escalated_to__path__startswith=path)
        condition |= Q(pk__in=Report.objects.filter(supporting__unit__path__startswith=path).values("pk"))
    return condition


def _area_condition(user: Any) -> Q:
    """Reports located in the kelurahan or kecamatan a Lurah or Camat oversees, whoever handles them (read only:
    acting is `permissions.may_act`'s, which never looks at the location)."""
    condition = Q(pk__in=[])
    for office in overseen_areas(user):
        if office.kind == UnitKind.KELURAHAN:
            condition |= Q(kelurahan_id=office.wilayah_id)
        elif office.kind == UnitKind.KECAMATAN:
            condition |= Q(kelurahan__parent_id=office.wilayah_id)
    return condition


def reports_visible_to(user: Any) -> QuerySet[Report]:
    """Reports a staff member may open: those they handle, plus those located in the area they oversee."""
    if user is None or not user.is_authenticated or not is_staff_member(user):
        return Report.objects.none()
    if sees_whole_city(user):
        return Report.objects.all()
    return Report.objects.filter(_handled_condition(user) | _area_condition(user))


def get_report_for(user: Any, tracking_id: str) -> Report:
    canonical = normalize_tracking_id(tracking_id)
    report = reports_visible_to(user).filter(tracking_id=canonical).select_related(
        "category", "lead_unit", "kelurahan", "rw", "rt"
    ).first() if canonical else None
    if report is None:
        raise NotFound(_("Report not found."))
    return report


def public_reports() -> QuerySet[Report]:
    """What the public may list: never rahasia reports."""
    return Report.objects.filter(rahasia=False)


def get_public_report(tracking_id: str, *, reporter_token: str | None = None) -> Report:
    """A report by tracking ID for the public page; a rahasia report only with the reporter's own link."""
    canonical = normalize_tracking_id(tracking_id)
    report = (
        Report.objects.select_related("category", "lead_unit", "kelurahan", "rw", "rt")
        .filter(tracking_id=canonical).first() if canonical else None
    )
    if report is None:
        raise NotFound(_("Report not found."))
    if report.rahasia:
        from django.utils.crypto import constant_time_compare

        if not reporter_token or not constant_time_compare(reporter_token, report.reporter_token):
            raise NotFound(_("Report not found."))
    return report


def may_see_reporter_identity(user: Any, report: Report) -> bool:
    """Shown directly only when not anonim and only to those who handle the report (a Lurah reading an agency's
    report in his kelurahan does not see who filed it); an anonim identity is revealed to complaint admins solely
    through the `view_reporter_identity` action, which logs every look."""
    if identity_is_protected(report):
        return False
    return reports_handled_by(user).filter(pk=report.pk).exists()


# The fields that name or reach an anonim reporter. Everything that shows a report to staff outside the audited
# reveal (`view_reporter_identity`) leaves these out when `identity_is_protected(report)`: the admin's list, detail,
# search and outbox, and any export.
REPORTER_IDENTITY_FIELDS: tuple[str, ...] = (
    "reporter", "reporter_name", "reporter_phone", "reporter_email", "reporter_whatsapp_id",
)


def identity_is_protected(report: Report) -> bool:
    """An anonim reporter's identity is shown only through the audited reveal, whoever is looking."""
    return bool(report.anonim)
