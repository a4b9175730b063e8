"""Service-level clocks of the report lifecycle: which stage a report is in and when that stage is due.

Defaults follow docs/domain.md ("Lifecycle", SP4N practice); a city changes them through `SlaPolicy`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from sigap.domain.calendar import DeadlineError, WorkingCalendar
from sigap.domain.lifecycle import FINAL_STATUSES, INITIAL_STATUS, Action, Status, next_status


class Stage(StrEnum):
    VERIFICATION = "verification"
    FIRST_RESPONSE = "first_response"
    RESOLUTION = "resolution"
    CONFIRMATION = "confirmation"
    PENDING_INFO = "pending_info"


class ResolutionClass(StrEnum):
    INFORMATION = "permintaan_informasi"
    ASPIRATION = "aspirasi"
    COMPLAINT = "pengaduan"
    SUPERVISORY = "pengaduan_berkadar_pengawasan"


_CLASS_OF_KIND: Mapping[str, ResolutionClass] = MappingProxyType(
    {
        "permintaan_informasi": ResolutionClass.INFORMATION,
        "aspirasi": ResolutionClass.ASPIRATION,
        "pengaduan": ResolutionClass.COMPLAINT,
    }
)


def resolution_class_for(kind: str, berkadar_pengawasan: bool) -> ResolutionClass:
    """The resolution class of a report kind; only a pengaduan can be berkadar pengawasan."""
    try:
        found = _CLASS_OF_KIND[kind]
    except KeyError:
        raise ValueError(f"unknown report kind {kind!r}; expected one of {sorted(_CLASS_OF_KIND)}") from None
    if found is ResolutionClass.COMPLAINT and berkadar_pengawasan:
        return ResolutionClass.SUPERVISORY
    return found


def _default_resolution_days() -> Mapping[ResolutionClass, int]:
    return MappingProxyType(
        {
            ResolutionClass.INFORMATION: 5,
            ResolutionClass.ASPIRATION: 14,
            ResolutionClass.COMPLAINT: 14,
            ResolutionClass.SUPERVISORY: 60,
        }
    )


@dataclass(frozen=True)
class SlaPolicy:
    """Limits in working days unless the name says calendar days."""

    verification_days: int = 3
    first_response_days: int = 5
    resolution_days: Mapping[ResolutionClass, int] = field(default_factory=_default_resolution_days)
    dispute_resolution_days: int = 5
    confirmation_days: int = 10
    pending_info_calendar_days: int = 30


STAGE_OF_STATUS: Mapping[Status, Stage] = MappingProxyType(
    {
        Status.RECEIVED: Stage.VERIFICATION,
        Status.PENDING_INFO: Stage.PENDING_INFO,
        Status.DISPATCHED: Stage.FIRST_RESPONSE,
        Status.IN_PROGRESS: Stage.RESOLUTION,
        Status.RESOLVED: Stage.CONFIRMATION,
    }
)


# The stages whose clock is the city's: only their deadlines make a report late (docs/domain.md, "Late"), and only
# they climb the escalation ladder. Confirmation is the reporter's clock; pending_info is paused.
CITY_STAGES: frozenset[Stage] = frozenset({Stage.VERIFICATION, Stage.FIRST_RESPONSE, Stage.RESOLUTION})


@dataclass(frozen=True)
class Deadlines:
    """The running stage with its due moment, and the overall resolution limit once the report is verified."""

    stage: Stage | None
    due_at: datetime | None
    resolution_due_at: datetime | None


_REROUTES = frozenset({Action.REDISPATCH, Action.PASS_UP, Action.RETURN_TO_ADMIN})
_RECORDING = frozenset({Action.NOTE, Action.ESCALATE, Action.VIEW_IDENTITY, Action.RATE})


def deadlines_after(
    *,
    policy: SlaPolicy,
    calendar: WorkingCalendar,
    status_before: Status | None,
    action: Action,
    status_after: Status,
    now: datetime,
    resolution_class: ResolutionClass,
    current: Deadlines,
) -> Deadlines:
    """The deadlines once `action` (taken at `now`) has moved a report from `status_before` to `status_after`.

    This is the clock of the lifecycle:

    * SUBMIT starts verification: `verification_days` working days; no resolution limit yet.
    * REQUEST_INFO pauses the report; it is archived (EXPIRE) `pending_info_calendar_days` calendar days
      later.
    * ADD_INFO restarts verification from now. The pause resets the verification clock rather than resuming
      it: an incomplete report is the reporter's doing, not the city's, so the city gets its full time again.
    * DISPATCH starts the first-response clock, and the resolution clock of the report's class. The resolution
      clock runs from verification, not from the unit's first answer.
    * REDISPATCH and PASS_UP restart the first-response clock; RETURN_TO_ADMIN restarts verification. None of
      them moves the resolution limit: routing a report around does not buy time. (If a report somehow has no
      resolution limit yet, it gets one as on dispatch.)
    * RESPOND from dispatched enters the resolution stage, due at the resolution limit; later answers change
      nothing.
    * RESOLVE gives the reporter `confirmation_days` working days to confirm or dispute before auto-close.
    * DISPUTE reopens the work with a new resolution limit of `dispute_resolution_days` working days.
    * A final status has no running stage; the resolution limit is kept for the record.
    * NOTE, ESCALATE, VIEW_IDENTITY and RATE leave the deadlines as they are. The grace period after an
      escalation belongs to the ladder, not to this clock.

    Raises ValueError when `status_after` is not where `action` leads from `status_before`, and
    DeadlineError (a ValueError) for a naive `now`.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise DeadlineError(f"naive datetime {now.isoformat()}: `now` must be aware")
    _check_transition(status_before, action, status_after)
    if action in _RECORDING:
        return current
    if status_after in FINAL_STATUSES:
        return Deadlines(stage=None, due_at=None, resolution_due_at=current.resolution_due_at)

    def working_days(days: int) -> datetime:
        return calendar.add_working_days(now, days)

    def resolution_limit() -> datetime:
        return working_days(policy.resolution_days[resolution_class])

    verification = Stage.VERIFICATION
    if action is Action.SUBMIT:
        return Deadlines(verification, working_days(policy.verification_days), None)
    if action is Action.REQUEST_INFO:
        paused_until = now.astimezone(calendar.tz) + timedelta(days=policy.pending_info_calendar_days)
        return Deadlines(Stage.PENDING_INFO, paused_until, current.resolution_due_at)
    if action is Action.ADD_INFO:
        return Deadlines(verification, working_days(policy.verification_days), current.resolution_due_at)
    if action is Action.DISPATCH:
        return Deadlines(Stage.FIRST_RESPONSE, working_days(policy.first_response_days), resolution_limit())
    if action in _REROUTES:
        resolution_due = current.resolution_due_at or resolution_limit()
        if status_after is Status.RECEIVED:
            return Deadlines(verification, working_days(policy.verification_days), resolution_due)
        return Deadlines(Stage.FIRST_RESPONSE, working_days(policy.first_response_days), resolution_due)
    if action is Action.RESPOND and status_before is Status.DISPATCHED:
        resolution_due = current.resolution_due_at or resolution_limit()
        return Deadlines(Stage.RESOLUTION, resolution_due, resolution_due)
    if action is Action.RESOLVE:
        return Deadlines(Stage.CONFIRMATION, working_days(policy.confirmation_days), current.resolution_due_at)
    if action is Action.DISPUTE:
        reopened_due = working_days(policy.dispute_resolution_days)
        return Deadlines(Stage.RESOLUTION, reopened_due, reopened_due)
    return current  # RESPOND within in_progress: the work goes on against the same limit


def _check_transition(status_before: Status | None, action: Action, status_after: Status) -> None:
    if status_before is None:
        expected = INITIAL_STATUS if action is Action.SUBMIT else None
    else:
        expected = next_status(status_before, action) if action is not Action.SUBMIT else None
    if expected is None or expected != status_after:  # a StrEnum member equals its value
        raise ValueError(f"action '{action}' does not lead from status '{status_before}' to status '{status_after}'")


def is_late(due_at: datetime | None, at: datetime) -> bool:
    """True once `at` is past `due_at`. No deadline is never late; due exactly now is on time."""
    return due_at is not None and at > due_at
