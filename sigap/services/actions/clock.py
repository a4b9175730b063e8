"""What the clock does to a late request: climb the same ladder as reports, one rung per grace period.

Idempotent: the locked request is re-read and acted on only if the check it was scheduled for is still the one in
force and has passed, so duplicate, late or stale runs do nothing.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.calendar.service import get_calendar, get_ladder_policy
from sigap.domain.ladder import decide_escalation
from sigap.domain.service_requests import OPEN_STATUSES, RequestAction, RequestStatus
from sigap.organization.ladder import ladder_nodes
from sigap.organization.models import Unit
from sigap.services.actions.engine import Change, apply_transition, lock_request, schedule_request_check
from sigap.services.models import ServiceRequest, ServiceRequestEvent
from sigap.services.notify import notify_unit


def check_request_deadline(*, request_id: int, expected_check_at: datetime | None = None,
                           now: datetime | None = None) -> ServiceRequestEvent | None:
    """Escalate a request whose promise (or last rung's grace) has passed; returns the event written, if any."""
    now = now or timezone.now()
    with transaction.atomic():
        try:
            request = lock_request(request_id)
        except ServiceRequest.DoesNotExist:
            return None
        if request.next_check_at is None or request.next_check_at > now:
            return None
        if expected_check_at is not None and request.next_check_at != expected_check_at:
            return None  # superseded by a newer check, which has its own task
        if RequestStatus(request.status) not in OPEN_STATUSES - {RequestStatus.INCOMPLETE}:
            request.next_check_at = None
            request.save(update_fields=["next_check_at"])
            return None
        climb = decide_escalation(responsible=request.unit.code, level=request.escalation_level,
                                  units=ladder_nodes(request.unit), policy=get_ladder_policy(),
                                  calendar=get_calendar(), now=now)
        if climb is None:
            request.next_check_at = None  # top of the ladder: stays visibly late, nobody above to tell
            request.save(update_fields=["next_check_at"])
            return None
        target = Unit.objects.get(code=climb.unit)
        next_check = climb.next_check_at

        def mutate(req: ServiceRequest, change: Change) -> None:
            req.escalation_level = climb.rung.level
            req.escalated_to = target
            req.next_check_at = next_check
            change.note = _("Past the promised time: escalated to %(unit)s.") % {"unit": target}
            change.data = {"level": climb.rung.level, "unit": target.code, "role": climb.rung.role}

        event = apply_transition(request=request, action=RequestAction.ESCALATE, by=None, now=now, mutate=mutate)
        notify_unit(request, event, target, "service_request_escalated", heads_only=climb.heads_only,
                    extra={"level": climb.rung.level})
        request_id_, due = request.pk, next_check
        transaction.on_commit(lambda: schedule_request_check(request_id_, due))
        return event


def due_request_ids(now: datetime, limit: int = 10_000) -> list[int]:
    return list(ServiceRequest.objects.filter(next_check_at__lte=now).order_by("next_check_at")
                .values_list("pk", flat=True)[:limit])
