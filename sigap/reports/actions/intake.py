"""Filing a report, from any channel: web, WhatsApp, the API, Open311, the counter, the RT chain.

Every channel builds a `ReportDraft` (what the report says, with the photos it received) and a `Client` (who sends
it: the address the rate limits count, the retry key), calls `file_report`, and maps its errors to its own format.
`file_report` is the one place that validates, counts, cleans photos and stores, in that order: the cheap refusals
come before any photo is decoded (docs/adr/0011-one-intake-use-case.md).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.core.errors import InvalidInput, PayloadTooLarge, RateLimited
from sigap.core.ratelimit import hit_intake
from sigap.reports.actions.storing import Filed, store_report
from sigap.reports.idempotency import Claim, clean_key, earlier, fingerprint, upload_digest
from sigap.reports.models import Category, Channel, Kind, Materi, Report
from sigap.reports.photos import MAX_UPLOAD_BYTES, CleanPhoto, clean_photo
from sigap.wilayah.models import Level, Wilayah

MAX_PHOTOS = 3
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
    photos: Sequence[CleanPhoto] = field(default_factory=tuple)  # already clean (a WhatsApp draft's, the tests')
    # As received, cleaned by `file_report` after the rate limits. None: the channel takes no uploads (Open311, which
    # links media by URL), so the retry fingerprint has no photo digests; a sequence, even empty, is fingerprinted.
    uploads: Sequence[UploadedFile] | None = None


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
class Client:
    """Who files a draft, as the rate limits and the retry key see them.

    `address` is the caller's network address read through the trusted-proxy setting
    (sigap.core.ratelimit.client_address); None is a caller the limits do not count: the WhatsApp conversation (the
    number is the provider's, one message at a time), the counter, the RT chain, seeding. `key` is the retry key as
    sent (Idempotency-Key, or the web form's one-time token), checked after the draft; `scope` keeps one channel's or
    one client app's keys from meeting another's; `status_code` is the answer a retry gets again. `received` is what
    the client sent beyond the draft that makes two requests differ (the web's layanan, Open311's media_url).
    """

    address: str | None = None
    scope: str = ""
    key: str | None = None
    status_code: int = 201
    received: Mapping[str, Any] = field(default_factory=dict)


def file_report(draft: ReportDraft, *, client: Client, by: object = None, now: datetime | None = None,
                rng: random.Random | None = None, then: Callable[[Report], None] | None = None) -> Filed:
    """The one intake use case: validate, count the client, clean the photos, store; a retry gets the first report.

    The order is the contract: invalid input is refused before it counts against the client; a client over its limit
    is refused before any photo is decoded, unless its request is a retry of one already filed (a double-click, a
    client's retry), which is answered with that report. `then` runs in the report's transaction for a new report
    only (the web's service link, Open311's submission row); without it no outer transaction is opened.
    """
    now = now or timezone.now()
    validate_draft(draft, today=timezone.localdate(now))
    claim = _claim(draft, client)
    if client.address is not None:
        try:
            hit_intake(address=client.address, contacts=[draft.reporter_phone, draft.reporter_email])
        except RateLimited:
            found = earlier(claim, now=now) if claim is not None else None
            if found is None:
                raise
            return Filed(found.report, replayed=True, status_code=found.status_code)
    if draft.uploads:
        draft = replace(draft, photos=(*draft.photos, *_clean_uploads(draft.uploads)), uploads=None)
    if then is None:
        return store_report(draft=draft, idempotency=claim, by=by, now=now, rng=rng)
    with transaction.atomic():
        filed = store_report(draft=draft, idempotency=claim, by=by, now=now, rng=rng)
        if not filed.replayed:
            then(filed.report)
    return filed


def submit_report(*, draft: ReportDraft, by: object = None, now: datetime | None = None,
                  rng: random.Random | None = None) -> Report:
    """File a draft for a caller the rate limits do not count (the counter, the RT chain, seeding); the report."""
    return file_report(draft, client=Client(), by=by, now=now, rng=rng).report


def _claim(draft: ReportDraft, client: Client) -> Claim | None:
    key = clean_key(client.key)
    if key is None:
        return None
    extra = dict(client.received)
    if draft.uploads is not None:  # the bytes as received: a retry is known before anything is decoded
        extra["photos"] = [upload_digest(upload.chunks()) for upload in draft.uploads]
    return Claim(scope=client.scope, key=key, body_hash=fingerprint(draft, extra=extra),
                 status_code=client.status_code)


def _clean_uploads(uploads: Sequence[UploadedFile]) -> list[CleanPhoto]:
    if len(uploads) > MAX_PHOTOS:
        raise InvalidInput(_("At most %(count)d photos.") % {"count": MAX_PHOTOS}, field="photos", code="too_many")
    cleaned = []
    for index, upload in enumerate(uploads):
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise PayloadTooLarge(_("The photo is larger than 10 MB."), field=f"photos.{index}")
        cleaned.append(clean_photo(upload, field=f"photos.{index}", size=upload.size))
    return cleaned
