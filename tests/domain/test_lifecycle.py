from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigap.domain.lifecycle import (
    FINAL_STATUSES,
    INITIAL_STATUS,
    OPEN_STATUSES,
    PAUSED_STATUS,
    STATUS_LABELS,
    TRANSITIONS,
    Action,
    Audience,
    Status,
    TransitionNotAllowed,
    allowed_actions,
    next_status,
    note_reaches,
)

S, A = Status, Action
EXPECTED: dict[tuple[Status, Action], Status] = {
    (S.RECEIVED, A.DISPATCH): S.DISPATCHED,
    (S.RECEIVED, A.REQUEST_INFO): S.PENDING_INFO,
    (S.RECEIVED, A.ARCHIVE): S.ARCHIVED,
    (S.RECEIVED, A.REFER): S.REFERRED,
    (S.RECEIVED, A.NOTE): S.RECEIVED,
    (S.RECEIVED, A.ESCALATE): S.RECEIVED,
    (S.RECEIVED, A.VIEW_IDENTITY): S.RECEIVED,
    (S.RECEIVED, A.LINK_DUPLICATE): S.ARCHIVED,
    (S.PENDING_INFO, A.ADD_INFO): S.RECEIVED,
    (S.PENDING_INFO, A.ARCHIVE): S.ARCHIVED,
    (S.PENDING_INFO, A.EXPIRE): S.ARCHIVED,
    (S.PENDING_INFO, A.NOTE): S.PENDING_INFO,
    (S.PENDING_INFO, A.VIEW_IDENTITY): S.PENDING_INFO,
    (S.DISPATCHED, A.RESPOND): S.IN_PROGRESS,
    (S.DISPATCHED, A.RESOLVE): S.RESOLVED,
    (S.DISPATCHED, A.REDISPATCH): S.DISPATCHED,
    (S.DISPATCHED, A.PASS_UP): S.DISPATCHED,
    (S.DISPATCHED, A.RETURN_TO_ADMIN): S.RECEIVED,
    (S.DISPATCHED, A.REFER): S.REFERRED,
    (S.DISPATCHED, A.NOTE): S.DISPATCHED,
    (S.DISPATCHED, A.ESCALATE): S.DISPATCHED,
    (S.DISPATCHED, A.VIEW_IDENTITY): S.DISPATCHED,
    (S.IN_PROGRESS, A.RESPOND): S.IN_PROGRESS,
    (S.IN_PROGRESS, A.RESOLVE): S.RESOLVED,
    (S.IN_PROGRESS, A.REDISPATCH): S.DISPATCHED,
    (S.IN_PROGRESS, A.PASS_UP): S.DISPATCHED,
    (S.IN_PROGRESS, A.RETURN_TO_ADMIN): S.RECEIVED,
    (S.IN_PROGRESS, A.NOTE): S.IN_PROGRESS,
    (S.IN_PROGRESS, A.ESCALATE): S.IN_PROGRESS,
    (S.IN_PROGRESS, A.VIEW_IDENTITY): S.IN_PROGRESS,
    (S.RESOLVED, A.CONFIRM): S.CLOSED,
    (S.RESOLVED, A.DISPUTE): S.IN_PROGRESS,
    (S.RESOLVED, A.AUTO_CLOSE): S.CLOSED,
    (S.RESOLVED, A.NOTE): S.RESOLVED,
    (S.RESOLVED, A.VIEW_IDENTITY): S.RESOLVED,
    (S.CLOSED, A.RATE): S.CLOSED,
    (S.CLOSED, A.NOTE): S.CLOSED,
    (S.CLOSED, A.VIEW_IDENTITY): S.CLOSED,
    (S.ARCHIVED, A.NOTE): S.ARCHIVED,
    (S.ARCHIVED, A.VIEW_IDENTITY): S.ARCHIVED,
    (S.REFERRED, A.NOTE): S.REFERRED,
    (S.REFERRED, A.VIEW_IDENTITY): S.REFERRED,
}


@pytest.mark.parametrize(("status", "action"), list(EXPECTED))
def test_table_entry_leads_to_the_documented_status(status: Status, action: Action) -> None:
    assert next_status(status, action) is EXPECTED[(status, action)]


def test_table_has_no_entries_beyond_the_documented_ones() -> None:
    assert dict(TRANSITIONS) == EXPECTED


def test_submit_is_creation_not_a_transition() -> None:
    assert all(action is not Action.SUBMIT for _, action in TRANSITIONS)


def test_a_new_report_starts_received() -> None:
    assert INITIAL_STATUS is Status.RECEIVED


def test_resolve_in_received_is_refused_with_both_names() -> None:
    with pytest.raises(TransitionNotAllowed, match="action 'resolve' is not allowed in status 'received'"):
        next_status(Status.RECEIVED, Action.RESOLVE)


def test_refusal_carries_the_status_and_the_action() -> None:
    with pytest.raises(TransitionNotAllowed) as refused:
        next_status(Status.CLOSED, Action.DISPUTE)
    assert (refused.value.status, refused.value.action) == (Status.CLOSED, Action.DISPUTE)


def test_rating_before_the_report_is_closed_is_refused() -> None:
    with pytest.raises(TransitionNotAllowed):
        next_status(Status.RESOLVED, Action.RATE)


@pytest.mark.parametrize("status", sorted(FINAL_STATUSES))
def test_final_statuses_allow_only_notes_identity_views_and_rating(status: Status) -> None:
    assert allowed_actions(status) <= {Action.NOTE, Action.VIEW_IDENTITY, Action.RATE}


@pytest.mark.parametrize("status", sorted(OPEN_STATUSES))
def test_every_open_status_can_still_reach_a_final_status(status: Status) -> None:
    reached, frontier = {status}, [status]
    while frontier:
        current = frontier.pop()
        for action in allowed_actions(current):
            after = next_status(current, action)
            if after not in reached:
                reached.add(after)
                frontier.append(after)
    assert reached & FINAL_STATUSES


def test_open_and_final_statuses_partition_all_statuses() -> None:
    assert set(Status) == OPEN_STATUSES | FINAL_STATUSES and not OPEN_STATUSES & FINAL_STATUSES


def test_a_resolved_report_is_still_open_until_its_reporter_confirms() -> None:
    assert Status.RESOLVED in OPEN_STATUSES


def test_only_a_report_waiting_on_its_reporter_is_paused_and_it_stays_open() -> None:
    assert PAUSED_STATUS is Status.PENDING_INFO and PAUSED_STATUS in OPEN_STATUSES


def test_every_status_has_an_indonesian_label() -> None:
    assert set(STATUS_LABELS) == set(Status)


def test_pending_info_label_is_the_documented_text() -> None:
    assert STATUS_LABELS[Status.PENDING_INFO] == "Ditunda — menunggu kelengkapan"


def test_allowed_actions_match_the_table_row() -> None:
    assert allowed_actions(Status.RESOLVED) == {
        Action.CONFIRM, Action.DISPUTE, Action.AUTO_CLOSE, Action.NOTE, Action.VIEW_IDENTITY,
    }


@given(st.lists(st.sampled_from(list(Action)), max_size=40))
def test_any_action_sequence_stays_in_the_table_or_is_refused(actions: list[Action]) -> None:
    status = INITIAL_STATUS
    for action in actions:
        try:
            after = next_status(status, action)
        except TransitionNotAllowed:
            assert action not in allowed_actions(status)
            continue
        assert TRANSITIONS[(status, action)] is after
        assert isinstance(after, Status)
        status = after


@pytest.mark.parametrize("action", ["dispatch", "redispatch", "pass_up", "return_to_admin", "note", "view_identity",
                                    "submit", "confirm", "a_future_action"])
def test_a_note_is_internal_unless_its_action_is_marked_public(action: str) -> None:
    assert not note_reaches(action, Audience.PUBLIC)
    assert not note_reaches(action, Audience.REPORTER)
    assert note_reaches(action, Audience.STAFF)


def test_the_reporters_own_words_reach_the_reporter_but_not_the_public() -> None:
    for action in ("rate", "dispute", "add_info", "request_info"):
        assert note_reaches(action, Audience.REPORTER) and not note_reaches(action, Audience.PUBLIC), action
