"""The one path every request transition takes: lock, ask the domain, save, append the event, follow up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from sigap.core.errors import Conflict, Forbidden
from sigap.domain.service_requests import (
    STATUS_LABELS,
    RequestAction,
    RequestStatus,
    RequestTransitionNotAllowed,
    next_request_status,
)
from sigap.organization.access import works_in_subtree_of
from sigap.services.models import ServiceRequest, ServiceRequestEvent


@dataclass
class Change:
    note: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def lock_request(request_id: int) -> ServiceRequest:
    return ServiceRequest.objects.select_for_update(of=("self",)).select_related("service", "unit").get(
        pk=request_id
    )


def actor_label(by: Any) -> str:
    if by is None:
        return "system"
    if isinstance(by, str):
        return by
    return str(by.get_full_name() or by.get_username())


def require_handler(by: Any, request: ServiceRequest) -> None:
    """Only the handling unit (and the units above it) move a request."""
    if not works_in_subtree_of(by, request.unit):
        raise Forbidden(_("Only officers of %(unit)s can handle this request.") % {"unit": request.unit})


def record_event(*, request: ServiceRequest, action: RequestAction, before: str, after: str, by: Any,
                 now: datetime, change: Change) -> ServiceRequestEvent:
    request.event_count = F("event_count") + 1
    request.updated_at = now
    request.save()
    request.refresh_from_db(fields=["event_count"])
    return ServiceRequestEvent.objects.create(
        request=request, seq=request.event_count, at=now,
        actor=by if by is not None and not isinstance(by, str) else None, actor_label=actor_label(by),
        action=action.value, from_status=before, to_status=after, note=change.note, data=change.data,
    )


def apply_transition(*, request: ServiceRequest, action: RequestAction, by: Any, now: datetime,
                     mutate: Callable[[ServiceRequest, Change], None] | None = None) -> ServiceRequestEvent:
    """Apply `action` to a request already locked in the current transaction; exactly one event row."""
    assert transaction.get_connection().in_atomic_block, "apply_transition needs an atomic block"
    before = RequestStatus(request.status)
    try:
        after = next_request_status(before, action)
    except RequestTransitionNotAllowed as error:
        raise Conflict(
            _("This request is “%(status)s”, so this step is not possible now.")
            % {"status": STATUS_LABELS[before]},
            code="invalid_transition",
        ) from error
    change = Change()
    if mutate is not None:
        mutate(request, change)
    request.status = after.value
    return record_event(request=request, action=action, before=before.value, after=after.value, by=by, now=now,
                        change=change)


def schedule_request_check(request_id: int, due_at: datetime) -> None:
    from sigap.services.tasks import check_service_request_deadline

    check_service_request_deadline.using(run_after=due_at).enqueue(request_id, due_at.isoformat())
