"""Writes about people in the chain: appointing unit heads, residents registering to their RT."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.chain.models import HeadAppointment
from sigap.core.errors import Forbidden, InvalidInput, NotFound
from sigap.core.phone import clean_phone
from sigap.organization.access import forget_positions, is_superuser, works_in_subtree_of
from sigap.organization.models import Position, Profile, Role, Unit, UnitKind

HEAD_ROLE_FOR_KIND = {
    UnitKind.RT: Role.KETUA_RT,
    UnitKind.RW: Role.KETUA_RW,
    UnitKind.KELURAHAN: Role.KELURAHAN_STAFF,
    UnitKind.KECAMATAN: Role.KECAMATAN_STAFF,
}
_WA_USER_ID = re.compile(r"^[A-Za-z0-9._:-]{3,64}$")


def clean_whatsapp_user_id(raw: str) -> str:
    raw = (raw or "").strip()
    if raw and not _WA_USER_ID.match(raw):
        raise InvalidInput(_("This is not a valid WhatsApp user id."), field="whatsapp_user_id", code="invalid")
    return raw


def territorial_unit(code: str, *, field: str = "unit_code") -> Unit:
    code = (code or "").strip()
    unit = Unit.objects.filter(code=code, is_active=True).first() if code else None
    if unit is None:
        raise NotFound(_("Unknown unit “%(code)s”.") % {"code": code[:60]}, field=field)
    if unit.kind not in HEAD_ROLE_FOR_KIND:
        raise InvalidInput(_("Heads can only be appointed to an RT, RW, kelurahan or kecamatan."), field=field,
                           code="not_territorial")
    return unit


def find_person(*, phone: str = "", whatsapp_user_id: str = "") -> Any | None:
    """The person known by this WhatsApp user id or phone number, if any."""
    condition = Q()
    if whatsapp_user_id:
        condition |= Q(whatsapp_user_id=whatsapp_user_id)
    if phone:
        condition |= Q(phone=phone)
    if not condition:
        return None
    profile = Profile.objects.filter(condition).select_related("person").order_by("pk").first()
    return profile.person if profile else None


def _person_for(*, name: str, phone: str, whatsapp_user_id: str) -> Any:
    person = find_person(phone=phone, whatsapp_user_id=whatsapp_user_id)
    if person is None:
        user_model = get_user_model()
        base = "wa." + (phone.lstrip("+") or whatsapp_user_id.replace(":", "."))
        username, n = base[:140], 1
        while user_model.objects.filter(username=username).exists():
            n += 1
            username = f"{base[:136]}.{n}"
        person = user_model.objects.create_user(username=username, first_name=name[:150])
        Profile.objects.create(person=person, phone=phone, whatsapp_user_id=whatsapp_user_id)
        return person
    profile, _created = Profile.objects.get_or_create(person=person)
    changed: list[str] = []
    if phone and not profile.phone:
        profile.phone, changed = phone, [*changed, "phone"]
    if whatsapp_user_id and not profile.whatsapp_user_id:
        profile.whatsapp_user_id, changed = whatsapp_user_id, [*changed, "whatsapp_user_id"]
    if changed:
        profile.save(update_fields=changed)
    if name and not person.first_name:
        person.first_name = name[:150]
        person.save(update_fields=["first_name"])
    return person


def may_appoint(by: Any, unit: Unit) -> bool:
    """Superusers, and heads of a unit above (the Lurah appoints the RT heads of the kelurahan)."""
    if by is None:  # the CSV import run by an operator on the server
        return True
    return is_superuser(by) or (unit.parent is not None and works_in_subtree_of(by, unit.parent))


@transaction.atomic
def appoint_head(*, unit: Unit, name: str, phone: str = "", whatsapp_user_id: str = "", by: Any = None,
                 source: str = "admin", now: datetime | None = None) -> Position:
    """Make a person the head of a territorial unit; the previous head (if another person) steps down."""
    now = now or timezone.now()
    if unit.kind not in HEAD_ROLE_FOR_KIND:
        raise InvalidInput(_("Heads can only be appointed to an RT, RW, kelurahan or kecamatan."), field="unit",
                           code="not_territorial")
    if not may_appoint(by, unit):
        raise Forbidden(_("You may not appoint the head of this unit."))
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("A name is required."), field="name", code="required")
    if len(name) > 150:
        raise InvalidInput(_("This name is too long."), field="name", code="too_long")
    phone = clean_phone(phone, field="phone")
    whatsapp_user_id = clean_whatsapp_user_id(whatsapp_user_id)
    if not phone and not whatsapp_user_id:
        raise InvalidInput(_("A head needs a WhatsApp number or WhatsApp user id."), field="phone",
                           code="required")
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    person = _person_for(name=name, phone=phone, whatsapp_user_id=whatsapp_user_id)
    Position.objects.filter(unit=unit, is_head=True, is_active=True).exclude(person=person).update(is_active=False)
    position, _created = Position.objects.update_or_create(
        person=person, unit=unit, role=HEAD_ROLE_FOR_KIND[UnitKind(unit.kind)],
        defaults={"is_head": True, "is_active": True},
    )
    HeadAppointment.objects.create(unit=unit, person=person, by=by if by is not None and by.pk else None,
                                   source=source, at=now)
    forget_positions(person)
    return position


@transaction.atomic
def register_resident(*, person: Any, rt: Unit, now: datetime | None = None) -> Position:
    """A resident joins their RT, so announcements sent to residents reach them. Registering twice is a no-op."""
    if person is None or not getattr(person, "is_authenticated", False):
        raise Forbidden(_("Sign in or message us on WhatsApp to register."))
    if rt.kind != UnitKind.RT or not rt.is_active:
        raise InvalidInput(_("Choose an RT."), field="rt", code="not_rt")
    Position.objects.filter(person=person, role=Role.WARGA, is_active=True).exclude(unit=rt).update(is_active=False)
    position, _created = Position.objects.update_or_create(
        person=person, unit=rt, role=Role.WARGA, defaults={"is_head": False, "is_active": True}
    )
    profile, _made = Profile.objects.get_or_create(person=person)
    if rt.wilayah_id and profile.home_wilayah_id != rt.wilayah_id:
        profile.home_wilayah_id = rt.wilayah_id
        profile.save(update_fields=["home_wilayah"])
    forget_positions(person)
    return position


@transaction.atomic
def person_for_whatsapp(*, phone: str, whatsapp_user_id: str, name: str = "") -> Any:
    """The person behind a WhatsApp sender, created on first registration."""
    phone = clean_phone(phone, field="phone") if phone else ""
    whatsapp_user_id = clean_whatsapp_user_id(whatsapp_user_id)
    if not phone and not whatsapp_user_id:
        raise InvalidInput(_("We could not tell who you are."), field="contact")
    return _person_for(name=name, phone=phone, whatsapp_user_id=whatsapp_user_id)
