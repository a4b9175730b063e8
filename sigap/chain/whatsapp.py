"""The chain's WhatsApp commands; the channels app routes messages here (the contract in sigap.chain docs).

`contact` is the channels app's WhatsApp contact (user_id, wa_id, phone, person); it is read by attribute only so
this module does not depend on that model. Every reply is a short text in the person's language.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from sigap.chain.actions import acknowledge_delivery, person_for_whatsapp, register_resident
from sigap.chain.actions.people import find_person
from sigap.chain.models import Delivery
from sigap.core.errors import ActionError
from sigap.domain.phone import phone_or_empty
from sigap.organization.models import Unit, UnitKind
from sigap.reports.notify import staff_report_url
from sigap.reports.staff_actions import BY_WHATSAPP_COMMAND, perform

_RT_PARTS = re.compile(r"^(?P<kel>[\d.]+)[/\s]+RW\s*0*(?P<rw>\d{1,3})[/\s]+RT\s*0*(?P<rt>\d{1,3})$", re.IGNORECASE)
ACK_COMMANDS = ("ack", "terima")


def person_of(contact: Any) -> Any | None:
    person = getattr(contact, "person", None)
    if person is not None:
        return person
    phone = str(getattr(contact, "phone", None) or "")
    wa_id = str(getattr(contact, "wa_id", None) or "")
    if not phone and wa_id:
        phone = wa_id
    phone = phone_or_empty(phone)
    return find_person(phone=phone, whatsapp_user_id=str(getattr(contact, "user_id", None) or ""))


def handle_interactive(*, contact: Any, reply_id: str, now: datetime) -> list[str]:
    """A button press with an id `chain:ack:<delivery id>`."""
    parts = reply_id.split(":")
    if len(parts) != 3 or parts[:2] != ["chain", "ack"] or not parts[2].isdigit():
        return [_("Sorry, we did not understand that button.")]
    delivery = Delivery.objects.select_related("announcement").filter(pk=int(parts[2])).first()
    person = person_of(contact)
    if delivery is None or person is None or delivery.recipient_id != person.pk:
        return [_("This message was not sent to you.")]
    return [_ack_reply(delivery, acknowledge_delivery(delivery=delivery, by=person, via="whatsapp", now=now))]


def _ack_reply(delivery: Delivery, new: bool) -> str:
    if new:
        return _("Thank you, acknowledged: “%(title)s”.") % {"title": delivery.announcement.title}
    return _("You already acknowledged “%(title)s”.") % {"title": delivery.announcement.title}


def handle_text(*, contact: Any, text: str, now: datetime) -> list[str] | None:
    """A chain command, or None when the text is not one (the conversation handles it then)."""
    words = (text or "").strip().split(maxsplit=2)
    if not words:
        return None
    command = words[0].lower()
    try:
        if command in ACK_COMMANDS and len(words) >= 2:
            return _acknowledge_by_code(contact, words[1], now)
        if command == "daftar" and len(words) >= 2:
            return _register(contact, " ".join(words[1:]), now)
        if command in BY_WHATSAPP_COMMAND and len(words) >= 2:
            return _report_command(contact, command, words[1], words[2] if len(words) > 2 else "", now)
    except ActionError as error:
        return [error.message]
    return None


def _acknowledge_by_code(contact: Any, code: str, now: datetime) -> list[str]:
    person = person_of(contact)
    delivery = Delivery.objects.select_related("announcement").filter(code=code.strip().upper()[:12]).first()
    if delivery is None or person is None or delivery.recipient_id != person.pk:
        return [_("No announcement with this code was sent to you.")]
    return [_ack_reply(delivery, acknowledge_delivery(delivery=delivery, by=person, via="whatsapp_text", now=now))]


def rt_code_from_text(text: str) -> str:
    text = text.strip()
    match = _RT_PARTS.match(text)
    if match:
        return f"{match['kel']}/RW{int(match['rw']):03d}/RT{int(match['rt']):03d}"
    return text.replace(" ", "")


def _register(contact: Any, text: str, now: datetime) -> list[str]:
    code = rt_code_from_text(text)
    rt = Unit.objects.filter(code__iexact=code, kind=UnitKind.RT, is_active=True).first()
    if rt is None:
        return [_("We do not know the RT “%(code)s”. Send for example: daftar 74.72.06.1007 RW 1 RT 1") %
                {"code": text[:60]}]
    person = person_of(contact) or person_for_whatsapp(
        phone=getattr(contact, "phone", "") or "", whatsapp_user_id=getattr(contact, "user_id", "") or "")
    register_resident(person=person, rt=rt, now=now)
    return [_("You are registered as a resident of %(rt)s. You will receive its announcements.") % {"rt": rt.name}]


def _report_command(contact: Any, command: str, tracking_id: str, text: str, now: datetime) -> list[str]:
    from sigap.reports.access import get_report_for

    person = person_of(contact)
    if person is None:
        return [_("Only registered heads can do this from WhatsApp.")]
    report = get_report_for(person, tracking_id)
    entry = BY_WHATSAPP_COMMAND[command]
    if entry.name == "resolve" and report.category.evidence_photo_required:
        return [_("Report %(id)s needs a photo of the result: resolve it on the web: %(url)s") %
                {"id": report.tracking_id, "url": staff_report_url(report.tracking_id)}]
    perform(entry.name, report=report, by=person, data={entry.text_field: text}, now=now)
    if entry.name == "respond":
        return [_("Your answer to %(id)s was sent to the reporter.") % {"id": report.tracking_id}]
    if entry.name == "resolve":
        return [_("Report %(id)s is marked resolved; the reporter will be asked to confirm.") %
                {"id": report.tracking_id}]
    report.refresh_from_db()
    target = str(report.lead_unit) if report.lead_unit_id else _("the complaint desk")
    return [_("Report %(id)s was passed up to %(unit)s.") % {"id": report.tracking_id, "unit": target}]
