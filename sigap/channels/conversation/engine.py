"""The citizen's guided dialogue: a state per contact, one handler per state, replies as data.

Free text works at every step (numbers or names instead of taps), "batal" cancels anywhere, and a conversation
left alone longer than the timeout starts over with a polite word.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from sigap.channels import conf
from sigap.channels.conversation.drafts import discard_draft_photos
from sigap.channels.models import Conversation, WhatsAppContact
from sigap.channels.replies import Reply, send_replies

IDLE = "idle"
CANCEL_WORDS = frozenset({"batal", "cancel", "stop", "keluar"})
FOLLOW_WORDS = frozenset({"ikuti", "follow"})  # "IKUTI BBU-7K3M9Q", as the web's follow page says
SUPPORT_WORDS = frozenset({"dukung", "support"})  # "DUKUNG BBU-7K3M9Q", as the web's support page says
MENU_WORDS = frozenset({"menu", "halo", "hai", "hi", "hello", "mulai", "start", "p", "assalamualaikum"})


@dataclass(frozen=True)
class Inbound:
    kind: str
    text: str = ""
    reply_id: str = ""
    lat: Decimal | None = None
    lng: Decimal | None = None
    place: str = ""
    media_id: str = ""

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> Inbound:
        kind = str(message.get("type") or "")
        if kind == "text":
            return cls(kind, text=str((message.get("text") or {}).get("body") or "")[:4000])
        if kind == "interactive":
            interactive = message.get("interactive") or {}
            chosen = interactive.get("button_reply") or interactive.get("list_reply") or {}
            return cls(kind, reply_id=str(chosen.get("id") or "")[:200], text=str(chosen.get("title") or ""))
        if kind == "button":  # a quick-reply button on a template
            button = message.get("button") or {}
            return cls(kind, reply_id=str(button.get("payload") or "")[:200], text=str(button.get("text") or ""))
        if kind == "location":
            location = message.get("location") or {}
            try:
                lat = Decimal(str(location.get("latitude"))).quantize(Decimal("0.000001"))
                lng = Decimal(str(location.get("longitude"))).quantize(Decimal("0.000001"))
            except (InvalidOperation, ValueError):
                return cls(kind)
            place = " — ".join(str(location[k]) for k in ("name", "address") if location.get(k))
            return cls(kind, lat=lat, lng=lng, place=place[:300])
        if kind == "image":
            image = message.get("image") or {}
            return cls(kind, media_id=str(image.get("id") or ""), text=str(image.get("caption") or "")[:4000])
        return cls(kind)


@dataclass
class Turn:
    contact: WhatsAppContact
    conversation: Conversation
    inbound: Inbound
    now: datetime
    replies: list[Reply] = field(default_factory=list)

    @property
    def data(self) -> dict[str, Any]:
        return self.conversation.data

    def go(self, state: str) -> None:
        self.conversation.state = state

    def say(self, reply: Reply | str) -> None:
        self.replies.append(reply if isinstance(reply, Reply) else Reply(reply))

    def reset(self) -> None:
        discard_draft_photos(self.conversation.data)
        self.conversation.state = IDLE
        self.conversation.data = {}


Handler = Callable[[Turn], None]


def menu_reply(body: str = "") -> Reply:
    return Reply(
        body or _("Welcome to Sigap, the %(city)s complaint service. What would you like to do?")
        % {"city": settings.SIGAP_CITY_NAME},
        buttons=[{"id": "menu:lapor", "title": _("Report a problem")[:20]},
                 {"id": "menu:status", "title": _("Check status")[:20]},
                 {"id": "menu:mine", "title": _("My reports")[:20]}],
    )


def _handlers() -> dict[str, Handler]:
    from sigap.channels.conversation import lapor, status

    return {**lapor.HANDLERS, **status.HANDLERS}


def _global(turn: Turn) -> bool:
    """Taps and words that mean the same in every state."""
    from sigap.channels.conversation import lapor, status

    reply_id, word = turn.inbound.reply_id, turn.inbound.text.strip().lower()
    if word in CANCEL_WORDS or reply_id == "menu:cancel":
        was_busy = turn.conversation.state != IDLE
        turn.reset()
        turn.say(menu_reply(_("Cancelled. Nothing was sent.") if was_busy else ""))
        return True
    if reply_id == "menu:lapor":
        lapor.start(turn)
    elif reply_id == "menu:status":
        status.ask_tracking_id(turn)
    elif reply_id == "menu:mine":
        status.my_reports(turn)
    elif reply_id.startswith(("rep:", "act:", "rate:", "fol:", "sup:")):
        status.on_report_action(turn)
    else:
        return False
    return True


def handle_inbound(*, contact: WhatsAppContact, inbound: Inbound, now: datetime) -> list[Reply]:
    with transaction.atomic():
        conversation, _created = Conversation.objects.select_for_update().get_or_create(
            contact=contact, defaults={"state": IDLE, "data": {}, "updated_at": now}
        )
        turn = Turn(contact=contact, conversation=conversation, inbound=inbound, now=now)
        if conversation.state != IDLE and now - conversation.updated_at > conf.conversation_timeout():
            turn.reset()
            turn.say(_("Your previous conversation expired after a while without activity, so we started over."))
        if not _global(turn):
            handler = _handlers().get(conversation.state)
            if handler is None:
                _idle(turn)
            else:
                handler(turn)
        conversation.updated_at = now
        conversation.save()
    return turn.replies


def _idle(turn: Turn) -> None:
    from sigap.channels.conversation import status
    from sigap.domain.tracking import normalize_tracking_id

    text = turn.inbound.text.strip()
    first, _space, rest = text.partition(" ")
    if first.lower() in FOLLOW_WORDS and normalize_tracking_id(rest.strip()):
        status.follow(turn, rest.strip())
        return
    if first.lower() in SUPPORT_WORDS and normalize_tracking_id(rest.strip()):
        status.support(turn, rest.strip())
        return
    if text and text.lower() not in MENU_WORDS and normalize_tracking_id(text):
        status.show_status(turn, text)
        return
    turn.reset()
    turn.say(menu_reply())


def expire_idle_conversations(*, now: datetime) -> int:
    """Close conversations left alone too long and say so, while the person can still be written to."""
    cutoff = now - conf.conversation_timeout()
    count = 0
    for conversation_id in Conversation.objects.filter(updated_at__lt=cutoff).exclude(state=IDLE).values_list(
        "pk", flat=True
    )[:1000]:
        with transaction.atomic():
            conversation = (
                Conversation.objects.select_for_update().select_related("contact")
                .filter(pk=conversation_id, updated_at__lt=cutoff).exclude(state=IDLE).first()
            )
            if conversation is None:
                continue
            stamp = conversation.updated_at.isoformat()
            discard_draft_photos(conversation.data)
            conversation.state, conversation.data, conversation.updated_at = IDLE, {}, now
            conversation.save()
            send_replies(conversation.contact, [Reply(_(
                "We closed this conversation because there was no reply for a while. Nothing was sent. "
                "Write “menu” whenever you want to start again."))], key=f"expired:{conversation_id}:{stamp}",
                now=now)
            count += 1
    return count
