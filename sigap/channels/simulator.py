"""A phone for development (DEBUG only): posts correctly signed payloads to the real webhook and shows the replies
that the sender would have sent (read from the outbox), so the flow can be tried without a Meta account."""

from __future__ import annotations

import json
import secrets
import time
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.channels import conf
from sigap.channels.contacts import find_contact
from sigap.channels.models import InboxItem
from sigap.channels.webhook import signature_for
from sigap.notifications.models import Notification

PERSONAS = [
    ("6281299990001", "Warga (citizen)", ""),
    ("6281100000008", "Ketua RT 001 RW 001 Wajo", ""),
    ("6281100000007", "Ketua RW 001 Wajo", ""),
    ("6281100000006", "Lurah Wajo", ""),
]


def payload_for(*, wa_id: str, name: str, message: dict[str, Any]) -> dict[str, Any]:
    """A webhook body shaped like Meta's, for one inbound message."""
    message = {"from": wa_id, "id": f"wamid.SIM{secrets.token_hex(12)}", "timestamp": str(int(time.time())),
               **message}
    return {"object": "whatsapp_business_account", "entry": [{"id": "0", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "620000000000", "phone_number_id": conf.phone_number_id() or "0"},
        "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
        "messages": [message]}}]}]}


def _message_from_form(data: Any) -> dict[str, Any] | None:
    if data.get("reply_id"):
        kind = "list_reply" if data.get("reply_kind") == "list" else "button_reply"
        return {"type": "interactive", "interactive": {"type": kind, kind: {
            "id": data["reply_id"][:200], "title": data.get("reply_title", "")[:24]}}}
    if data.get("lat") and data.get("lng"):
        try:
            return {"type": "location", "location": {"latitude": float(data["lat"]),
                                                     "longitude": float(data["lng"])}}
        except ValueError:
            return None
    text = (data.get("text") or "").strip()
    return {"type": "text", "text": {"body": text[:4000]}} if text else None


def _post_to_webhook(request: HttpRequest, body: bytes) -> int:
    url = request.build_absolute_uri(reverse("channels:whatsapp_webhook"))
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature_for(body, conf.app_secret())}
    outgoing = urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(outgoing, timeout=10) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _process_now(message_id: str) -> None:
    """Run the processing task at once so the reply shows without waiting for the worker (it is idempotent)."""
    from sigap.channels.processing import process_item

    item = InboxItem.objects.filter(key=f"m:{message_id}").first()
    if item is not None:
        process_item(item_id=item.pk)


def simulator(request: HttpRequest) -> HttpResponse:
    if not settings.DEBUG:
        raise Http404
    wa_id = "".join(ch for ch in request.POST.get("wa_id", request.GET.get("wa_id", PERSONAS[0][0])) if ch.isdigit())
    wa_id = wa_id[:20] or PERSONAS[0][0]
    name = next((label for number, label, _unused in PERSONAS if number == wa_id), "Warga")
    if request.method == "POST":
        message = _message_from_form(request.POST)
        if message is not None:
            payload = payload_for(wa_id=wa_id, name=name, message=message)
            body = json.dumps(payload).encode()
            status = _post_to_webhook(request, body)
            if status == 200:
                _process_now(payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"])
        return HttpResponseRedirect(f"{reverse('channels:whatsapp_simulator')}?wa_id={wa_id}")
    contact = find_contact(wa_id)
    sent = list(
        Notification.objects.filter(channel="whatsapp", recipient_address__in=_addresses(contact, wa_id))
        .order_by("-created_at", "-pk")[:20]
    )
    inbound = list(InboxItem.objects.filter(payload__contact__wa_id=wa_id).order_by("-pk")[:20])
    return render(request, "channels/simulator.html", {
        "personas": PERSONAS, "wa_id": wa_id, "contact": contact, "now": timezone.now(),
        "messages": _thread(sent, inbound), "title": _("WhatsApp simulator"),
        "latest": sent[0].context if sent else {},
    })


def _addresses(contact: Any, wa_id: str) -> list[str]:
    addresses = {wa_id, f"+{wa_id}"}
    if contact is not None:
        addresses |= {a for a in (contact.user_id, contact.wa_id, contact.phone) if a}
    return sorted(addresses)


def _thread(sent: list[Notification], inbound: list[InboxItem]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for item in inbound:
        message = item.payload.get("message", {})
        text = (message.get("text") or {}).get("body") or ""
        chosen = (message.get("interactive") or {})
        chosen = chosen.get("button_reply") or chosen.get("list_reply") or {}
        rows.append({"at": item.received_at, "mine": True,
                     "body": text or chosen.get("title") or f"[{message.get('type', '?')}]"})
    for notification in sent:
        context = notification.context or {}
        body = context.get("body")
        if not body:
            from sigap.notifications.messages import render as render_message

            body = render_message(notification.template, context)[1]
        rows.append({"at": notification.created_at, "mine": False, "body": body,
                     "options": [b["title"] for b in context.get("buttons", [])] +
                     [r["title"] for r in context.get("list", [])], "status": notification.get_status_display()})
    rows.sort(key=lambda row: row["at"])
    return rows
