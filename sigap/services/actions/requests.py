"""Service requests: created at the counter or online, then moved step by step by the handling unit."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.calendar.service import get_calendar, get_same_day_cutoff
from sigap.core.errors import Forbidden, InvalidInput
from sigap.domain.nik import check_nik
from sigap.domain.service_requests import RequestAction, RequestStatus, parse_completion, promised_at
from sigap.domain.tracking import new_tracking_id
from sigap.organization.models import Unit, UnitKind
from sigap.reports.photos import clean_photo
from sigap.services.actions.engine import (
    Change,
    apply_transition,
    lock_request,
    record_event,
    require_handler,
    schedule_request_check,
)
from sigap.services.actions.standards import current_standard
from sigap.services.conf import max_upload_bytes, tracking_prefix
from sigap.services.handover import link_after_hand_over
from sigap.services.models import Channel, RequestDocument, Service, ServiceRequest, ServiceRequestEvent
from sigap.services.notify import notify_applicant

_PDF = b"%PDF-"
MAX_DOCUMENTS = 10


@dataclass(frozen=True)
class UploadedRequirement:
    requirement: str
    content: bytes
    filename: str = ""


@dataclass(frozen=True)
class RequestDraft:
    service: Service
    unit: Unit
    applicant_name: str
    applicant_phone: str = ""
    applicant_email: str = ""
    nik: str = ""
    checklist: Sequence[str] = ()
    channel: str = Channel.COUNTER
    documents: Sequence[UploadedRequirement] = field(default_factory=tuple)


def unit_offers(unit: Unit, service: Service) -> bool:
    if service.unit_id is not None and service.unit_id == unit.pk:
        return True
    return service.offered_by_every_kelurahan and unit.kind == UnitKind.KELURAHAN


def _validate(draft: RequestDraft, *, now: datetime) -> str:
    """Checks every channel shares; returns the NIK in canonical form."""
    if not draft.service.is_active:
        raise InvalidInput(_("This service is not available."), field="service")
    if not unit_offers(draft.unit, draft.service):
        raise InvalidInput(_("%(unit)s does not offer “%(service)s”.")
                           % {"unit": draft.unit, "service": draft.service.name}, field="service",
                           code="service_not_offered")
    name = draft.applicant_name.strip()
    if not name:
        raise InvalidInput(_("Enter the applicant's name."), field="applicant_name")
    if len(name) > 120:
        raise InvalidInput(_("The name is too long (at most 120 characters)."), field="applicant_name")
    if draft.channel == Channel.ONLINE and not (draft.applicant_phone.strip() or draft.applicant_email.strip()):
        raise InvalidInput(_("Give a phone number or an email address so we can tell you when it is ready."),
                           field="applicant_phone")
    if draft.applicant_email.strip():
        try:
            validate_email(draft.applicant_email.strip())
        except ValidationError as error:
            raise InvalidInput(_("The email address is not valid."), field="applicant_email") from error
    phone = draft.applicant_phone.strip()
    if phone and (len(phone) > 20 or not phone.lstrip("+").replace(" ", "").isdigit()):
        raise InvalidInput(_("The phone number is not valid."), field="applicant_phone")
    nik = "".join(ch for ch in draft.nik if not ch.isspace())
    if draft.service.needs_nik and not nik:
        raise InvalidInput(_("This service needs the applicant's NIK."), field="nik", code="nik_required")
    if nik:
        problems = check_nik(nik, today=timezone.localdate(now))
        if problems:
            messages = {
                "length": _("A NIK has exactly 16 digits."),
                "region": _("The first six digits of this NIK are not a known kabupaten/kota and kecamatan."),
                "birth_date": _("The date of birth in this NIK (digits 7-12) is not possible."),
            }
            raise InvalidInput(messages.get(problems[0], _("This NIK is not valid.")), field="nik",
                               code=f"nik_{problems[0]}")
    known = set(draft.service.requirement_items())
    if any(item not in known for item in draft.checklist):
        raise InvalidInput(_("The checklist names a requirement this service does not have."), field="checklist")
    if len(draft.documents) > MAX_DOCUMENTS:
        raise InvalidInput(_("At most %(count)d files.") % {"count": MAX_DOCUMENTS}, field="documents")
    return nik


def _clean_document(upload: UploadedRequirement, *, known: set[str]) -> tuple[ContentFile, str]:
    if upload.requirement not in known:
        raise InvalidInput(_("A file was attached to an unknown requirement."), field="documents")
    if len(upload.content) > max_upload_bytes():
        raise InvalidInput(_("A file is too large (at most %(mb)d MB).") % {"mb": max_upload_bytes() // 2**20},
                           field="documents")
    if upload.content.startswith(_PDF):
        return ContentFile(upload.content, name="dokumen.pdf"), "application/pdf"
    photo = clean_photo(io.BytesIO(upload.content), field="documents", size=len(upload.content))
    photo.content.name = "dokumen.jpg"
    return photo.content, "image/jpeg"


def _start_clock(request: ServiceRequest, now: datetime) -> None:
    completion = parse_completion(str(request.standard.standard.get("completion", request.service.completion)))
    request.clock_started_at = now
    request.promised_at = promised_at(completion=completion, received_at=now, calendar=get_calendar(),
                                      same_day_cutoff=get_same_day_cutoff())
    request.next_check_at = request.promised_at
    request.escalation_level = 0
    request.escalated_to = None


def _after_commit_check(request: ServiceRequest) -> None:
    if request.next_check_at is not None:
        request_id, due = request.pk, request.next_check_at
        transaction.on_commit(lambda: schedule_request_check(request_id, due))


def create_request(*, draft: RequestDraft, by: Any = None, now: datetime | None = None) -> ServiceRequest:
    """A new permohonan. At the counter `by` is the officer (who must work in the unit); online it is None."""
    now = now or timezone.now()
    if draft.channel == Channel.COUNTER:
        if by is None:
            raise Forbidden(_("Only an officer can register a request at the counter."))
        from sigap.organization.access import works_in_subtree_of

        if not works_in_subtree_of(by, draft.unit):
            raise Forbidden(_("Only officers of %(unit)s can register its requests.") % {"unit": draft.unit})
    nik = _validate(draft, now=now)
    known = set(draft.service.requirement_items())
    documents = [(*_clean_document(upload, known=known), upload.requirement) for upload in draft.documents]
    for _attempt in range(5):
        try:
            with transaction.atomic():
                request = ServiceRequest(
                    tracking_id=new_tracking_id(tracking_prefix()), service=draft.service,
                    standard=current_standard(draft.service, now=now), unit=draft.unit, channel=draft.channel,
                    applicant_name=draft.applicant_name.strip(), applicant_phone=draft.applicant_phone.strip(),
                    applicant_email=draft.applicant_email.strip(), nik=nik, checklist=list(draft.checklist),
                    status=RequestStatus.RECEIVED, received_at=now, updated_at=now,
                    created_by=by if by is not None else None,
                )
                _start_clock(request, now)
                request.save()
                for content, content_type, requirement in documents:
                    RequestDocument.objects.create(request=request, requirement=requirement, file=content,
                                                   content_type=content_type, created_at=now)
                record_event(request=request, action=RequestAction.SUBMIT, before="",
                             after=RequestStatus.RECEIVED.value, by=by, now=now,
                             change=Change(data={"channel": draft.channel, "standard": request.standard.number}))
                _after_commit_check(request)
                return request
        except IntegrityError:
            continue  # a tracking-ID collision: draw again
    raise RuntimeError("could not draw a free tracking ID")


def transition(*, request: ServiceRequest, action: RequestAction, by: Any, now: datetime | None = None,
               missing: Sequence[str] = (), note: str = "") -> ServiceRequestEvent:
    """The counter's one-click step. Dispatches to the named action."""
    handlers = {
        RequestAction.CHECK: check_requirements, RequestAction.COMPLETE: complete_requirements,
        RequestAction.START: start_processing, RequestAction.MARK_READY: mark_ready,
        RequestAction.HAND_OVER: hand_over, RequestAction.CANCEL: cancel_request,
    }
    if action == RequestAction.MARK_INCOMPLETE:
        return mark_incomplete(request=request, by=by, missing=missing, now=now)
    if action not in handlers:
        raise InvalidInput(_("Unknown step."), field="action")
    if action == RequestAction.CANCEL:
        return cancel_request(request=request, by=by, reason=note, now=now)
    return handlers[action](request=request, by=by, now=now)  # type: ignore[operator]


def _step(request: ServiceRequest, action: RequestAction, by: Any, now: datetime | None,
          mutate: Any = None) -> tuple[ServiceRequest, ServiceRequestEvent]:
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_request(request.pk)
        require_handler(by, locked)
        event = apply_transition(request=locked, action=action, by=by, now=now, mutate=mutate)
        if action == RequestAction.COMPLETE:
            _after_commit_check(locked)
    request.refresh_from_db()
    return locked, event


def check_requirements(*, request: ServiceRequest, by: Any, now: datetime | None = None) -> ServiceRequestEvent:
    def mutate(req: ServiceRequest, change: Change) -> None:
        req.missing_items = []
        req.checklist = req.service.requirement_items()

    return _step(request, RequestAction.CHECK, by, now, mutate)[1]


def mark_incomplete(*, request: ServiceRequest, by: Any, missing: Sequence[str],
                    now: datetime | None = None) -> ServiceRequestEvent:
    """Requirements missing: the clock stops and the applicant is told exactly what to bring."""
    items = [item.strip() for item in missing if item.strip()]
    if not items:
        raise InvalidInput(_("Name at least one missing requirement."), field="missing")
    if any(len(item) > 300 for item in items):
        raise InvalidInput(_("A missing item is too long (at most 300 characters)."), field="missing")
    moment = now or timezone.now()
    with transaction.atomic():
        locked = lock_request(request.pk)
        require_handler(by, locked)

        def mutate(req: ServiceRequest, change: Change) -> None:
            req.missing_items = items
            req.next_check_at = None
            change.note = "; ".join(items)
            change.data = {"missing": items}

        event = apply_transition(request=locked, action=RequestAction.MARK_INCOMPLETE, by=by, now=moment,
                                 mutate=mutate)
        notify_applicant(locked, event, "service_incomplete", {"missing": "; ".join(items)})
    request.refresh_from_db()
    return event


def complete_requirements(*, request: ServiceRequest, by: Any, now: datetime | None = None) -> ServiceRequestEvent:
    """The missing items came in: the standard's clock starts again from now."""
    moment = now or timezone.now()

    def mutate(req: ServiceRequest, change: Change) -> None:
        req.missing_items = []
        _start_clock(req, moment)
        change.data = {"promised_at": req.promised_at.isoformat() if req.promised_at else None}

    _locked, event = _step(request, RequestAction.COMPLETE, by, moment, mutate)
    return event


def start_processing(*, request: ServiceRequest, by: Any, now: datetime | None = None) -> ServiceRequestEvent:
    return _step(request, RequestAction.START, by, now)[1]


def mark_ready(*, request: ServiceRequest, by: Any, now: datetime | None = None) -> ServiceRequestEvent:
    """The product exists: the clock stops and the applicant is told to come (or that it was sent)."""
    moment = now or timezone.now()
    with transaction.atomic():
        locked = lock_request(request.pk)
        require_handler(by, locked)

        def mutate(req: ServiceRequest, change: Change) -> None:
            req.ready_at = moment
            req.next_check_at = None
            change.data = {"on_time": bool(req.promised_at and moment <= req.promised_at)}

        event = apply_transition(request=locked, action=RequestAction.MARK_READY, by=by, now=moment, mutate=mutate)
        notify_applicant(locked, event, "service_ready", {"product": locked.service.product})
    request.refresh_from_db()
    return event


def hand_over(*, request: ServiceRequest, by: Any, now: datetime | None = None) -> ServiceRequestEvent:
    """Handed to the applicant: the satisfaction survey link is issued and sent."""
    moment = now or timezone.now()
    with transaction.atomic():
        locked = lock_request(request.pk)
        require_handler(by, locked)

        def mutate(req: ServiceRequest, change: Change) -> None:
            req.handed_over_at = moment

        event = apply_transition(request=locked, action=RequestAction.HAND_OVER, by=by, now=moment, mutate=mutate)
        survey_url = link_after_hand_over(locked, moment)
        notify_applicant(locked, event, "service_survey", {"survey_url": survey_url})
    request.refresh_from_db()
    return event


def cancel_request(*, request: ServiceRequest, by: Any, reason: str = "",
                   now: datetime | None = None) -> ServiceRequestEvent:
    if not reason.strip():
        raise InvalidInput(_("Give the reason for cancelling."), field="note")

    def mutate(req: ServiceRequest, change: Change) -> None:
        req.next_check_at = None
        change.note = reason.strip()[:500]

    return _step(request, RequestAction.CANCEL, by, now, mutate)[1]
