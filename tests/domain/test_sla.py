from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sigap.domain.calendar import DeadlineError, WorkingCalendar
from sigap.domain.lifecycle import Action, Status
from sigap.domain.sla import (
    STAGE_OF_STATUS,
    Deadlines,
    ResolutionClass,
    SlaPolicy,
    Stage,
    deadlines_after,
    is_late,
    resolution_class_for,
)

WITA = ZoneInfo("Asia/Makassar")
CALENDAR = WorkingCalendar(holidays=[date(2026, 1, 16)])
POLICY = SlaPolicy()
MONDAY = datetime(2026, 1, 19, 9, 0, tzinfo=WITA)
EARLIER_LIMIT = datetime(2026, 2, 5, 16, 0, tzinfo=WITA)
NONE = Deadlines(stage=None, due_at=None, resolution_due_at=None)


def after(
    before: Status | None,
    action: Action,
    status: Status,
    current: Deadlines = NONE,
    resolution_class: ResolutionClass = ResolutionClass.COMPLAINT,
) -> Deadlines:
    return deadlines_after(
        policy=POLICY, calendar=CALENDAR, status_before=before, action=action, status_after=status,
        now=MONDAY, resolution_class=resolution_class, current=current,
    )


def cob(day: int, month: int = 1) -> datetime:
    return CALENDAR.close_of_business(date(2026, month, day))  # type: ignore[return-value]


def test_submit_starts_three_working_days_of_verification() -> None:
    assert after(None, Action.SUBMIT, Status.RECEIVED) == Deadlines(Stage.VERIFICATION, cob(22), None)


def test_request_info_pauses_for_thirty_calendar_days() -> None:
    result = after(Status.RECEIVED, Action.REQUEST_INFO, Status.PENDING_INFO)
    assert (result.stage, result.due_at) == (Stage.PENDING_INFO, MONDAY + timedelta(days=30))


def test_added_information_restarts_verification_in_full() -> None:
    current = Deadlines(Stage.PENDING_INFO, MONDAY, None)
    assert after(Status.PENDING_INFO, Action.ADD_INFO, Status.RECEIVED, current).due_at == cob(22)


def test_dispatch_starts_five_working_days_to_first_response() -> None:
    result = after(Status.RECEIVED, Action.DISPATCH, Status.DISPATCHED)
    assert (result.stage, result.due_at) == (Stage.FIRST_RESPONSE, cob(26))


def test_dispatch_starts_the_resolution_clock_of_the_class() -> None:
    result = after(Status.RECEIVED, Action.DISPATCH, Status.DISPATCHED, resolution_class=ResolutionClass.INFORMATION)
    assert result.resolution_due_at == cob(26)


def test_supervisory_complaints_get_sixty_working_days() -> None:
    result = after(Status.RECEIVED, Action.DISPATCH, Status.DISPATCHED, resolution_class=ResolutionClass.SUPERVISORY)
    assert result.resolution_due_at == CALENDAR.add_working_days(MONDAY, 60)


def test_redispatch_restarts_first_response_but_keeps_the_resolution_limit() -> None:
    current = Deadlines(Stage.FIRST_RESPONSE, MONDAY, EARLIER_LIMIT)
    result = after(Status.DISPATCHED, Action.REDISPATCH, Status.DISPATCHED, current)
    assert result == Deadlines(Stage.FIRST_RESPONSE, cob(26), EARLIER_LIMIT)


def test_pass_up_from_in_progress_returns_to_first_response() -> None:
    current = Deadlines(Stage.RESOLUTION, EARLIER_LIMIT, EARLIER_LIMIT)
    result = after(Status.IN_PROGRESS, Action.PASS_UP, Status.DISPATCHED, current)
    assert result == Deadlines(Stage.FIRST_RESPONSE, cob(26), EARLIER_LIMIT)


def test_return_to_admin_restarts_verification_and_keeps_the_resolution_limit() -> None:
    current = Deadlines(Stage.FIRST_RESPONSE, MONDAY, EARLIER_LIMIT)
    result = after(Status.DISPATCHED, Action.RETURN_TO_ADMIN, Status.RECEIVED, current)
    assert result == Deadlines(Stage.VERIFICATION, cob(22), EARLIER_LIMIT)


def test_rerouting_without_a_resolution_limit_sets_one_as_on_dispatch() -> None:
    current = Deadlines(Stage.FIRST_RESPONSE, MONDAY, None)
    result = after(Status.DISPATCHED, Action.REDISPATCH, Status.DISPATCHED, current)
    assert result.resolution_due_at == CALENDAR.add_working_days(MONDAY, 14)


def test_first_response_enters_resolution_due_at_the_resolution_limit() -> None:
    current = Deadlines(Stage.FIRST_RESPONSE, MONDAY, EARLIER_LIMIT)
    result = after(Status.DISPATCHED, Action.RESPOND, Status.IN_PROGRESS, current)
    assert result == Deadlines(Stage.RESOLUTION, EARLIER_LIMIT, EARLIER_LIMIT)


def test_later_responses_leave_the_deadlines_alone() -> None:
    current = Deadlines(Stage.RESOLUTION, EARLIER_LIMIT, EARLIER_LIMIT)
    assert after(Status.IN_PROGRESS, Action.RESPOND, Status.IN_PROGRESS, current) == current


def test_resolve_gives_the_reporter_ten_working_days() -> None:
    current = Deadlines(Stage.RESOLUTION, EARLIER_LIMIT, EARLIER_LIMIT)
    result = after(Status.IN_PROGRESS, Action.RESOLVE, Status.RESOLVED, current)
    assert result == Deadlines(Stage.CONFIRMATION, cob(2, 2), EARLIER_LIMIT)


def test_dispute_reopens_with_five_new_working_days() -> None:
    current = Deadlines(Stage.CONFIRMATION, MONDAY, EARLIER_LIMIT)
    result = after(Status.RESOLVED, Action.DISPUTE, Status.IN_PROGRESS, current)
    assert result == Deadlines(Stage.RESOLUTION, cob(26), cob(26))


@pytest.mark.parametrize(
    ("before", "action", "status"),
    [
        (Status.RESOLVED, Action.CONFIRM, Status.CLOSED),
        (Status.RESOLVED, Action.AUTO_CLOSE, Status.CLOSED),
        (Status.PENDING_INFO, Action.EXPIRE, Status.ARCHIVED),
        (Status.DISPATCHED, Action.REFER, Status.REFERRED),
    ],
)
def test_final_status_stops_the_clock_and_keeps_the_resolution_limit(
    before: Status, action: Action, status: Status
) -> None:
    current = Deadlines(STAGE_OF_STATUS[before], MONDAY, EARLIER_LIMIT)
    assert after(before, action, status, current) == Deadlines(None, None, EARLIER_LIMIT)


@pytest.mark.parametrize(
    ("before", "action"),
    [
        (Status.DISPATCHED, Action.NOTE),
        (Status.DISPATCHED, Action.ESCALATE),
        (Status.RECEIVED, Action.VIEW_IDENTITY),
        (Status.CLOSED, Action.RATE),
    ],
)
def test_recording_actions_leave_the_deadlines_alone(before: Status, action: Action) -> None:
    current = Deadlines(STAGE_OF_STATUS.get(before), MONDAY, EARLIER_LIMIT)
    assert after(before, action, before, current) == current


def test_a_status_after_that_the_action_cannot_reach_is_refused() -> None:
    with pytest.raises(ValueError, match="does not lead"):
        after(Status.RECEIVED, Action.DISPATCH, Status.IN_PROGRESS)


def test_naive_now_is_refused_even_for_a_calendar_day_pause() -> None:
    with pytest.raises(DeadlineError, match="naive"):
        deadlines_after(
            policy=POLICY, calendar=CALENDAR, status_before=Status.RECEIVED, action=Action.REQUEST_INFO,
            status_after=Status.PENDING_INFO, now=MONDAY.replace(tzinfo=None),
            resolution_class=ResolutionClass.COMPLAINT, current=NONE,
        )


def test_every_open_status_has_a_stage() -> None:
    assert set(STAGE_OF_STATUS) == {
        Status.RECEIVED, Status.PENDING_INFO, Status.DISPATCHED, Status.IN_PROGRESS, Status.RESOLVED,
    }


def test_default_resolution_days_follow_the_domain() -> None:
    assert dict(POLICY.resolution_days) == {
        ResolutionClass.INFORMATION: 5,
        ResolutionClass.ASPIRATION: 14,
        ResolutionClass.COMPLAINT: 14,
        ResolutionClass.SUPERVISORY: 60,
    }


def test_supervisory_complaint_has_its_own_class() -> None:
    assert resolution_class_for("pengaduan", True) is ResolutionClass.SUPERVISORY


def test_supervisory_flag_is_ignored_for_an_aspiration() -> None:
    assert resolution_class_for("aspirasi", True) is ResolutionClass.ASPIRATION


def test_unknown_report_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown report kind"):
        resolution_class_for("keluhan", False)


def test_due_exactly_now_is_not_late() -> None:
    assert not is_late(MONDAY, MONDAY)


def test_a_moment_past_due_is_late() -> None:
    assert is_late(MONDAY, MONDAY + timedelta(seconds=1))


def test_no_deadline_is_never_late() -> None:
    assert not is_late(None, MONDAY)
