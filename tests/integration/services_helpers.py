"""Builders for service-request tests; everything goes through the real actions."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sigap.organization.models import Unit
from sigap.services import actions
from sigap.services.models import Service, ServiceRequest

WITA = ZoneInfo("Asia/Makassar")
NIK = "7472061508900001"


def wita(day: int, hour: int, minute: int = 0, month: int = 2) -> datetime:
    """A moment in February 2026 (Tue 10 Feb is an ordinary working day), WITA."""
    return datetime(2026, month, day, hour, minute, tzinfo=WITA)


def walk_in(officer: Any, *, service: str = "ktp_el", unit: str = "dukcapil", now: datetime,
            **overrides: Any) -> ServiceRequest:
    fields: dict[str, Any] = {
        "service": Service.objects.get(code=service), "unit": Unit.objects.get(code=unit),
        "applicant_name": "La Ode Budi", "applicant_phone": "+6281234500099", "applicant_email": "budi@example.com",
        "nik": NIK,
    }
    fields.update(overrides)
    return actions.create_request(draft=actions.RequestDraft(**fields), by=officer, now=now)
