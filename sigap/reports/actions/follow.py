"""Following a report: a citizen subscribes an address, and its owner confirms it before anything is sent to it.

Anyone can type anyone's phone or e-mail into a form, so an address typed on the web is only a request: an
e-mail gets one message, the confirmation link; a phone is confirmed by that WhatsApp number itself asking to
follow (nothing is sent to it first). A follow asked from a WhatsApp number is confirmed at once, because the
number itself asked. Closed reports cannot be followed: there is nothing left to tell.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from sigap.core.errors import InvalidInput, NotFound
from sigap.core.links import absolute_url
from sigap.domain.lifecycle import FINAL_STATUSES, Status
from sigap.notifications.models import NotificationChannel
from sigap.notifications.outbox import owe
from sigap.reports.models import Report, ReportFollower


def confirm_url(follower: ReportFollower) -> str:
    # The page says what is confirmed: a follow, or a support only (one token confirms the row either way).
    name = "web:follow_confirm" if follower.follows_updates else "web:support_confirm"
    return absolute_url(name, follower.report.tracking_id, follower.confirm_token)


def check_followable(report: Report) -> None:
    """Refuses (InvalidInput) a report that cannot be followed; pages call it to say so before asking anything."""
    if report.rahasia:
        raise InvalidInput(_("This report cannot be followed."), field="report")
    if Status(report.status) in FINAL_STATUSES:
        raise InvalidInput(_("This report is already finished and can no longer be followed."), field="report",
                           code="closed")


@transaction.atomic
def follow_report(*, report: Report, phone: str = "", email: str = "", whatsapp_id: str = "",
                  confirmed_by_owner: bool = False, now: datetime | None = None) -> list[ReportFollower]:
    """Subscribe each address given (one follower row per address, each confirmed on its own).

    `confirmed_by_owner` is for a WhatsApp number asking for itself (phone or whatsapp_id is that number)."""
    check_followable(report)
    email = email.strip().lower()
    if not (phone or email or whatsapp_id):
        raise InvalidInput(_("Give a WhatsApp number or an email so we can tell you about progress."),
                           field="reporter", code="contact_required")
    now = now or timezone.now()
    addresses = []
    if phone or whatsapp_id:
        # One WhatsApp row: keyed on the phone when there is one, so the number's own "follow" confirms the row
        # the web form left pending.
        addresses.append({"phone": phone, "email": "", "whatsapp_id": "" if phone else whatsapp_id})
    if email:
        addresses.append({"phone": "", "email": email, "whatsapp_id": ""})
    return [_follow_one(report, address, confirmed=confirmed_by_owner and not address["email"], now=now)
            for address in addresses]


def _follow_one(report: Report, address: dict[str, str], *, confirmed: bool, now: datetime,
                supports: bool = False) -> ReportFollower:
    """One address on a report, confirmed as the module says: a follow (every step) or a support (the count, then
    the resolution). Both are one row per address, so the second of them changes that row and asks nothing again."""
    follower = ReportFollower.objects.select_for_update().filter(report=report, **address).first()
    if follower is None:
        try:
            with transaction.atomic():
                follower = ReportFollower.objects.create(
                    report=report, created_at=now, confirm_token=secrets.token_urlsafe(24),
                    follows_updates=not supports, supported_at=now if supports else None, **address)
        except IntegrityError:  # the same address a moment ago, from another request
            follower = ReportFollower.objects.select_for_update().get(report=report, **address)
        if follower.email and follower.confirmed_at is None:
            # The one message an unconfirmed address ever gets; its key makes a second request send nothing.
            owe(channel=NotificationChannel.EMAIL, address=follower.email,
                template="support_confirm" if supports else "follow_confirm",
                context={"tracking_id": report.tracking_id, "title": report.title, "url": confirm_url(follower)},
                key=f"follow:{follower.pk}:confirm", report_id=report.pk, now=now)
    changed = []
    if supports and follower.supported_at is None:
        follower.supported_at = now
        changed.append("supported_at")
    if not supports and not follower.follows_updates:
        follower.follows_updates = True
        changed.append("follows_updates")
    if confirmed and follower.confirmed_at is None:
        follower.confirmed_at = now
        changed.append("confirmed_at")
    if changed:
        follower.save(update_fields=changed)
    return follower


@transaction.atomic
def confirm_follow(*, report: Report, token: str, now: datetime | None = None) -> ReportFollower:
    """The owner of an e-mail address opened the link sent to it and confirmed. Confirming twice is harmless."""
    follower = (ReportFollower.objects.select_for_update().filter(report=report, confirm_token=token).first()
                if token else None)
    if follower is None or not constant_time_compare(token, follower.confirm_token):
        raise NotFound(_("This confirmation link is not valid."))
    # A support made while the report was open is confirmed like a follow: until the report is final.
    check_followable(report)
    if follower.confirmed_at is None:
        follower.confirmed_at = now or timezone.now()
        follower.save(update_fields=["confirmed_at"])
    return follower
