"""Announcements down the chain: send, acknowledge, remind, escalate. Drills relay level by level."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.calendar.service import get_calendar
from sigap.chain.conf import chain_policy
from sigap.chain.models import Announcement, Delivery
from sigap.chain.notify import owe_announcement, owe_escalation, owe_reminder
from sigap.core.errors import Forbidden, InvalidInput
from sigap.organization.access import active_positions, heads_of, is_superuser, sees_whole_city
from sigap.organization.models import TERRITORIAL_KINDS, Position, Role, Unit, UnitKind

MAX_TITLE = 120
MAX_BODY = 1000
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def may_announce_from(user: Any, unit: Unit) -> bool:
    """The head of the unit itself, or the city (Sekda, Wali Kota, complaint desk, superuser) from any unit."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if is_superuser(user) or sees_whole_city(user):
        return True
    return any(position.is_head and position.unit_id == unit.pk for position in active_positions(user))


def units_announcer_may_use(user: Any) -> list[Unit]:
    if sees_whole_city(user):
        return list(Unit.objects.filter(is_active=True, kind__in=[*TERRITORIAL_KINDS, UnitKind.PIMPINAN,
                                                                   UnitKind.SEKRETARIAT]).order_by("path")[:500])
    return [position.unit for position in active_positions(user) if position.is_head]


def _clean(value: str, *, field: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(_("This field is required."), field=field, code="required")
    if len(value) > limit:
        raise InvalidInput(_("This is too long (at most %(limit)d characters).") % {"limit": limit}, field=field,
                           code="too_long")
    return value


def _new_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


@dataclass(frozen=True)
class Target:
    person_id: int
    unit: Unit
    parent_unit: Unit
    is_resident: bool = False


def _territory_below(unit: Unit) -> list[Unit]:
    return list(Unit.objects.filter(path__startswith=unit.path, is_active=True, kind__in=TERRITORIAL_KINDS)
                .exclude(pk=unit.pk).order_by("path"))


def _head_ids(units: Iterable[Unit]) -> dict[int, list[int]]:
    heads: dict[int, list[int]] = {}
    for position in Position.objects.filter(unit__in=list(units), is_head=True, is_active=True).order_by("pk"):
        heads.setdefault(position.unit_id, []).append(position.person_id)
    return heads


def _resident_targets(rts: Iterable[Unit]) -> list[Target]:
    by_pk = {rt.pk: rt for rt in rts if rt.kind == UnitKind.RT}
    return [Target(person_id=p.person_id, unit=by_pk[p.unit_id], parent_unit=by_pk[p.unit_id], is_resident=True)
            for p in Position.objects.filter(unit_id__in=list(by_pk), role=Role.WARGA, is_active=True)]


def everyone_below(origin: Unit, *, include_residents: bool) -> list[Target]:
    """Every head in the territorial subtree of `origin`; the link runs from each unit's parent."""
    units = _territory_below(origin)
    heads = _head_ids(units)
    by_pk = {unit.pk: unit for unit in units}
    targets = []
    for unit in units:
        parent = by_pk.get(unit.parent_id or 0) or origin
        targets += [Target(person_id=pid, unit=unit, parent_unit=parent) for pid in heads.get(unit.pk, [])]
    if include_residents:
        targets += _resident_targets(units)
    return targets


def next_level(unit: Unit, *, include_residents: bool) -> list[Target]:
    """The heads one level down; a unit without a head is skipped so the units below it are still reached."""
    units = _territory_below(unit)
    heads = _head_ids(units)
    children: dict[int, list[Unit]] = {}
    for child in units:
        children.setdefault(child.parent_id or 0, []).append(child)
    targets: list[Target] = []
    pending = list(children.get(unit.pk, []))
    while pending:
        child = pending.pop(0)
        if heads.get(child.pk):
            targets += [Target(person_id=pid, unit=child, parent_unit=unit) for pid in heads[child.pk]]
        else:
            pending += children.get(child.pk, [])
    if include_residents and unit.kind == UnitKind.RT:
        targets += _resident_targets([unit])
    return targets


def _deliver(announcement: Announcement, targets: Iterable[Target], now: datetime) -> list[Delivery]:
    policy = chain_policy()
    calendar = get_calendar()
    remind_at = calendar.add_working_minutes(now, policy.remind_after_minutes)
    escalate_at = calendar.add_working_minutes(now, policy.escalate_after_minutes)
    existing = set(Delivery.objects.filter(announcement=announcement).values_list("recipient_id", "unit_id"))
    made = []
    for target in targets:
        if (target.person_id, target.unit.pk) in existing or target.person_id == announcement.sender_id:
            continue
        existing.add((target.person_id, target.unit.pk))
        delivery = Delivery.objects.create(
            announcement=announcement, recipient_id=target.person_id, unit=target.unit,
            parent_unit=target.parent_unit, is_resident=target.is_resident, code=_new_code(), sent_at=now,
            remind_at=remind_at, escalate_at=escalate_at,
        )
        owe_announcement(delivery)
        made.append(delivery)
    ids = [(d.pk, d.remind_at, d.escalate_at) for d in made]
    transaction.on_commit(lambda: _schedule_checks(ids))
    return made


def _schedule_checks(items: list[tuple[int, datetime, datetime]]) -> None:
    from sigap.chain.tasks import check_delivery_task

    for delivery_id, remind_at, escalate_at in items:
        check_delivery_task.using(run_after=remind_at).enqueue(delivery_id)
        check_delivery_task.using(run_after=escalate_at).enqueue(delivery_id)


@transaction.atomic
def send_announcement(*, by: Any, origin_unit: Unit, title: str, body: str, is_drill: bool = False,
                      include_residents: bool = False, now: datetime | None = None) -> Announcement:
    """Send to every head below `origin_unit` at once; a drill goes to the next level only and is relayed."""
    now = now or timezone.now()
    if not may_announce_from(by, origin_unit):
        raise Forbidden(_("Only the head of this unit or the city may send announcements from it."))
    title = _clean(title, field="title", limit=MAX_TITLE)
    body = _clean(body, field="body", limit=MAX_BODY)
    announcement = Announcement.objects.create(
        origin_unit=origin_unit, sender=by, title=title, body=body, is_drill=is_drill,
        include_residents=include_residents, created_at=now,
    )
    if is_drill:
        targets = next_level(origin_unit, include_residents=include_residents)
    else:
        targets = everyone_below(origin_unit, include_residents=include_residents)
    if not targets:
        raise InvalidInput(_("Nobody below this unit has a registered head yet."), field="origin_unit",
                           code="no_recipients")
    _deliver(announcement, targets, now)
    return announcement


@transaction.atomic
def acknowledge_delivery(*, delivery: Delivery, by: Any, via: str, now: datetime | None = None) -> bool:
    """Record the acknowledgement; True when it is new. A second acknowledgement changes nothing.

    `by` is None when the caller proved the right another way (the signed link in the message).
    """
    now = now or timezone.now()
    locked = Delivery.objects.select_for_update().select_related("announcement", "unit").get(pk=delivery.pk)
    if by is not None and getattr(by, "pk", None) != locked.recipient_id:
        raise Forbidden(_("This message was not sent to you."))
    if locked.acknowledged_at is not None:
        return False
    locked.acknowledged_at = max(now, locked.sent_at)
    locked.acknowledged_via = via[:20]
    locked.save(update_fields=["acknowledged_at", "acknowledged_via"])
    announcement = locked.announcement
    if announcement.is_drill and not locked.is_resident:
        _deliver(announcement, next_level(locked.unit, include_residents=announcement.include_residents),
                 locked.acknowledged_at)
    return True


def _heads_above(unit: Unit, *, include_self: bool) -> tuple[Unit | None, list[Any]]:
    current: Unit | None = unit if include_self else unit.parent
    while current is not None:
        heads = [position.person for position in heads_of(current)]
        if heads:
            return current, heads
        current = current.parent
    return None, []


@transaction.atomic
def check_delivery(*, delivery_id: int, now: datetime | None = None) -> str:
    """Remind a silent recipient, then tell their own head. Safe to run any number of times."""
    now = now or timezone.now()
    delivery = (Delivery.objects.select_for_update().select_related("announcement", "unit", "recipient")
                .filter(pk=delivery_id).first())
    if delivery is None:
        return "gone"
    if delivery.acknowledged_at is not None:
        return "acknowledged"
    if delivery.escalated_at is None and now >= delivery.escalate_at:
        unit, heads = _heads_above(delivery.unit, include_self=delivery.is_resident)
        for head in heads:
            owe_escalation(delivery, head, unit, now)
        delivery.escalated_at = now
        delivery.save(update_fields=["escalated_at"])
        return "escalated"
    if delivery.reminded_at is None and delivery.escalated_at is None and now >= delivery.remind_at:
        owe_reminder(delivery, now)
        delivery.reminded_at = now
        delivery.save(update_fields=["reminded_at"])
        return "reminded"
    return "not_due"


def due_delivery_ids(now: datetime) -> list[int]:
    """Silent deliveries whose reminder or escalation time passed without being handled (lost tasks)."""
    silent = Delivery.objects.filter(acknowledged_at__isnull=True, escalated_at__isnull=True)
    escalations = silent.filter(escalate_at__lte=now).values_list("pk", flat=True)
    reminders = silent.filter(remind_at__lte=now, reminded_at__isnull=True).values_list("pk", flat=True)
    return sorted(set(escalations) | set(reminders))


def sweep_silent_deliveries(now: datetime | None = None) -> int:
    """Safety net for lost tasks (run by the recurring sweep): handle every silent delivery whose time passed."""
    now = now or timezone.now()
    return sum(1 for pk in due_delivery_ids(now) if check_delivery(delivery_id=pk, now=now) != "not_due")
