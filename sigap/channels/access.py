"""Reports a WhatsApp contact filed or follows: matched on the WhatsApp ids or the phone they reported with.

What a number is told about a report depends on who it is to that report (docs/architecture.md, rule 9): the
reporter reads their own page's view, anyone else (a follower included: followers are the public) reads only what
the public tracking page shows.
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Q, QuerySet

from sigap.channels.models import WhatsAppContact
from sigap.domain.lifecycle import Audience
from sigap.reports.models import Report, ReportFollower


class Relation(StrEnum):
    REPORTER = "reporter"
    FOLLOWER = "follower"
    STRANGER = "stranger"


def _ids(contact: WhatsAppContact) -> list[str]:
    return [value for value in (contact.user_id, contact.wa_id) if value]


def _matches_contact(contact: WhatsAppContact, *, id_field: str, phone_field: str) -> Q:
    """Rows naming this contact by its WhatsApp ids or its phone (nothing, for a contact with neither)."""
    condition = Q(pk__in=[])
    ids = _ids(contact)
    if ids:
        condition |= Q(**{f"{id_field}__in": ids})
    if contact.phone:
        condition |= Q(**{phone_field: contact.phone})
    return condition


def reports_of_contact(contact: WhatsAppContact) -> QuerySet[Report]:
    condition = _matches_contact(contact, id_field="reporter_whatsapp_id", phone_field="reporter_phone")
    return Report.objects.filter(condition).select_related("category")


def own_report(contact: WhatsAppContact, tracking_id: str) -> Report | None:
    from sigap.domain.tracking import normalize_tracking_id

    canonical = normalize_tracking_id(tracking_id)
    return reports_of_contact(contact).filter(tracking_id=canonical).first() if canonical else None


def follows_report(contact: WhatsAppContact, report: Report) -> bool:
    """A confirmed subscription of this contact (by WhatsApp id or phone) to this report."""
    condition = _matches_contact(contact, id_field="whatsapp_id", phone_field="phone")
    return ReportFollower.objects.filter(condition, report=report, confirmed_at__isnull=False,
                                         follows_updates=True).exists()


def supports_report(contact: WhatsAppContact, report: Report) -> bool:
    """This contact (by WhatsApp id or phone) already supports this report ("Saya juga mengalami ini")."""
    condition = _matches_contact(contact, id_field="whatsapp_id", phone_field="phone")
    return ReportFollower.objects.filter(condition, report=report, supported_at__isnull=False).exists()


def relation_to_report(contact: WhatsAppContact, report: Report) -> Relation:
    if reports_of_contact(contact).filter(pk=report.pk).exists():
        return Relation.REPORTER
    if follows_report(contact, report):
        return Relation.FOLLOWER
    return Relation.STRANGER


def reader_of(contact: WhatsAppContact, report: Report) -> Audience:
    """Whose view of the report this contact gets: the reporter's own, or the public page's."""
    return Audience.REPORTER if relation_to_report(contact, report) is Relation.REPORTER else Audience.PUBLIC
