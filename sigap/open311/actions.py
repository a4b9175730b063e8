"""Every write of the Open311 app: issuing keys and filing a request through the common intake action."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.core.errors import Forbidden, InvalidInput
from sigap.open311.models import Open311ApiKey, Open311Submission
from sigap.reports.actions import Client, ReportDraft, file_report
from sigap.reports.models import Report

KEY_PREFIX = "o311_"


class Filed311(NamedTuple):
    report: Report
    submission: Open311Submission
    replayed: bool = False


def digest(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def create_open311_key(*, name: str, now: datetime | None = None) -> tuple[Open311ApiKey, str]:
    """Issue a key for a client app; the raw key is returned once and never stored."""
    name = name.strip()
    if not name:
        raise InvalidInput(_("Give the client app a name."), field="name", code="required")
    if len(name) > 120:
        raise InvalidInput(_("This is too long (at most %(limit)d characters).") % {"limit": 120}, field="name",
                           code="too_long")
    if Open311ApiKey.objects.filter(name=name).exists():
        raise InvalidInput(_("A key with this name already exists."), field="name", code="duplicate")
    raw = KEY_PREFIX + secrets.token_urlsafe(30)
    key = Open311ApiKey.objects.create(name=name, prefix=raw[:12], key_hash=digest(raw),
                                       created_at=now or timezone.now())
    return key, raw


def key_for(raw_key: str) -> Open311ApiKey:
    """The active key with this value, or Forbidden."""
    key = Open311ApiKey.objects.filter(key_hash=digest(raw_key), is_active=True).first() if raw_key else None
    if key is None:
        raise Forbidden(_("A valid api_key is required to submit requests."), field="api_key")
    return key


def file_request(*, api_key: Open311ApiKey, draft: ReportDraft, address: str, media_url: str = "",
                 idempotency_key: str | None = None, now: datetime | None = None) -> Filed311:
    """File a report from an Open311 client: the same intake use case as the web, plus the client's extras.

    With an `Idempotency-Key` a retry of the same request gets the first report and its submission back, nothing new
    stored (even when the client has since hit the rate limit); keys are the client app's own (scoped by its
    api_key), so two apps cannot collide.
    """
    now = now or timezone.now()
    made: list[Open311Submission] = []

    def record_submission(report: Report) -> None:
        made.append(Open311Submission.objects.create(report=report, api_key=api_key, media_url=media_url,
                                                     token=secrets.token_urlsafe(18), created_at=now))
        Open311ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)

    client = Client(address=address, scope=f"open311:{api_key.pk}", key=idempotency_key, status_code=200,
                    received={"media_url": media_url})
    filed = file_report(draft, client=client, now=now, then=record_submission)
    if filed.replayed:
        return Filed311(filed.report, Open311Submission.objects.get(report=filed.report), replayed=True)
    return Filed311(filed.report, made[0])
