"""Writes to the organisation: units and positions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from sigap.organization.models import Profile, Unit


@transaction.atomic
def rebuild_unit_paths() -> int:
    """Recompute every unit's materialised path from the parent links; returns how many changed."""
    units = {unit.pk: unit for unit in Unit.objects.select_for_update().all()}
    changed: list[Unit] = []

    def path_of(unit: Unit, seen: frozenset[int] = frozenset()) -> str:
        if unit.pk in seen:
            raise ValueError(f"unit parent links form a cycle at {unit.code}")
        if unit.parent_id is None:
            return f"/{unit.pk}/"
        return f"{path_of(units[unit.parent_id], seen | {unit.pk})}{unit.pk}/"

    for unit in units.values():
        path = path_of(unit)
        if unit.path != path:
            unit.path = path
            changed.append(unit)
    Unit.objects.bulk_update(changed, ["path"], batch_size=500)
    return len(changed)


@transaction.atomic
def show_guide_once(*, person: Any, now: datetime) -> bool:
    """True, and recorded, the first time a person is to be shown their role's guide; False ever after.

    The profile row is locked so two sign-ins at the same moment (two tabs) show the guide once, not twice.
    """
    Profile.objects.get_or_create(person=person)
    profile = Profile.objects.select_for_update().get(person=person)
    if profile.guide_shown_at is not None:
        return False
    profile.guide_shown_at = now
    profile.save(update_fields=["guide_shown_at"])
    return True
