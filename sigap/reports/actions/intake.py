"""Filing a report, from any channel: web, WhatsApp, the API, Open311, the counter, the RT chain."""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.core.errors import InvalidInput
from sigap.domain.tracking import new_tracking_id
from sigap.reports.idempotency import Claim, earlier, is_taken, record
from sigap.reports.models import Category, Channel, Kind, Materi, Report, ReportPhoto
from sigap.reports.notify import notify_reporter
from sigap.reports.photos import CleanPhoto
from sigap.reports.scheduling import after_intake
from sigap.wilayah.models import Level, Wilayah

MAX_PHOTOS = 3
TRACKING_ID_ATTEMPTS = 5
LIMITS = {"title": 150, "description": 4000, "address": 300, "reporter_name": 120, "reporter_email": 200}


@dataclass(frozen=True)
class ReportDraft:
    kind: str
    category: Category
    title: str
    description: str
    event_date: date | None = None
    kelurahan: Wilayah | None = None
    rw: Wilayah | None = None
    rt: Wilayah | None = None
    address: str = ""
    lat: Decimal | None = None
    lng: Decimal | None = None
    anonim: bool = False
    rahasia: bool = False
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    reporter_whatsapp_id: str = ""
    reporter_id: int | None = None
    channel: str = Channel.WEB
    materi: str = ""
    photos: Sequence[CleanPhoto] = field(default_factory=tuple)


def validate_draft(draft: ReportDraft, *, today: date) -> None:
    """The invariants every channel must satisfy; forms and schemas check the same earlier, for nicer errors."""
    if draft.kind not in Kind.values:
        raise InvalidInput(_("Choose the kind of report."), field="kind")
    if draft.materi and (draft.kind != Kind.PENGADUAN or draft.materi not in Materi.values):
        raise InvalidInput(_("The complaint material is not valid."), field="materi")
    if not draft.category.is_active:
        raise InvalidInput(_("This category is not available."), field="category")
    if not draft.title.strip():
        raise InvalidInput(_("Write a short title."), field="title", code="required")
    if not draft.description.strip():
        raise InvalidInput(_("Describe what happened."), field="description", code="required")
    for name, limit in LIMITS.items():
        if len(getattr(draft, name)) > limit:
            raise InvalidInput(_("This is too long (at most %(limit)d characters).") % {"limit": limit},
                               field=name, code="too_long")
    if draft.event_date and draft.event_date > today:
        raise InvalidInput(_("The date of the event cannot be in the future."), field="event_date")
    _validate_location(draft)
    if not (draft.reporter_phone or draft.reporter_email or draft.reporter_whatsapp_id):
        raise InvalidInput(_("Give a WhatsApp number or an email so we can tell you about progress."),
                           field="reporter", code="contact_required")
    if len(draft.photos) > MAX_PHOTOS:
        raise InvalidInput(_("At most %(count)d photos.") % {"count": MAX_PHOTOS}, field="photos",
                           code="too_many")


def _validate_location(draft: ReportDraft) -> None:
    if draft.kelurahan is not None and draft.kelurahan.level != Level.KELURAHAN:
        raise InvalidInput(_("Choose a kelurahan."), field="location.kelurahan")
    if draft.rw is not None and (draft.kelurahan is None or draft.rw.parent_id != draft.kelurahan.pk):
        raise InvalidInput(_("This RW is not in the chosen kelurahan."), field="location.rw")
    if draft.rt is not None and (draft.rw is None or draft.rt.parent_id != draft.rw.pk):
        raise InvalidInput(_("This RT is not in the chosen RW."), field="location.rt")
    if (draft.lat is None) != (draft.lng is None):
        raise InvalidInput(_("Give both latitude and longitude, or neither."), field="location.lat")
    if draft.lat is not None and not Decimal(-90) <= draft.lat <= Decimal(90):
        raise InvalidInput(_("Latitude must be between -90 and 90."), field="location.lat")
    if draft.lng is not None and not Decimal(-180) <= draft.lng <= Decimal(180):
        raise InvalidInput(_("Longitude must be between -180 and 180."), field="location.lng")


@dataclass(frozen=True)
class Filed:
    """What filing gave: the report, and whether it is an earlier request's (a retry with the same key)."""

    report: Report
    replayed: bool = False
    status_code: int | None = None  # the status the first answer had, when a key was given


def submit_report(*, draft: ReportDraft, by: object = None, now: datetime | None = None,
                  rng: random.Random | None = None) -> Report:
    """Validate and store a new report with its SUBMIT event and receipt; returns the saved report."""
    return file_report(draft=draft, by=by, now=now, rng=rng).report


def file_report(*, draft: ReportDraft, idempotency: Claim | None = None, by: object = None,
                now: datetime | None = None, rng: random.Random | None = None) -> Filed:
    """The one intake use case every channel calls; with `idempotency`, a retry gets the first report back.

    The tracking id is drawn at random and the unique constraint is the only check: asking first would cost every
    intake a query and still race with a concurrent one. On a collision the whole insert is rolled back (to its
    savepoint) and tried again with a fresh draw. `rng` seeds the draws (tests); by default they are unpredictable.
    The idempotency key works the same way: its row is inserted after the report in the same transaction, and a
    key already taken rolls the report back and answers with the earlier one (sigap.reports.idempotency).
    """

    now = now or timezone.now()
    validate_draft(draft, today=timezone.localdate(now))
    if idempotency is not None and draft.photos:
        # A retry with photos would store its files before the key refused it: ask first (photos are slow anyway).
        found = earlier(idempotency, now=now)
        if found is not None:
            return Filed(found.report, replayed=True, status_code=found.status_code)
    prefix = settings.SIGAP_TRACKING_PREFIX
    for _attempt in range(TRACKING_ID_ATTEMPTS):
        try:
            with transaction.atomic():
                report = _create(draft, tracking_id=new_tracking_id(prefix, rng=rng), by=by, now=now)
                if idempotency is None:
                    return Filed(report)
                record(idempotency, report=report, now=now)
                return Filed(report, status_code=idempotency.status_code)
        except IntegrityError as error:
            if idempotency is not None and is_taken(error):
                found = earlier(idempotency, now=now)
                if found is not None:
                    return Filed(found.report, replayed=True, status_code=found.status_code)
                continue  # the key had expired and is free again
            if not _is_tracking_id_collision(error):
                raise
    raise RuntimeError("could not draw a free tracking id")


def _is_tracking_id_collision(error: IntegrityError) -> bool:
    # PostgreSQL names the constraint (reports_report_tracking_id_key), SQLite the column: both say tracking_id.
    return "tracking_id" in str(error)


def _create(draft: ReportDraft, *, tracking_id: str, by: object, now: datetime) -> Report:
    from sigap.reports.actions.engine import record_creation

    report = Report(
        tracking_id=tracking_id,
        kind=draft.kind,
        materi=draft.materi,
        category=draft.category,
        title=draft.title.strip(),
        description=draft.description.strip(),
        event_date=draft.event_date,
        channel=draft.channel,
        kelurahan=draft.kelurahan,
        rw=draft.rw,
        rt=draft.rt,
        address=draft.address.strip(),
        lat=draft.lat,
        lng=draft.lng,
        anonim=draft.anonim,
        rahasia=draft.rahasia,
        reporter_id=draft.reporter_id,
        reporter_name=draft.reporter_name.strip(),
        reporter_phone=draft.reporter_phone,
        reporter_email=draft.reporter_email.strip().lower(),
        reporter_whatsapp_id=draft.reporter_whatsapp_id,
        reporter_token=secrets.token_urlsafe(24),
        received_at=now,
        updated_at=now,
    )
    event = record_creation(report=report, by=by if by is not None else "reporter", now=now,
                            data={"channel": draft.channel})
    for photo in draft.photos:
        ReportPhoto.objects.create(report=report, event=event, image=photo.content, width=photo.width,
                                   height=photo.height, size=photo.size, created_at=now)
    owed = notify_reporter(report, event, "report_received", include_followers=False, enqueue_sends=False)
    after_intake(report.pk, report.next_check_at, [row.pk for row in owed])
    return report
