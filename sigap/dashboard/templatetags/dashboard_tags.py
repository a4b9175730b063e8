from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

from sigap.dashboard.rows import hours as _hours

register = template.Library()


@register.filter
def hours(minutes: int | None) -> str:
    return local_number(_hours(minutes))


def local_number(value: float | None) -> str:
    """A figure as the reader writes it (51,1 in Indonesian, 51.1 in English), without a trailing ",0"."""
    return "–" if value is None else str(number_format(f"{value:g}", use_l10n=True))


@register.filter
def pct(value: float | None) -> str:
    return local_number(value)


@register.filter
def band(backlog: dict[str, int], name: str) -> int:
    return backlog.get(name, 0)


@register.filter
def days_late(fact: Any, now: Any) -> str:
    from sigap.dashboard.rows import days_late as compute

    return f"{compute(fact, now):g}"
