"""Every write of the Open311 app: issuing keys, filing a request through the common intake action, and a
client's update on a request through the report lifecycle."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from sigap.domain.lifecycle import FINAL_STATUSES, PAUSED_STATUS, Action, Status
from sigap.domain.tracking import normalize_tracking_id
from sigap.open311.models import Open311ApiKey, Open311Submission, Open311Update
from sigap.reports.access import public_reports
from sigap.reports.actions import Client, ReportDraft, file_report
from sigap.reports.actions.engine import Change, apply_transition, lock_report
from sigap.reports.actions.staff import _text
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


class Posted311(NamedTuple):
    update: Open311Update
    replayed: bool = False


def _client_update_id(raw: str) -> str:
    value = (raw or "").strip()
    if not value:
        raise InvalidInput(_("update_id is required."), field="update_id", code="required")
    if len(value) > 64 or not value.isprintable():
        raise InvalidInput(_("update_id must be at most 64 printable characters."), field="update_id")
    return value


def post_update(*, api_key: Open311ApiKey, tracking_id: str, client_update_id: str, description: str,
                now: datetime | None = None) -> Posted311:
    """A client app's update on a request: the citizen's added information, never a status the client chose.

    While the office waits on the reporter (pending_info) it is the reporter's answer (ADD_INFO, which sends the
    report back to the queue as the lifecycle says); in any other open status it is recorded on the report for the
    officers without moving it. It is not public either way (ADR 9). A final report takes no more updates. The
    client's own update id makes a retry return the first answer.
    """
    client_update_id = _client_update_id(client_update_id)
    description = _text(description, field="description")
    canonical = normalize_tracking_id(tracking_id)
    report = public_reports().filter(tracking_id=canonical).first() if canonical else None
    if report is None:
        raise NotFound(_("Unknown service_request_id."), field="service_request_id")
    moment = now or timezone.now()
    try:
        with transaction.atomic():
            return _record_update(api_key=api_key, report=report, client_update_id=client_update_id,
                                  description=description, now=moment)
    except IntegrityError:
        # Another request with the same client id won the race, for this report or another one.
        if not Open311Update.objects.filter(api_key=api_key, client_update_id=client_update_id).exists():
            raise
        return _replay(api_key, client_update_id, report)


def _replay(api_key: Open311ApiKey, client_update_id: str, report: Report) -> Posted311:
    earlier = Open311Update.objects.select_related("report", "event").get(api_key=api_key,
                                                                          client_update_id=client_update_id)
    if earlier.report_id != report.pk:
        raise InvalidInput(_("This update_id was already used for another request."), field="update_id",
                           code="duplicate")
    return Posted311(earlier, replayed=True)


def _record_update(*, api_key: Open311ApiKey, report: Report, client_update_id: str, description: str,
                   now: datetime) -> Posted311:
    report = lock_report(report.pk)
    if Open311Update.objects.filter(api_key=api_key, client_update_id=client_update_id).exists():
        return _replay(api_key, client_update_id, report)
    if Status(report.status) in FINAL_STATUSES:
        raise Conflict(_("This request is closed and takes no more updates."), code="closed")
    action = Action.ADD_INFO if report.status == PAUSED_STATUS else Action.NOTE
    event = apply_transition(report=report, action=action, by=f"open311: {api_key.name}", now=now,
                             change=Change(note=description, is_public=False,
                                           data={"open311_update_id": client_update_id}))
    update = Open311Update.objects.create(api_key=api_key, client_update_id=client_update_id, report=report,
                                          event=event, created_at=now)
    Open311ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    return Posted311(update)
