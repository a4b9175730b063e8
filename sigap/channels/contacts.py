"""WhatsApp people: found by business-scoped user id first, then wa_id or phone; linked to staff by Profile."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from sigap.channels.models import WhatsAppContact
from sigap.organization.models import Profile


def phone_from_wa_id(wa_id: str) -> str:
    digits = "".join(ch for ch in wa_id if ch.isdigit())
    return f"+{digits}" if digits else ""


def _digits(address: str) -> str:
    return "".join(ch for ch in address if ch.isdigit())


def find_contact(address: str) -> WhatsAppContact | None:
    """The contact an outbox address (user id, wa_id or +phone) points at."""
    if not address:
        return None
    digits = _digits(address)
    condition = Q(user_id=address) | Q(wa_id=address)
    if digits and not address.upper().startswith("US."):
        condition |= Q(wa_id=digits) | Q(phone=f"+{digits}")
    return WhatsAppContact.objects.filter(condition).order_by("pk").first()


@transaction.atomic
def contact_from_webhook(info: dict[str, Any], *, sender: str = "", now: datetime) -> WhatsAppContact:
    """The contact of an inbound message, created or completed (a user id may arrive after the phone)."""
    user_id = str(info.get("user_id") or "")[:80] or None
    wa_id = _digits(str(info.get("wa_id") or sender or ""))[:32] or None
    name = str((info.get("profile") or {}).get("name") or "")[:120] if isinstance(info.get("profile"), dict) else ""
    contact = None
    if user_id:
        contact = WhatsAppContact.objects.select_for_update().filter(user_id=user_id).first()
    if contact is None and wa_id:
        contact = WhatsAppContact.objects.select_for_update().filter(wa_id=wa_id).first()
    if contact is None:
        try:
            with transaction.atomic():
                contact = WhatsAppContact.objects.create(
                    user_id=user_id, wa_id=wa_id, phone=phone_from_wa_id(wa_id or ""), name=name, created_at=now
                )
        except IntegrityError:  # another worker created it a moment ago
            contact = WhatsAppContact.objects.select_for_update().get(
                Q(user_id=user_id) if user_id else Q(wa_id=wa_id)
            )
    changed = []
    if user_id and not contact.user_id:
        contact.user_id = user_id
        changed.append("user_id")
    if wa_id and not contact.wa_id:
        contact.wa_id, contact.phone = wa_id, phone_from_wa_id(wa_id)
        changed += ["wa_id", "phone"]
    if name and name != contact.name:
        contact.name = name
        changed.append("name")
    if contact.person_id is None:
        person_id = _person_id_for(contact)
        if person_id:
            contact.person_id = person_id
            changed.append("person")
    if contact.last_inbound_at is None or now > contact.last_inbound_at:
        contact.last_inbound_at = now
        changed.append("last_inbound_at")
    if changed:
        contact.save(update_fields=changed)
    return contact


def _person_id_for(contact: WhatsAppContact) -> int | None:
    condition = Q(pk__in=[])
    if contact.user_id:
        condition |= Q(whatsapp_user_id=contact.user_id)
    if contact.wa_id:
        condition |= Q(whatsapp_user_id=contact.wa_id)
    if contact.phone:
        condition |= Q(phone=contact.phone) | Q(phone=contact.phone.lstrip("+"))
    profile = Profile.objects.filter(condition).order_by("pk").first()
    return profile.person_id if profile else None
