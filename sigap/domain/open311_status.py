"""Sigap's lifecycle said in the extended Open311 statuses mySociety's FixMyStreet reads (ADR 17).

A table, not code, so the docs, the tests and the API read one mapping. The core GeoReport field stays
open/closed; the extended status travels in `servicerequestupdates` and in `extensions=true` on requests.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from sigap.domain.lifecycle import Action, Status

EXTENDED_STATUS: Mapping[Status, str] = MappingProxyType(
    {
        Status.RECEIVED: "OPEN",
        # The office asked the reporter something: still looked into, the closest of FixMyStreet's words.
        Status.PENDING_INFO: "INVESTIGATING",
        Status.DISPATCHED: "ACTION_SCHEDULED",
        Status.IN_PROGRESS: "IN_PROGRESS",
        Status.RESOLVED: "FIXED",
        # Closed is reached only from resolved (confirmed or auto-closed after the fix), so it is a fix too.
        Status.CLOSED: "FIXED",
        Status.ARCHIVED: "CLOSED",
        Status.REFERRED: "NOT_COUNCILS_RESPONSIBILITY",
    }
)

# Where the action says more than the status it leads to: a duplicate is archived, but FixMyStreet has a word.
ACTION_STATUS: Mapping[Action, str] = MappingProxyType({Action.LINK_DUPLICATE: "DUPLICATE"})


def extended_status(status: str, action: str = "") -> str:
    """The extended status after an event of `action` that left the report in `status`."""
    try:
        return ACTION_STATUS[Action(action)]
    except (KeyError, ValueError):
        return EXTENDED_STATUS[Status(status)]
