"""The escalation ladder (docs/domain.md, "Escalation"): who hears about a missed deadline, level by level.

The ladder is derived from the unit tree, so a city configures it by shaping its units, and the grace periods
between rungs are a policy value, not code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sigap.domain.calendar import WorkingCalendar
from sigap.domain.lifecycle import Status


@dataclass(frozen=True)
class UnitNode:
    """A unit in the organisation tree. At RT and RW level the head is the only officer."""

    code: str
    parent: str | None
    head_is_officer: bool = False


@dataclass(frozen=True)
class Rung:
    level: int
    unit: str
    role: Literal["officers", "head"]


def ladder_for(unit: str, units: Mapping[str, UnitNode], *, max_level: int | None = None) -> tuple[Rung, ...]:
    """Rungs from the unit's own officers up to the head of the root unit.

    Level 0 is the unit's officers and level 1 its head; where the head is the only officer (RT, RW) the head
    is level 0 and there is no separate level 1. Every ancestor's head follows, nearest first. `max_level`
    cuts the ladder off above that level.
    """
    node = _node(unit, units, referenced_by=None)
    rungs: list[Rung] = []
    if node.head_is_officer:
        rungs.append(Rung(0, node.code, "head"))
    else:
        rungs.extend((Rung(0, node.code, "officers"), Rung(1, node.code, "head")))
    seen = {node.code}
    while node.parent is not None:
        parent = _node(node.parent, units, referenced_by=node.code)
        if parent.code in seen:
            raise ValueError(f"the unit tree has a cycle through {parent.code!r} (climbing from {unit!r})")
        seen.add(parent.code)
        rungs.append(Rung(len(rungs), parent.code, "head"))
        node = parent
    if max_level is not None:
        rungs = [r for r in rungs if r.level <= max_level]
    return tuple(rungs)


def _node(code: str, units: Mapping[str, UnitNode], *, referenced_by: str | None) -> UnitNode:
    try:
        return units[code]
    except KeyError:
        where = f" (parent of {referenced_by!r})" if referenced_by else ""
        raise KeyError(f"unknown unit {code!r}{where}: it is not in the unit tree") from None


@dataclass(frozen=True)
class LadderPolicy:
    """Working days of grace a rung has, once reached, before the item climbs to the next rung."""

    grace_working_days: tuple[int, ...] = (2, 2, 3)

    def __post_init__(self) -> None:
        if not self.grace_working_days or any(d < 0 for d in self.grace_working_days):
            raise ValueError(f"grace periods must be a non-empty list of days >= 0, got {self.grace_working_days}")

    def grace_for(self, level: int) -> int:
        """Grace after reaching `level` (1 and up); beyond the listed levels the last value repeats.

        Level 0 has no grace of its own: its limit is the stage deadline of the lifecycle.
        """
        if level < 1:
            raise ValueError(f"grace applies from level 1 up (level 0 runs on the stage deadline): {level}")
        return self.grace_working_days[min(level, len(self.grace_working_days)) - 1]


def next_rung(ladder: Sequence[Rung], current_level: int) -> Rung | None:
    """The rung above `current_level`, or None when the item is already at the top."""
    for rung in ladder:
        if rung.level == current_level + 1:
            return rung
    return None


@dataclass(frozen=True)
class Climb:
    """One step up the ladder: the rung reached, when to look again, and who is told."""

    rung: Rung
    next_check_at: datetime

    @property
    def unit(self) -> str:
        """The unit told: the rung's unit (its heads, or all its officers at level 0)."""
        return self.rung.unit

    @property
    def heads_only(self) -> bool:
        return self.rung.role == "head"


# Whose deadline it is follows the status: the lead unit once dispatched, the complaint desk before that. Any
# other status has no deadline of the city's that could climb.
_LEAD_UNIT_HOLDS = frozenset({Status.DISPATCHED, Status.IN_PROGRESS})


def report_responsible(*, status: str, lead_unit: str | None, desk: str | None) -> str | None:
    """The unit whose deadline a report's is: the lead unit once dispatched, the complaint desk before that."""
    if status in _LEAD_UNIT_HOLDS:
        return lead_unit
    if status == Status.RECEIVED:
        return desk
    return None


def decide_escalation(
    *,
    responsible: str | None,
    level: int,
    units: Mapping[str, UnitNode],
    policy: LadderPolicy,
    calendar: WorkingCalendar,
    now: datetime,
) -> Climb | None:
    """The one escalation decision, for a late report (per report or in the sweep's batch) and a late request.

    `responsible` is the unit whose deadline passed (for a report: `report_responsible`), `level` the rungs
    already climbed within that deadline. None means do not climb: nobody holds the deadline, or the item is at
    the top of the ladder (it stays visibly late; there is nobody above to tell), and the caller stops checking.
    Otherwise the item climbs exactly one rung, whose grace period gives the next check.
    """
    if level < 0:
        raise ValueError(f"an escalation level counts rungs climbed and is never negative: {level}")
    if responsible is None:
        return None
    rung = next_rung(ladder_for(responsible, units), level)
    if rung is None:
        return None
    return Climb(rung=rung, next_check_at=calendar.add_working_days(now, policy.grace_for(rung.level)))
