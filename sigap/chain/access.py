"""Who may see which part of the chain. Each condition on its own line."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sigap.chain.models import Announcement, Delivery
from sigap.organization.access import active_positions, sees_whole_city
from sigap.organization.models import TERRITORIAL_KINDS, Role, Unit


def chain_roots_for(user: Any) -> list[Unit] | None:
    """The tops of the subtrees whose chain health the person may see; None means the whole city."""
    if sees_whole_city(user):
        return None
    return [position.unit for position in active_positions(user)
            if position.role != Role.WARGA and position.unit.kind in TERRITORIAL_KINDS]


def may_see_chain(user: Any) -> bool:
    roots = chain_roots_for(user)
    return roots is None or bool(roots)


def root_visible_to(user: Any, code: str | None) -> Unit | None:
    """The unit the person asked for if it lies in what they may see; their own top unit otherwise."""
    roots = chain_roots_for(user)
    if roots is None:
        if code:
            return Unit.objects.filter(code=code, is_active=True).first()
        return None
    if code:
        unit = Unit.objects.filter(code=code, is_active=True).first()
        if unit is not None and any(unit.path.startswith(root.path) for root in roots):
            return unit
    return min(roots, key=lambda unit: len(unit.path)) if roots else None


def deliveries_below(root: Unit | None) -> QuerySet[Delivery]:
    qs = Delivery.objects.all()
    if root is not None:
        qs = qs.filter(unit__path__startswith=root.path)
    return qs


def announcements_touching(root: Unit | None) -> QuerySet[Announcement]:
    if root is None:
        return Announcement.objects.all()
    return Announcement.objects.filter(
        Q(origin_unit__path__startswith=root.path) | Q(deliveries__unit__path__startswith=root.path)
    ).distinct()
