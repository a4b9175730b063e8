"""Who is told what in the chain. Called inside actions; only writes outbox rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core import signing

from sigap.chain.models import Delivery
from sigap.core.links import absolute_url
from sigap.notifications.outbox import contact_channels, owe
from sigap.organization.models import Unit

_SALT = "sigap.chain.ack"


def ack_token(delivery: Delivery) -> str:
    return signing.Signer(salt=_SALT).sign(str(delivery.pk))


def delivery_id_from_token(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def ack_url(delivery: Delivery) -> str:
    return absolute_url("chain:acknowledge", ack_token(delivery))


def ack_button_id(delivery: Delivery) -> str:
    return f"chain:ack:{delivery.pk}"


def _addresses(person: Any) -> list[tuple[str, str]]:
    profile = getattr(person, "profile", None)
    return list(contact_channels(
        phone=profile.phone if profile else "",
        email=person.email or "",
        whatsapp_id=profile.whatsapp_user_id if profile else "",
    ))


def _context(delivery: Delivery) -> dict[str, Any]:
    from django.utils.translation import gettext as _

    announcement = delivery.announcement
    return {
        "title": announcement.title,
        "message": announcement.body,
        "from_unit": str(announcement.origin_unit),
        "unit": str(delivery.unit),
        "code": delivery.code,
        "url": ack_url(delivery),
        "is_drill": announcement.is_drill,
        "buttons": [{"id": ack_button_id(delivery), "title": _("Received")}],
    }


def _owe_all(person: Any, template: str, context: dict[str, Any], key: str, now: datetime) -> None:
    # WhatsApp is where heads live; email only when they have no WhatsApp.
    for channel, address in _addresses(person)[:1]:
        owe(channel=channel, address=address, template=template, context=context, key=f"{key}:{channel}",
            user_id=person.pk, now=now)


def owe_announcement(delivery: Delivery) -> None:
    _owe_all(delivery.recipient, "chain_announcement", _context(delivery), f"chain:{delivery.pk}:announce",
             delivery.sent_at)


def owe_reminder(delivery: Delivery, now: datetime) -> None:
    _owe_all(delivery.recipient, "chain_reminder", _context(delivery), f"chain:{delivery.pk}:remind", now)


def owe_escalation(delivery: Delivery, head: Any, head_unit: Unit | None, now: datetime) -> None:
    recipient = delivery.recipient
    context = {
        "title": delivery.announcement.title,
        "name": recipient.get_full_name() or recipient.get_username(),
        "unit": str(delivery.unit),
        "head_unit": str(head_unit or ""),
        "sent_at": delivery.sent_at.isoformat(),
    }
    _owe_all(head, "chain_escalated", context, f"chain:{delivery.pk}:escalate:{head.pk}", now)
