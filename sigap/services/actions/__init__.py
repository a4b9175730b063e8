"""Every write of the services app: standards, requests and their transitions, the deadline clock."""

from sigap.services.actions.clock import check_request_deadline, due_request_ids
from sigap.services.actions.requests import (
    RequestDraft,
    UploadedRequirement,
    cancel_request,
    check_requirements,
    complete_requirements,
    create_request,
    hand_over,
    mark_incomplete,
    mark_ready,
    start_processing,
    transition,
)
from sigap.services.actions.standards import current_standard, link_report_to_service, publish_standard

__all__ = [
    "RequestDraft", "UploadedRequirement", "cancel_request", "check_request_deadline", "check_requirements",
    "complete_requirements", "create_request", "current_standard", "due_request_ids", "hand_over",
    "link_report_to_service", "mark_incomplete", "mark_ready", "publish_standard", "start_processing",
    "transition",
]
