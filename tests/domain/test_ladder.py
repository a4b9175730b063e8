from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sigap.domain.calendar import WorkingCalendar
from sigap.domain.ladder import (
    Climb,
    LadderPolicy,
    Rung,
    UnitNode,
    decide_escalation,
    ladder_for,
    next_rung,
    report_responsible,
)
from sigap.domain.lifecycle import Status

UNITS = {
    "walikota": UnitNode("walikota", None),
    "sekda": UnitNode("sekda", "walikota"),
    "pupr": UnitNode("pupr", "sekda"),
    "kec-murhum": UnitNode("kec-murhum", "sekda"),
    "kel-wajo": UnitNode("kel-wajo", "kec-murhum"),
    "rw003": UnitNode("rw003", "kel-wajo", head_is_officer=True),
    "rt002": UnitNode("rt002", "rw003", head_is_officer=True),
}


def test_agency_ladder_climbs_officers_head_sekda_walikota() -> None:
    assert ladder_for("pupr", UNITS) == (
        Rung(0, "pupr", "officers"),
        Rung(1, "pupr", "head"),
        Rung(2, "sekda", "head"),
        Rung(3, "walikota", "head"),
    )


def test_territorial_ladder_climbs_rt_rw_lurah_camat_sekda_walikota() -> None:
    assert ladder_for("rt002", UNITS) == (
        Rung(0, "rt002", "head"),
        Rung(1, "rw003", "head"),
        Rung(2, "kel-wajo", "head"),
        Rung(3, "kec-murhum", "head"),
        Rung(4, "sekda", "head"),
        Rung(5, "walikota", "head"),
    )


def test_kelurahan_item_goes_to_the_camat_before_the_sekda() -> None:
    assert [r.unit for r in ladder_for("kel-wajo", UNITS)][1:4] == ["kel-wajo", "kec-murhum", "sekda"]


def test_max_level_cuts_the_ladder() -> None:
    assert [r.level for r in ladder_for("pupr", UNITS, max_level=2)] == [0, 1, 2]


def test_unknown_unit_names_the_unit() -> None:
    with pytest.raises(KeyError, match="dinkes"):
        ladder_for("dinkes", UNITS)


def test_unknown_parent_names_the_missing_unit() -> None:
    with pytest.raises(KeyError, match="ghost"):
        ladder_for("orphan", {"orphan": UnitNode("orphan", "ghost")})


def test_cycle_in_the_unit_tree_is_refused() -> None:
    units = {"a": UnitNode("a", "b"), "b": UnitNode("b", "a")}
    with pytest.raises(ValueError, match="cycle"):
        ladder_for("a", units)


def test_next_rung_is_one_level_up() -> None:
    assert next_rung(ladder_for("pupr", UNITS), 1) == Rung(2, "sekda", "head")


def test_next_rung_at_the_top_is_none() -> None:
    assert next_rung(ladder_for("pupr", UNITS), 3) is None


def test_grace_follows_the_configured_days_per_level() -> None:
    assert [LadderPolicy().grace_for(level) for level in (1, 2, 3)] == [2, 2, 3]


def test_grace_repeats_the_last_value_above_the_configured_levels() -> None:
    assert LadderPolicy().grace_for(7) == 3


def test_grace_for_level_zero_is_refused() -> None:
    with pytest.raises(ValueError, match="level 1"):
        LadderPolicy().grace_for(0)


def test_empty_grace_list_is_refused() -> None:
    with pytest.raises(ValueError, match="grace"):
        LadderPolicy(grace_working_days=())


# --- the one escalation decision (decide_escalation), for reports alone, in the sweep's batch, and for requests

WITA = ZoneInfo("Asia/Makassar")
CALENDAR = WorkingCalendar(holidays=[date(2026, 8, 17)])
WEDNESDAY_10 = datetime(2026, 11, 11, 10, 0, tzinfo=WITA)
PROPERTY = settings(max_examples=200, deadline=None)
moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 6, 30), timezones=st.just(WITA))
policies = st.lists(st.integers(1, 10), min_size=1, max_size=4).map(lambda days: LadderPolicy(tuple(days)))


@st.composite
def trees(draw: st.DrawFn) -> tuple[dict[str, UnitNode], str]:
    """A random unit tree (each unit's parent an earlier unit, the first the root) and one unit in it."""
    size = draw(st.integers(1, 7))
    units: dict[str, UnitNode] = {}
    for index in range(size):
        parent = f"u{draw(st.integers(0, index - 1))}" if index else None
        units[f"u{index}"] = UnitNode(f"u{index}", parent, head_is_officer=draw(st.booleans()))
    return units, f"u{draw(st.integers(0, size - 1))}"


def decide(responsible: str | None, level: int, *, units: dict[str, UnitNode] = UNITS,
           policy: LadderPolicy | None = None, now: datetime = WEDNESDAY_10) -> Climb | None:
    return decide_escalation(responsible=responsible, level=level, units=units, policy=policy or LadderPolicy(),
                             calendar=CALENDAR, now=now)


def test_a_late_agency_item_climbs_from_the_officers_to_the_head_and_is_checked_after_its_grace() -> None:
    climb = decide("pupr", 0)

    assert climb == Climb(Rung(1, "pupr", "head"), datetime(2026, 11, 13, 16, 30, tzinfo=WITA))
    assert climb.heads_only and climb.unit == "pupr"


def test_an_item_nobody_holds_does_not_climb() -> None:
    assert decide(None, 0) is None


def test_an_item_at_the_top_of_the_ladder_does_not_climb() -> None:
    assert decide("pupr", 3) is None


def test_a_negative_level_is_refused() -> None:
    with pytest.raises(ValueError, match="never negative"):
        decide("pupr", -1)


@pytest.mark.parametrize(("status", "expected"), [
    (Status.RECEIVED, "pengaduan"), (Status.DISPATCHED, "pupr"), (Status.IN_PROGRESS, "pupr"),
    (Status.PENDING_INFO, None), (Status.RESOLVED, None), (Status.CLOSED, None),
])
def test_a_reports_deadline_is_the_desks_before_dispatch_and_the_lead_units_after(status, expected) -> None:
    assert report_responsible(status=status, lead_unit="pupr", desk="pengaduan") == expected


def test_a_dispatched_report_without_a_lead_unit_is_nobodys() -> None:
    assert report_responsible(status=Status.DISPATCHED, lead_unit=None, desk="pengaduan") is None


@PROPERTY
@given(trees(), st.integers(0, 8), policies, moments)
def test_an_item_climbs_exactly_one_rung_up_its_own_ladder_or_not_at_all(tree, level, policy, now) -> None:
    units, start = tree
    ladder = ladder_for(start, units)

    climb = decide(start, level, units=units, policy=policy, now=now)

    if level >= ladder[-1].level:
        assert climb is None
    else:
        assert climb is not None
        assert climb.rung == ladder[level + 1]  # up, never down, never skipping a rung
        assert climb.rung.level == level + 1


@PROPERTY
@given(trees(), st.integers(0, 8), policies, moments)
def test_the_next_check_after_a_climb_is_later_than_now(tree, level, policy, now) -> None:
    units, start = tree

    climb = decide(start, level, units=units, policy=policy, now=now)

    assert climb is None or climb.next_check_at > now


@PROPERTY
@given(trees(), policies, moments)
def test_climbing_from_level_zero_reaches_the_root_head_and_stops(tree, policy, now) -> None:
    units, start = tree
    level, told, moment = 0, [], now

    while (climb := decide(start, level, units=units, policy=policy, now=moment)) is not None:
        assert climb.next_check_at > moment
        level, moment = climb.rung.level, climb.next_check_at
        told.append(climb.unit)

    assert level == ladder_for(start, units)[-1].level
    assert told == [rung.unit for rung in ladder_for(start, units)[1:]]
    root = next(code for code, node in units.items() if node.parent is None)
    assert not told or told[-1] == root
