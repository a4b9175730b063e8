"""Replies to a person on WhatsApp go through the outbox like every other message (retries, statuses, audit)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sigap.channels.models import WhatsAppContact
from sigap.notifications.outbox import CONVERSATION_REPLY, owe

REPLY_TEMPLATE = CONVERSATION_REPLY


@dataclass(frozen=True)
class Reply:
    body: str
    buttons: list[dict[str, str]] = field(default_factory=list)  # at most 3, titles at most 20 characters
    rows: list[dict[str, str]] = field(default_factory=list)  # a list message, at most 10 rows
    list_button: str = ""

    def context(self) -> dict[str, Any]:
        context: dict[str, Any] = {"body": self.body}
        if self.buttons:
            context["buttons"] = self.buttons[:3]
        elif self.rows:
            context["list"] = self.rows[:10]
            context["list_button"] = self.list_button
        return context


def send_replies(contact: WhatsAppContact, replies: list[Reply], *, key: str, now: datetime) -> int:
    """Owe each reply once: the key names the inbound message, so reprocessing it sends nothing new."""
    count = 0
    for number, reply in enumerate(replies):
        row = owe(channel="whatsapp", address=contact.address, template=REPLY_TEMPLATE, context=reply.context(),
                  key=f"wa:{key}:{number}", user_id=contact.person_id, now=now)
        count += row is not None
    return count
