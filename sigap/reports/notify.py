"""Who is told what about a report. Called inside actions; only writes outbox rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q

from sigap.core.links import absolute_url
from sigap.domain.lifecycle import Audience, note_reaches
from sigap.notifications.models import Notification
from sigap.notifications.outbox import contact_channels, owe
from sigap.organization.access import heads_of, officers_of
from sigap.organization.models import Unit
from sigap.reports.models import Report, ReportEvent


def tracking_url(report: Report) -> str:
    return absolute_url("web:track", report.tracking_id)


def reporter_url(report: Report) -> str:
    """The reporter's secret link: add information, confirm or dispute, rate."""
    return absolute_url("web:reporter", report.tracking_id, report.reporter_token)


def staff_report_url(tracking_id: str) -> str:
    """The officers' page of a report, the link in every message to staff (WhatsApp, e-mail, escalations)."""
    return absolute_url("staff:report", tracking_id)


def staff_url(report: Report) -> str:
    return staff_report_url(report.tracking_id)


def message_key(report_id: int, seq: int, template: str, channel: str, address: str) -> str:
    """An owed message's idempotency key: one message per event, template, channel and address."""
    return f"report:{report_id}:{seq}:{template}:{channel}:{address}"


def _base_context(report: Report, event: ReportEvent, extra: dict[str, Any] | None) -> dict[str, Any]:
    context: dict[str, Any] = {
        "tracking_id": report.tracking_id,
        "title": report.title,
        "status": report.status,
        "due_at": report.due_at.isoformat() if report.due_at else None,
        "unit": str(report.lead_unit) if report.lead_unit_id else "",
        "note": event.note,
        "url": tracking_url(report),
        "reporter_url": reporter_url(report),
    }
    context.update(extra or {})
    return context


def notify_reporter(report: Report, event: ReportEvent, template: str, extra: dict[str, Any] | None = None,
                    *, include_followers: bool = True, include_supporters: bool = False,
                    enqueue_sends: bool = True) -> list[Notification]:
    """Owe `template` to the reporter (and followers, and supporters when asked: they hear of the resolution only);
    returns the rows newly owed."""
    # A note travels only as far as the lifecycle's NOTE_AUDIENCE lets it (a dispatch note stays with the units).
    context = {**_base_context(report, event, extra),
               "note": event.note if note_reaches(event.action, Audience.REPORTER) else ""}
    owed = []
    for channel, address in contact_channels(
        phone=report.reporter_phone, email=report.reporter_email, whatsapp_id=report.reporter_whatsapp_id
    ):
        owed.append(owe(channel=channel, address=address, template=template, context=context,
                        key=message_key(report.pk, event.seq, template, channel, address), report_id=report.pk,
                        user_id=report.reporter_id, now=event.at, enqueue_send=enqueue_sends))
    if include_followers:
        # Followers are the public: never the reporter's secret link, only a public note.
        follower_context = {**context, "reporter_url": context["url"],
                            "note": event.note if note_reaches(event.action, Audience.PUBLIC) else ""}
        # Only an address whose owner confirmed it: an unconfirmed one was typed by someone, maybe not its owner.
        audience = Q(follows_updates=True) | Q(supported_at__isnull=False) if include_supporters \
            else Q(follows_updates=True)
        for follower in report.followers.filter(audience, confirmed_at__isnull=False):
            for channel, address in contact_channels(phone=follower.phone, email=follower.email,
                                                     whatsapp_id=follower.whatsapp_id):
                owed.append(owe(channel=channel, address=address, template=template, context=follower_context,
                                key=message_key(report.pk, event.seq, template, channel, address),
                                report_id=report.pk, now=event.at, enqueue_send=enqueue_sends))
    return [row for row in owed if row is not None]


@dataclass(frozen=True)
class Recipient:
    channel: str
    address: str
    user_id: int


def unit_recipients(unit: Unit, *, heads_only: bool) -> list[Recipient]:
    """Whom a message to a unit reaches: its officers (or only its heads), on every channel each has.

    An address appears once (a person holding two positions is told once), the first position's owner
    keeping it, as the outbox's idempotency key would keep only the first row owed.
    """
    positions = heads_of(unit) if heads_only else officers_of(unit)
    found: dict[tuple[str, str], Recipient] = {}
    for position in positions.select_related("person__profile"):
        person = position.person
        profile = getattr(person, "profile", None)
        for channel, address in contact_channels(
            phone=profile.phone if profile else "",
            email=person.email,
            whatsapp_id=profile.whatsapp_user_id if profile else "",
        ):
            found.setdefault((str(channel), address), Recipient(str(channel), address, int(person.pk)))
    return list(found.values())


def unit_context(*, tracking_id: str, title: str, status: str, due_at: datetime | None, lead_unit: Unit | None,
                 note: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """What a message to a unit says about a report, from the report's plain fields, so one report told now and
    a batch told by the sweep say the same. Staff get the staff page, never the reporter's secret link."""
    return {
        "tracking_id": tracking_id,
        "title": title,
        "status": status,
        "due_at": due_at.isoformat() if due_at else None,
        "unit": str(lead_unit) if lead_unit is not None else "",
        "note": note,
        "url": staff_report_url(tracking_id),
        "reporter_url": "",
        **(extra or {}),
    }


def notify_unit(report: Report, event: ReportEvent, unit: Unit, template: str, *, heads_only: bool = False,
                extra: dict[str, Any] | None = None, recipients: list[Recipient] | None = None) -> None:
    """Tell a unit's officers (or only its heads) about a report, on every channel they have.

    `recipients` is `unit_recipients(unit, heads_only=...)` when the caller has already looked them up."""
    context = unit_context(tracking_id=report.tracking_id, title=report.title, status=report.status,
                           due_at=report.due_at, lead_unit=report.lead_unit if report.lead_unit_id else None,
                           note=event.note, extra=extra)
    for recipient in recipients if recipients is not None else unit_recipients(unit, heads_only=heads_only):
        owe(channel=recipient.channel, address=recipient.address, template=template, context=context,
            key=message_key(report.pk, event.seq, template, recipient.channel, recipient.address),
            report_id=report.pk, user_id=recipient.user_id, now=event.at)
