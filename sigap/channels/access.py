"""Reports a WhatsApp contact filed: matched on the WhatsApp ids or the phone they reported with."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sigap.channels.models import WhatsAppContact
from sigap.reports.models import Report


def reports_of_contact(contact: WhatsAppContact) -> QuerySet[Report]:
    condition = Q(pk__in=[])
    ids = [value for value in (contact.user_id, contact.wa_id) if value]
    if ids:
        condition |= Q(reporter_whatsapp_id__in=ids)
    if contact.phone:
        condition |= Q(reporter_phone=contact.phone)
    return Report.objects.filter(condition).select_related("category")


def own_report(contact: WhatsAppContact, tracking_id: str) -> Report | None:
    from sigap.domain.tracking import normalize_tracking_id

    canonical = normalize_tracking_id(tracking_id)
    return reports_of_contact(contact).filter(tracking_id=canonical).first() if canonical else None
