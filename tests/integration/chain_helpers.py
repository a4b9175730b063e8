"""Shared builders for the chain tests: heads appointed through the real action, a WhatsApp contact stand-in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sigap.chain.actions import appoint_head
from sigap.organization.models import Unit

WITA = ZoneInfo("Asia/Makassar")
MONDAY_9 = datetime(2026, 3, 2, 9, 0, tzinfo=WITA)
WAJO = "74.72.06.1007"
# unit code suffix → (name, phone)
WAJO_HEADS = {
    "RW001": ("Ketua RW 1", "081200000101"),
    "RW002": ("Ketua RW 2", "081200000102"),
    "RW001/RT001": ("Ketua RT 1.1", "081200000111"),
    "RW001/RT002": ("Ketua RT 1.2", "081200000112"),
    "RW002/RT001": ("Ketua RT 2.1", "081200000121"),
}


def appoint_wajo_heads() -> dict[str, Any]:
    """Heads for two RW and three RT of Kelurahan Wajo, keyed by the suffix of their unit code."""
    people = {}
    for suffix, (name, phone) in WAJO_HEADS.items():
        position = appoint_head(unit=Unit.objects.get(code=f"{WAJO}/{suffix}"), name=name, phone=phone,
                                source="test", now=MONDAY_9)
        people[suffix] = position.person
    return people


@dataclass
class Contact:
    """What the channels app hands to the chain: read by attribute only."""

    person: Any = None
    user_id: str = ""
    wa_id: str = ""
    phone: str = ""
