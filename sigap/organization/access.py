"""Who holds which position where. Every permission question about people starts here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from sigap.organization.models import CITY_WIDE_ROLES, Position, Role, Unit, UnitKind

UserLike = AbstractBaseUser | AnonymousUser

_CACHE_ATTR = "_sigap_positions"


def active_positions(user: UserLike | None) -> list[Position]:
    """The person's active positions, fetched once per request (cached on the user object)."""
    if user is None or not user.is_authenticated:
        return []
    cached: list[Position] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Position.objects.filter(person_id=_pk(user), is_active=True, unit__is_active=True).select_related("unit")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def _pk(user: Any) -> int:
    return int(user.pk)


def forget_positions(user: UserLike) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user: UserLike | None, *roles: Role) -> bool:
    return any(position.role in roles for position in active_positions(user))


def is_superuser(user: UserLike | None) -> bool:
    return bool(user is not None and user.is_authenticated and getattr(user, "is_superuser", False))


def is_complaint_admin(user: UserLike | None) -> bool:
    """Complaint admins triage everything and alone may see an anonymous reporter's identity."""
    return is_superuser(user) or has_role(user, Role.COMPLAINT_ADMIN, Role.SYSTEM_ADMIN)


def sees_whole_city(user: UserLike | None) -> bool:
    return is_superuser(user) or has_role(user, *CITY_WIDE_ROLES)


def is_staff_member(user: UserLike | None) -> bool:
    return is_superuser(user) or any(position.role != Role.WARGA for position in active_positions(user))


def unit_paths(user: UserLike | None) -> list[str]:
    """Paths of the units the person works in; their subtrees are what they handle."""
    return [position.unit.path for position in active_positions(user) if position.role != Role.WARGA]


# Offices that oversee a piece of the map: a Lurah and a Camat (and their office staff) read every report located in
# their kelurahan or kecamatan, whoever handles it. RW and RT heads are not here: they see what is sent to them.
AREA_KINDS = frozenset({UnitKind.KELURAHAN, UnitKind.KECAMATAN})


def overseen_areas(user: UserLike | None) -> list[Unit]:
    """The kelurahan and kecamatan offices the person works in that stand for a wilayah (reading only)."""
    return [position.unit for position in active_positions(user)
            if position.role != Role.WARGA and position.unit.kind in AREA_KINDS and position.unit.wilayah_id]


def works_in_subtree_of(user: UserLike | None, unit: Unit | None) -> bool:
    """True when the person holds a position in `unit` or in any unit above it (heads act on their subtree)."""
    if unit is None:
        return False
    return any(unit.path.startswith(path) for path in unit_paths(user))


def heads_of(unit: Unit) -> QuerySet[Position]:
    return Position.objects.filter(unit=unit, is_head=True, is_active=True).select_related("person")


def officers_of(unit: Unit) -> QuerySet[Position]:
    return Position.objects.filter(unit=unit, is_active=True).exclude(role=Role.WARGA).select_related("person")


def units_visible_to(user: UserLike | None) -> QuerySet[Unit]:
    if sees_whole_city(user):
        return Unit.objects.filter(is_active=True)
    paths = unit_paths(user)
    if not paths:
        return Unit.objects.none()
    from django.db.models import Q

    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Unit.objects.filter(condition, is_active=True)
