"""Who may take which action on a report. Each rule on its own line, each covered by a test."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sigap.core.errors import Forbidden
from sigap.domain.lifecycle import Action
from sigap.organization.access import is_complaint_admin, is_superuser, works_in_subtree_of
from sigap.reports.models import Report

# Actions the complaint desk takes on the city's behalf.
ADMIN_ACTIONS = frozenset(
    {Action.DISPATCH, Action.REQUEST_INFO, Action.ARCHIVE, Action.REFER, Action.LINK_DUPLICATE,
     Action.VIEW_IDENTITY}
)
# Actions the lead unit (or a unit above it) takes.
LEAD_UNIT_ACTIONS = frozenset(
    {Action.RESPOND, Action.RESOLVE, Action.REDISPATCH, Action.PASS_UP, Action.RETURN_TO_ADMIN}
)


def is_lead_handler(user: Any, report: Report) -> bool:
    return works_in_subtree_of(user, report.lead_unit)


def is_supporting_handler(user: Any, report: Report) -> bool:
    return any(works_in_subtree_of(user, link.unit) for link in report.supporting.select_related("unit"))


def is_escalation_handler(user: Any, report: Report) -> bool:
    return works_in_subtree_of(user, report.escalated_to)


def may_act(user: Any, report: Report, action: Action) -> bool:
    if is_superuser(user):
        return True
    if action in ADMIN_ACTIONS:
        return is_complaint_admin(user)
    if action == Action.REDISPATCH:
        return is_complaint_admin(user) or is_lead_handler(user, report)
    if action == Action.RESPOND:
        return is_lead_handler(user, report) or is_supporting_handler(user, report)
    if action in LEAD_UNIT_ACTIONS:
        return is_lead_handler(user, report)
    if action == Action.NOTE:
        return (
            is_complaint_admin(user)
            or is_lead_handler(user, report)
            or is_supporting_handler(user, report)
            or is_escalation_handler(user, report)
        )
    return False


def require(user: Any, report: Report, action: Action) -> None:
    if user is None or not getattr(user, "is_authenticated", False) or not may_act(user, report, action):
        raise Forbidden(_("You are not allowed to do this for this report."))
