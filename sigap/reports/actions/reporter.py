"""What the reporter does through the secret link: add information, confirm, dispute, rate."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from sigap.core.errors import Conflict, Forbidden, InvalidInput
from sigap.domain.lifecycle import Action, Status
from sigap.reports.actions.engine import REPORTER, Change, apply_transition, lock_report
from sigap.reports.actions.staff import _text
from sigap.reports.models import PhotoKind, Report, ReportEvent, ReportPhoto
from sigap.reports.notify import notify_reporter, notify_unit
from sigap.reports.photos import CleanPhoto


def check_token(report: Report, token: str) -> None:
    if not token or not constant_time_compare(report.reporter_token, token):
        raise Forbidden(_("This link is not valid for this report."), code="bad_token")


@transaction.atomic
def add_info(*, report: Report, token: str, message: str, photos: Sequence[CleanPhoto] = (),
             now: datetime | None = None) -> ReportEvent:
    report = lock_report(report.pk)
    check_token(report, token)
    message = _text(message, field="message")
    moment = now or timezone.now()
    event = apply_transition(report=report, action=Action.ADD_INFO, by=REPORTER, now=moment,
                             change=Change(note=message, is_public=False))
    for photo in photos:
        ReportPhoto.objects.create(report=report, event=event, kind=PhotoKind.INFO, image=photo.content,
                                   width=photo.width, height=photo.height, size=photo.size, created_at=moment)
    return event


@transaction.atomic
def confirm_resolution(*, report: Report, token: str, now: datetime | None = None) -> ReportEvent:
    report = lock_report(report.pk)
    check_token(report, token)
    moment = now or timezone.now()

    def mutate(report: Report, change: Change) -> None:
        report.closed_at = moment

    event = apply_transition(report=report, action=Action.CONFIRM, by=REPORTER, now=moment, mutate=mutate)
    notify_reporter(report, event, "report_closed", include_followers=False)
    return event


@transaction.atomic
def dispute_resolution(*, report: Report, token: str, message: str, now: datetime | None = None) -> ReportEvent:
    report = lock_report(report.pk)
    check_token(report, token)
    message = _text(message, field="message")

    def mutate(report: Report, change: Change) -> None:
        report.resolved_at = None
        change.note = message

    event = apply_transition(report=report, action=Action.DISPUTE, by=REPORTER, now=now, mutate=mutate)
    if report.lead_unit is not None:
        notify_unit(report, event, report.lead_unit, "resolution_disputed", extra={"message": message})
    return event


@transaction.atomic
def rate_report(*, report: Report, token: str, rating: int, comment: str = "",
                now: datetime | None = None) -> ReportEvent:
    report = lock_report(report.pk)
    check_token(report, token)
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise InvalidInput(_("Give a rating from 1 to 5."), field="rating", code="out_of_range")
    comment = _text(comment, field="comment", required=False, limit=1000)
    if report.rating is not None:
        raise Conflict(_("This report has already been rated."), code="already_rated")
    if report.status != Status.CLOSED:
        raise Conflict(_("A report can be rated once it is closed."), code="invalid_transition")

    def mutate(report: Report, change: Change) -> None:
        report.rating = rating
        report.rating_comment = comment
        change.note = comment
        change.data = {"rating": rating}

    return apply_transition(report=report, action=Action.RATE, by=REPORTER, now=now, mutate=mutate)
