"""Handling one stored inbox item, at most once: statuses update the outbox, messages drive a conversation."""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from sigap.chain import whatsapp as chain_whatsapp
from sigap.channels.contacts import contact_from_webhook
from sigap.channels.conversation.engine import Inbound, handle_inbound
from sigap.channels.models import InboxItem, InboxKind, WhatsAppContact
from sigap.channels.replies import Reply, send_replies
from sigap.channels.statuses import apply_status

log = logging.getLogger(__name__)

CHAIN_WORDS = ("naikkan", "jawab", "selesai", "daftar", "ack", "terima")
# "terima kasih" is everyday Indonesian: only "terima <code>" with an announcement-shaped code is an acknowledgement.
ACK_WORDS = frozenset({"ack", "terima"})
ACK_CODE = re.compile(r"^[A-Za-z0-9]{8}$")
SUPPORTED = frozenset({"text", "interactive", "button", "location", "image"})


def process_item(*, item_id: int, now: datetime | None = None) -> str:
    now = now or timezone.now()
    with transaction.atomic():
        item = InboxItem.objects.select_for_update().filter(pk=item_id).first()
        if item is None or item.processed_at is not None:
            return "done"
        if item.kind == InboxKind.STATUS:
            outcome = apply_status(item.payload.get("status") or {}, now=now)
        else:
            outcome = _message(item, now=now)
        item.processed_at = now
        item.outcome = outcome[:200]
        item.save(update_fields=["processed_at", "outcome"])
    return outcome


def _message(item: InboxItem, *, now: datetime) -> str:
    message: dict[str, Any] = item.payload.get("message") or {}
    contact = contact_from_webhook(item.payload.get("contact") or {}, sender=str(message.get("from") or ""),
                                   now=now)
    kind = str(message.get("type") or "")
    if kind not in SUPPORTED:
        log.info("whatsapp: %s message %s ignored", kind or "untyped", item.external_id)
        return f"ignored:{kind or 'untyped'}"[:200]
    inbound = Inbound.from_message(message)
    chain_replies = _chain(contact, inbound, now=now)
    if chain_replies is not None:
        send_replies(contact, [Reply(text) for text in chain_replies], key=item.key, now=now)
        return "chain"
    replies = handle_inbound(contact=contact, inbound=inbound, now=now)
    send_replies(contact, replies, key=item.key, now=now)
    return "conversation"


def _chain(contact: WhatsAppContact, inbound: Inbound, *, now: datetime) -> list[str] | None:
    """Hand chain buttons and head commands to sigap.chain (the chain sits below the channels)."""
    if inbound.reply_id.startswith("chain:"):
        return list(chain_whatsapp.handle_interactive(contact=contact, reply_id=inbound.reply_id, now=now) or [])
    words = inbound.text.strip().lower().split()
    if not words or words[0] not in CHAIN_WORDS:
        return None
    if words[0] in ACK_WORDS:
        # Registered residents receive announcements too, so acknowledging is not for heads only.
        if len(words) != 2 or not ACK_CODE.match(words[1]):
            return None
    elif not _is_head(contact):
        return None
    result = chain_whatsapp.handle_text(contact=contact, text=inbound.text, now=now)
    return None if result is None else list(result)


def _is_head(contact: WhatsAppContact) -> bool:
    if contact.person is None:
        return False
    from sigap.organization.access import active_positions

    return any(p.is_head and p.unit.is_territorial for p in active_positions(contact.person))
