"""The escalation ladder of a unit, as the pure domain sees it: the unit and its ancestors."""

from __future__ import annotations

from sigap.domain.ladder import UnitNode
from sigap.organization.models import Unit, UnitKind

# RT and RW are run by one volunteer: the head is the officer, so the ladder skips a rung.
HEAD_IS_OFFICER_KINDS = frozenset({UnitKind.RT, UnitKind.RW})


def ladder_nodes(start: Unit) -> dict[str, UnitNode]:
    """The start unit and its ancestors as domain nodes (one query per level; the tree is shallow)."""
    nodes: dict[str, UnitNode] = {}
    unit: Unit | None = start
    while unit is not None and unit.code not in nodes:
        parent = unit.parent
        nodes[unit.code] = UnitNode(code=unit.code, parent=parent.code if parent else None,
                                    head_is_officer=unit.kind in HEAD_IS_OFFICER_KINDS or unit.head_is_officer)
        unit = parent
    return nodes
