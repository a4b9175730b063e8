"""Service requests (permohonan) held to their published standard (docs/domain.md, "Public services").

The lifecycle is a table like the report lifecycle, so shell, docs and tests read the same rules. The promised
time comes from the standard's completion time and the working calendar: "same day" means close of business
today when received before the cut-off, else the next working day's close; "N working days" is the calendar's
`add_working_days`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum
from types import MappingProxyType

from sigap.domain.calendar import WorkingCalendar


class RequestStatus(StrEnum):
    RECEIVED = "received"
    INCOMPLETE = "incomplete"
    CHECKED = "checked"
    IN_PROCESS = "in_process"
    READY = "ready"
    HANDED_OVER = "handed_over"
    CANCELLED = "cancelled"


class RequestAction(StrEnum):
    SUBMIT = "submit"
    CHECK = "check"  # requirements complete
    MARK_INCOMPLETE = "mark_incomplete"
    COMPLETE = "complete"  # the missing items were brought
    START = "start"
    MARK_READY = "mark_ready"
    HAND_OVER = "hand_over"
    CANCEL = "cancel"
    ESCALATE = "escalate"
    NOTE = "note"


STATUS_LABELS: Mapping[RequestStatus, str] = MappingProxyType(
    {
        RequestStatus.RECEIVED: "Diterima",
        RequestStatus.INCOMPLETE: "Persyaratan belum lengkap",
        RequestStatus.CHECKED: "Persyaratan lengkap",
        RequestStatus.IN_PROCESS: "Diproses",
        RequestStatus.READY: "Siap diambil",
        RequestStatus.HANDED_OVER: "Sudah diserahkan",
        RequestStatus.CANCELLED: "Dibatalkan",
    }
)

OPEN_STATUSES: frozenset[RequestStatus] = frozenset(
    {RequestStatus.RECEIVED, RequestStatus.INCOMPLETE, RequestStatus.CHECKED, RequestStatus.IN_PROCESS}
)
# The product exists once it is ready: the standard's clock stops there, not at the (citizen-timed) hand-over.
FINISHED_STATUSES: frozenset[RequestStatus] = frozenset({RequestStatus.READY, RequestStatus.HANDED_OVER})
FINAL_STATUSES: frozenset[RequestStatus] = frozenset({RequestStatus.HANDED_OVER, RequestStatus.CANCELLED})
INITIAL_STATUS = RequestStatus.RECEIVED


def _table() -> dict[tuple[RequestStatus, RequestAction], RequestStatus]:
    s, a = RequestStatus, RequestAction
    moves: dict[RequestStatus, dict[RequestAction, RequestStatus]] = {
        s.RECEIVED: {a.CHECK: s.CHECKED, a.MARK_INCOMPLETE: s.INCOMPLETE, a.CANCEL: s.CANCELLED},
        s.INCOMPLETE: {a.COMPLETE: s.CHECKED, a.MARK_INCOMPLETE: s.INCOMPLETE, a.CANCEL: s.CANCELLED},
        s.CHECKED: {a.START: s.IN_PROCESS, a.MARK_READY: s.READY, a.CANCEL: s.CANCELLED},
        s.IN_PROCESS: {a.MARK_READY: s.READY, a.CANCEL: s.CANCELLED},
        s.READY: {a.HAND_OVER: s.HANDED_OVER},
        s.HANDED_OVER: {},
        s.CANCELLED: {},
    }
    table = {(before, action): after for before, row in moves.items() for action, after in row.items()}
    # Escalation and notes record something without moving the request.
    for status in s:
        table[(status, a.NOTE)] = status
        if status in OPEN_STATUSES - {s.INCOMPLETE}:
            table[(status, a.ESCALATE)] = status
    return table


TRANSITIONS: Mapping[tuple[RequestStatus, RequestAction], RequestStatus] = MappingProxyType(_table())


class RequestTransitionNotAllowed(ValueError):
    def __init__(self, status: RequestStatus, action: RequestAction) -> None:
        super().__init__(f"{action.value!r} is not allowed from {status.value!r}")
        self.status = status
        self.action = action


def next_request_status(status: RequestStatus, action: RequestAction) -> RequestStatus:
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise RequestTransitionNotAllowed(status, action) from None


def allowed_actions(status: RequestStatus) -> tuple[RequestAction, ...]:
    """Actions an officer can take from `status` by hand (the clock's escalation is not one of them)."""
    return tuple(
        action
        for (before, action) in TRANSITIONS
        if before == status and action not in (RequestAction.ESCALATE, RequestAction.NOTE)
    )


# -- completion time ------------------------------------------------------------------------------------------

_WORKING_DAYS = re.compile(r"(\d{1,3})_working_days?")
SAME_DAY = "same_day"


@dataclass(frozen=True)
class Completion:
    """A standard's completion time: the same day, or a number of working days."""

    working_days: int  # 0 means the same day

    @property
    def same_day(self) -> bool:
        return self.working_days == 0


def parse_completion(text: str) -> Completion:
    """`same_day` or `N_working_days` (N from 1 to 999), as the service catalogue writes them."""
    value = text.strip().lower()
    if value == SAME_DAY:
        return Completion(0)
    match = _WORKING_DAYS.fullmatch(value)
    if match is None or int(match.group(1)) < 1:
        raise ValueError(f"a completion time is 'same_day' or 'N_working_days', got {text!r}")
    return Completion(int(match.group(1)))


def promised_at(
    *, completion: Completion, received_at: datetime, calendar: WorkingCalendar, same_day_cutoff: time
) -> datetime:
    """When the product is promised.

    Same day: close of business of the day of receipt when that is a working day and the request came in
    before the cut-off (local time); otherwise the close of the next working day. N working days: the close of
    business of the Nth working day after the day of receipt (the calendar's rule).
    """
    if received_at.tzinfo is None:
        raise ValueError("received_at must be an aware datetime")
    if not completion.same_day:
        return calendar.add_working_days(received_at, completion.working_days)
    local = received_at.astimezone(calendar.tz)
    close = calendar.close_of_business(local.date())
    if close is not None and local.time() < same_day_cutoff and received_at < close:
        return close
    if close is None:
        return calendar.add_working_days(received_at, 0)
    return calendar.add_working_days(received_at, 1)


def within_standard(*, promised: datetime, finished: datetime | None) -> bool | None:
    """True when finished by the promise, False when finished late, None while not finished."""
    if finished is None:
        return None
    return finished <= promised


def is_late(*, promised: datetime | None, finished: datetime | None, now: datetime) -> bool:
    if promised is None:
        return False
    return (finished or now) > promised
