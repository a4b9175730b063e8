"""The report lifecycle (docs/domain.md, "Lifecycle") as one table of allowed transitions.

The table is data so that the shell, the docs and the tests read the same rules; a status change that is not
in it is refused with `TransitionNotAllowed`. Creating a report (SUBMIT) is not a transition: it yields
`INITIAL_STATUS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class Status(StrEnum):
    RECEIVED = "received"
    PENDING_INFO = "pending_info"
    DISPATCHED = "dispatched"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    ARCHIVED = "archived"
    REFERRED = "referred"


class Action(StrEnum):
    SUBMIT = "submit"
    DISPATCH = "dispatch"
    REQUEST_INFO = "request_info"
    ADD_INFO = "add_info"
    ARCHIVE = "archive"
    EXPIRE = "expire"  # pending_info archived after 30 calendar days without a reply
    REFER = "refer"
    RESPOND = "respond"
    NOTE = "note"
    RESOLVE = "resolve"
    CONFIRM = "confirm"
    DISPUTE = "dispute"
    AUTO_CLOSE = "auto_close"
    RATE = "rate"
    REDISPATCH = "redispatch"
    PASS_UP = "pass_up"  # noqa: S105 - an action name, not a password
    RETURN_TO_ADMIN = "return_to_admin"
    ESCALATE = "escalate"
    VIEW_IDENTITY = "view_identity"
    LINK_DUPLICATE = "link_duplicate"


STATUS_LABELS: Mapping[Status, str] = MappingProxyType(
    {
        Status.RECEIVED: "Diterima",
        Status.PENDING_INFO: "Ditunda — menunggu kelengkapan",
        Status.DISPATCHED: "Didisposisikan",
        Status.IN_PROGRESS: "Ditindaklanjuti",
        Status.RESOLVED: "Selesai — menunggu konfirmasi",
        Status.CLOSED: "Ditutup",
        Status.ARCHIVED: "Diarsipkan",
        Status.REFERRED: "Bukan kewenangan — diteruskan",
    }
)


class Audience(StrEnum):
    """Who may read an event's note (its text), from the widest to the narrowest."""

    PUBLIC = "public"  # anyone with the tracking ID: tracking page, API, Open311, WhatsApp, followers
    REPORTER = "reporter"  # the reporter (their secret link, their messages) and officers
    STAFF = "staff"  # officers only


# The one table of who reads each action's note, for every surface. An action that is not listed is STAFF: a new
# action, or a staff-to-staff text such as the dispatch note to the unit, is never published by default.
NOTE_AUDIENCE: Mapping[Action, Audience] = MappingProxyType(
    {
        # Answers the office gives the citizen; their forms say they are public.
        Action.RESPOND: Audience.PUBLIC,
        Action.RESOLVE: Audience.PUBLIC,
        Action.REFER: Audience.PUBLIC,
        Action.ARCHIVE: Audience.PUBLIC,
        Action.LINK_DUPLICATE: Audience.PUBLIC,
        # Texts the system writes; they carry no one's words.
        Action.EXPIRE: Audience.PUBLIC,
        Action.AUTO_CLOSE: Audience.PUBLIC,
        Action.ESCALATE: Audience.PUBLIC,
        # Between the office and the reporter: the question asked, the reporter's own answer, dispute and rating.
        Action.REQUEST_INFO: Audience.REPORTER,
        Action.ADD_INFO: Audience.REPORTER,
        Action.DISPUTE: Audience.REPORTER,
        Action.RATE: Audience.REPORTER,
    }
)


def note_audience(action: str) -> Audience:
    try:
        return NOTE_AUDIENCE.get(Action(action), Audience.STAFF)
    except ValueError:  # an action this code no longer knows: keep its text in
        return Audience.STAFF


def note_reaches(action: str, reader: Audience) -> bool:
    """Whether `reader` may read the note of an event of `action`; officers read every note."""
    audience = note_audience(action)
    if reader is Audience.PUBLIC:
        return audience is Audience.PUBLIC
    if reader is Audience.REPORTER:
        return audience in (Audience.PUBLIC, Audience.REPORTER)
    return True


# The one definition of "final", "open" and "paused" (docs/domain.md, "Lifecycle"). A final report never moves
# again except by a note; every other report is open, a resolved one included (its reporter may still dispute).
FINAL_STATUSES: frozenset[Status] = frozenset({Status.CLOSED, Status.ARCHIVED, Status.REFERRED})
OPEN_STATUSES: frozenset[Status] = frozenset(Status) - FINAL_STATUSES
# Waiting on the reporter: the clock is paused, so such a report is never late while it waits.
PAUSED_STATUS = Status.PENDING_INFO
INITIAL_STATUS = Status.RECEIVED

# A note and a (logged) look at an anonymous reporter's identity record something without moving the report,
# and stay possible after the report is final: records are never frozen shut.
_RECORDING = (Action.NOTE, Action.VIEW_IDENTITY)


def _table() -> dict[tuple[Status, Action], Status]:
    s, a = Status, Action
    moves: dict[Status, dict[Action, Status]] = {
        s.RECEIVED: {
            a.DISPATCH: s.DISPATCHED,
            a.REQUEST_INFO: s.PENDING_INFO,
            a.ARCHIVE: s.ARCHIVED,
            a.REFER: s.REFERRED,
            a.ESCALATE: s.RECEIVED,
            a.LINK_DUPLICATE: s.ARCHIVED,
        },
        s.PENDING_INFO: {a.ADD_INFO: s.RECEIVED, a.ARCHIVE: s.ARCHIVED, a.EXPIRE: s.ARCHIVED},
        s.DISPATCHED: {
            a.RESPOND: s.IN_PROGRESS,
            a.RESOLVE: s.RESOLVED,
            a.REDISPATCH: s.DISPATCHED,
            a.PASS_UP: s.DISPATCHED,
            a.RETURN_TO_ADMIN: s.RECEIVED,
            a.REFER: s.REFERRED,
            a.ESCALATE: s.DISPATCHED,
        },
        s.IN_PROGRESS: {
            a.RESPOND: s.IN_PROGRESS,
            a.RESOLVE: s.RESOLVED,
            a.REDISPATCH: s.DISPATCHED,
            a.PASS_UP: s.DISPATCHED,
            a.RETURN_TO_ADMIN: s.RECEIVED,
            a.ESCALATE: s.IN_PROGRESS,
        },
        s.RESOLVED: {a.CONFIRM: s.CLOSED, a.DISPUTE: s.IN_PROGRESS, a.AUTO_CLOSE: s.CLOSED},
        # A rating comes with or after the confirmation, so only a closed report takes one.
        s.CLOSED: {a.RATE: s.CLOSED},
        s.ARCHIVED: {},
        s.REFERRED: {},
    }
    table: dict[tuple[Status, Action], Status] = {}
    for status, actions in moves.items():
        for action in _RECORDING:
            table[(status, action)] = status
        for action, after in actions.items():
            table[(status, action)] = after
    return table


TRANSITIONS: Mapping[tuple[Status, Action], Status] = MappingProxyType(_table())

_ALLOWED: Mapping[Status, frozenset[Action]] = MappingProxyType(
    {status: frozenset(a for (s, a) in TRANSITIONS if s is status) for status in Status}
)


class TransitionNotAllowed(Exception):
    """An action was attempted in a status whose row of the table does not allow it."""

    def __init__(self, status: Status, action: Action) -> None:
        self.status = status
        self.action = action
        super().__init__(f"action '{action}' is not allowed in status '{status}'")


def next_status(status: Status, action: Action) -> Status:
    # Members of a StrEnum hash and compare as their values, so plain strings find the same entries; no
    # conversion is needed, which matters to the bulk generator calling this millions of times.
    try:
        return TRANSITIONS[(status, action)]
    except (KeyError, TypeError):
        raise TransitionNotAllowed(status, action) from None


def allowed_actions(status: Status) -> frozenset[Action]:
    return _ALLOWED[Status(status)]
