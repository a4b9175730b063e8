"""Storing a validated draft: the report row, its SUBMIT event, photos, receipt, and the retry key in one transaction.

Only `file_report` (sigap.reports.actions.intake) calls this, after it has validated the draft, counted the client
and cleaned the photos; the tests of the key's mechanics call it directly.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction

from sigap.domain.tracking import new_tracking_id
from sigap.reports.idempotency import Claim, earlier, is_taken, record
from sigap.reports.models import Report, ReportPhoto
from sigap.reports.notify import notify_reporter
from sigap.reports.scheduling import after_intake

if TYPE_CHECKING:
    from sigap.reports.actions.intake import ReportDraft

TRACKING_ID_ATTEMPTS = 5


@dataclass(frozen=True)
class Filed:
    """What filing gave: the report, and whether it is an earlier request's (a retry with the same key)."""

    report: Report
    replayed: bool = False
    status_code: int | None = None  # the status the first answer had, when a key was given


def store_report(*, draft: ReportDraft, now: datetime, idempotency: Claim | None = None, by: object = None,
                 rng: random.Random | None = None) -> Filed:
    """Insert the report; with `idempotency`, a retry gets the first report back.

    The tracking id is drawn at random and the unique constraint is the only check: asking first would cost every
    intake a query and still race with a concurrent one. On a collision the whole insert is rolled back (to its
    savepoint) and tried again with a fresh draw. `rng` seeds the draws (tests); by default they are unpredictable.
    The idempotency key works the same way: its row is inserted after the report in the same transaction, and a
    key already taken rolls the report back and answers with the earlier one (sigap.reports.idempotency).
    """
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
