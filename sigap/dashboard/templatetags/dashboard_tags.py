from __future__ import annotations

from typing import Any

from django import template

from sigap.dashboard.rows import hours as _hours

register = template.Library()


@register.filter
def hours(minutes: int | None) -> str:
    value = _hours(minutes)
    return "–" if value is None else f"{value:g}"


@register.filter
def pct(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


@register.filter
def band(backlog: dict[str, int], name: str) -> int:
    return backlog.get(name, 0)


@register.filter
def days_late(fact: Any, now: Any) -> str:
    from sigap.dashboard.rows import days_late as compute

    return f"{compute(fact, now):g}"
