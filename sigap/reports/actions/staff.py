"""Actions officers take on a report. Each: lock, check permission, apply the transition, notify."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.core.errors import Conflict, InvalidInput
from sigap.domain.lifecycle import Action
from sigap.organization.access import active_positions, heads_of
from sigap.organization.models import PASS_UP_KINDS, Unit, UnitKind
from sigap.reports.actions.engine import Change, apply_transition, lock_report
from sigap.reports.models import PhotoKind, Report, ReportEvent, ReportPhoto, SupportingUnit
from sigap.reports.notify import notify_reporter, notify_unit
from sigap.reports.permissions import require
from sigap.reports.photos import CleanPhoto

MAX_TEXT = 4000


def _text(value: str, *, field: str, required: bool = True, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("This field is required."), field=field, code="required")
    if len(value) > limit:
        raise InvalidInput(_("This is too long (at most %(limit)d characters).") % {"limit": limit}, field=field,
                           code="too_long")
    return value


def acting_unit(user: Any, report: Report) -> Unit | None:
    """The unit the person acts for: the one of their positions closest to the report's lead unit."""
    positions = active_positions(user)
    if report.lead_unit is not None:
        matching = [p.unit for p in positions if report.lead_unit.path.startswith(p.unit.path)]
        if matching:
            return max(matching, key=lambda unit: len(unit.path))
    return positions[0].unit if positions else None


def _active_unit(unit: Unit | None, field: str) -> Unit:
    if unit is None or not unit.is_active:
        raise InvalidInput(_("Choose an active unit."), field=field)
    return unit


def _notify_assignment(report: Report, event: ReportEvent, units: Sequence[Unit]) -> None:
    for unit in units:
        notify_unit(report, event, unit, "assigned_to_unit")


@transaction.atomic
def dispatch_report(*, report: Report, by: Any, lead_unit: Unit | None, supporting_units: Sequence[Unit] = (),
                    note: str = "", now: datetime | None = None) -> ReportEvent:
    report = lock_report(report.pk)
    require(by, report, Action.DISPATCH)
    lead = _active_unit(lead_unit, "lead_unit")
    supporting = [_active_unit(unit, "supporting_units") for unit in supporting_units if unit.pk != lead.pk]
    note = _text(note, field="note", required=False)

    def mutate(report: Report, change: Change) -> None:
        report.lead_unit = lead
        report.verified_at = report.verified_at or now or timezone.now()
        change.note = note
        change.data = {"lead_unit": lead.code, "supporting_units": [unit.code for unit in supporting]}

    event = apply_transition(report=report, action=Action.DISPATCH, by=by, now=now, mutate=mutate,
                             actor_unit=acting_unit(by, report))
    SupportingUnit.objects.filter(report=report).delete()
    SupportingUnit.objects.bulk_create([SupportingUnit(report=report, unit=unit) for unit in supporting])
    notify_reporter(report, event, "report_dispatched")
    _notify_assignment(report, event, [lead, *supporting])
    return event


@transaction.atomic
def request_info(*, report: Report, by: Any, message: str, now: datetime | None = None) -> ReportEvent:
    report = lock_report(report.pk)
    require(by, report, Action.REQUEST_INFO)
    message = _text(message, field="message")
    event = apply_transition(report=report, action=Action.REQUEST_INFO, by=by, now=now,
                             change=Change(note=message), actor_unit=acting_unit(by, report))
    notify_reporter(report, event, "info_requested", {"message": message}, include_followers=False)
    return event


@transaction.atomic
def archive_report(*, report: Report, by: Any, reason: str, duplicate_of: Report | None = None,
                   now: datetime | None = None) -> ReportEvent:
    report = lock_report(report.pk)
    action = Action.LINK_DUPLICATE if duplicate_of is not None else Action.ARCHIVE
    require(by, report, action)
    reason = _text(reason, field="reason", limit=300)
    if duplicate_of is not None and duplicate_of.pk == report.pk:
        raise InvalidInput(_("A report cannot duplicate itself."), field="duplicate_of")

    def mutate(report: Report, change: Change) -> None:
        report.closing_reason = reason
        report.closed_at = now or timezone.now()
        report.duplicate_of = duplicate_of
        change.note = reason
        change.data = {"duplicate_of": duplicate_of.tracking_id} if duplicate_of else {}

    event = apply_transition(report=report, action=action, by=by, now=now, mutate=mutate,
                             actor_unit=acting_unit(by, report))
    notify_reporter(report, event, "report_archived", {"reason": reason})
    return event


@transaction.atomic
def refer_report(*, report: Report, by: Any, recipient: str, reason: str, now: datetime | None = None) -> ReportEvent:
    report = lock_report(report.pk)
    require(by, report, Action.REFER)
    recipient = _text(recipient, field="recipient", limit=160)
    reason = _text(reason, field="reason", limit=1000)

    def mutate(report: Report, change: Change) -> None:
        report.referral_recipient = recipient
        report.closed_at = now or timezone.now()
        report.last_public_message = reason
        change.note = reason
        change.data = {"recipient": recipient}

    event = apply_transition(report=report, action=Action.REFER, by=by, now=now, mutate=mutate,
                             actor_unit=acting_unit(by, report))
    notify_reporter(report, event, "report_referred", {"recipient": recipient, "reason": reason})
    return event


@transaction.atomic
def respond_to_report(*, report: Report, by: Any, message: str, now: datetime | None = None) -> ReportEvent:
    report = lock_report(report.pk)
    require(by, report, Action.RESPOND)
    message = _text(message, field="message")

    def mutate(report: Report, change: Change) -> None:
        report.first_response_at = report.first_response_at or now or timezone.now()
        report.last_public_message = message
        change.note = message

    event = apply_transition(report=report, action=Action.RESPOND, by=by, now=now, mutate=mutate,
                             actor_unit=acting_unit(by, report))
    notify_reporter(report, event, "report_answered", {"message": message})
    return event


@transaction.atomic
def add_note(*, report: Report, by: Any, message: str, now: datetime | None = None) -> ReportEvent:
    """An internal note: never on the public timeline, never sent to the reporter."""
    report = lock_report(report.pk)
    require(by, report, Action.NOTE)
    message = _text(message, field="message")
    return apply_transition(report=report, action=Action.NOTE, by=by, now=now,
                            change=Change(note=message, is_public=False), actor_unit=acting_unit(by, report))


@transaction.atomic
def resolve_report(*, report: Report, by: Any, message: str, photo: CleanPhoto | None = None,
                   now: datetime | None = None) -> ReportEvent:
    report = lock_report(report.pk)
    require(by, report, Action.RESOLVE)
    message = _text(message, field="message")
    if report.category.evidence_photo_required and photo is None:
        raise InvalidInput(_("This category needs a photo of the result before it can be resolved."),
                           field="photo", code="photo_required")
    moment = now or timezone.now()

    def mutate(report: Report, change: Change) -> None:
        report.first_response_at = report.first_response_at or moment
        report.resolved_at = moment
        report.last_public_message = message
        change.note = message

    event = apply_transition(report=report, action=Action.RESOLVE, by=by, now=moment, mutate=mutate,
                             actor_unit=acting_unit(by, report))
    if photo is not None:
        ReportPhoto.objects.create(report=report, event=event, kind=PhotoKind.EVIDENCE, image=photo.content,
                                   width=photo.width, height=photo.height, size=photo.size, created_at=moment)
    notify_reporter(report, event, "report_resolved", {"message": message}, include_supporters=True)
    return event


@transaction.atomic
def redispatch_report(*, report: Report, by: Any, lead_unit: Unit | None, reason: str,
                      now: datetime | None = None) -> ReportEvent:
    report = lock_report(report.pk)
    require(by, report, Action.REDISPATCH)
    lead = _active_unit(lead_unit, "lead_unit")
    reason = _text(reason, field="reason", limit=1000)
    if report.lead_unit_id == lead.pk:
        raise InvalidInput(_("The report is already with this unit."), field="lead_unit")
    previous = report.lead_unit
    actor_unit = acting_unit(by, report)

    def mutate(report: Report, change: Change) -> None:
        report.lead_unit = lead
        change.note = reason
        change.data = {"from_unit": previous.code if previous else None, "lead_unit": lead.code}

    event = apply_transition(report=report, action=Action.REDISPATCH, by=by, now=now, mutate=mutate,
                             actor_unit=actor_unit)
    _notify_assignment(report, event, [lead])
    return event


@transaction.atomic
def pass_up_report(*, report: Report, by: Any, note: str = "", now: datetime | None = None) -> ReportEvent:
    """RT → RW → kelurahan → complaint desk: the territorial chain hands up what is beyond it."""
    report = lock_report(report.pk)
    lead = report.lead_unit
    if lead is None or lead.kind not in PASS_UP_KINDS:
        raise Conflict(_("Only reports with an RT, RW or kelurahan can be passed up the chain."),
                       code="not_territorial")
    require(by, report, Action.PASS_UP)
    note = _text(note, field="note", required=False)
    target = next_active_territorial_unit(lead.parent) if lead.kind != UnitKind.KELURAHAN else None
    action = Action.PASS_UP if target is not None else Action.RETURN_TO_ADMIN
    actor_unit = acting_unit(by, report)

    def mutate(report: Report, change: Change) -> None:
        report.lead_unit = target
        change.note = note
        change.data = {"from_unit": lead.code, "lead_unit": target.code if target else None}

    event = apply_transition(report=report, action=action, by=by, now=now, mutate=mutate, actor_unit=actor_unit)
    if target is not None:
        notify_unit(report, event, target, "assigned_to_unit")
    return event


def next_active_territorial_unit(unit: Unit | None) -> Unit | None:
    """The first unit from `unit` upwards in the RT/RW/kelurahan chain that has an active head."""
    while unit is not None and unit.kind in PASS_UP_KINDS:
        if unit.is_active and heads_of(unit).exists():
            return unit
        unit = unit.parent
    return None


@transaction.atomic
def view_reporter_identity(*, report: Report, by: Any, now: datetime | None = None) -> dict[str, str]:
    """Reveal an anonim reporter's identity to a complaint admin; every look is an internal event."""
    report = lock_report(report.pk)
    require(by, report, Action.VIEW_IDENTITY)
    apply_transition(report=report, action=Action.VIEW_IDENTITY, by=by, now=now,
                     change=Change(is_public=False), actor_unit=acting_unit(by, report))
    return {"name": report.reporter_name, "phone": report.reporter_phone, "email": report.reporter_email}
