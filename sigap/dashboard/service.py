"""Who sees which scope, which period was asked for, and the assembled dashboard."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.core import safe_cache
from sigap.core.errors import Forbidden, InvalidInput
from sigap.core.timefmt import local_tz, to_local
from sigap.dashboard import aggregates, charts, queries
from sigap.dashboard.aggregates import catch_up
from sigap.dashboard.live import live_figures
from sigap.dashboard.queries import Figures, Scope
from sigap.dashboard.stable import Stable, stable_figures
from sigap.organization.access import is_staff_member, sees_whole_city, units_visible_to
from sigap.organization.models import Unit
from sigap.reports.models import Category
from sigap.wilayah.models import Wilayah

CATCH_UP_BEFORE_RENDER = 5_000
CACHE_SECONDS = 600  # the key holds the aggregates version; the timeout only bounds memory


def scope_for(user: Any, unit_code: str | None = None) -> tuple[Scope, Unit | None]:
    """The city for Sekda/Wali Kota (or a chosen unit's subtree); a unit head's own subtree otherwise."""
    if not is_staff_member(user):
        raise Forbidden(_("Only staff may see the dashboard."))
    visible = units_visible_to(user)
    if unit_code:
        unit = visible.filter(code=unit_code).first()
        if unit is None:
            raise Forbidden(_("You may not see this unit."))
        ids = Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True)
        return Scope(frozenset(ids)), unit
    if sees_whole_city(user):
        return Scope(None), None
    return Scope(frozenset(visible.values_list("pk", flat=True))), None


def public_scope(unit_code: str | None) -> tuple[Scope, Unit | None]:
    if not unit_code:
        return Scope(None), None
    unit = Unit.objects.filter(code=unit_code, is_active=True).first()
    if unit is None:
        from sigap.core.errors import NotFound

        raise NotFound(_("Unit not found."))
    return Scope(frozenset(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))), unit


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime
    first_day: date
    last_day: date


def _day(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise InvalidInput(_("Enter a date as YYYY-MM-DD."), field=field) from None


def period_from(params: Any, now: datetime, default_months: int = 12) -> Period:
    """[from, to] as local calendar days, both included; twelve months up to today by default."""
    today = timezone.localtime(now, local_tz()).date()
    last = _day(params.get("to"), "to") or today
    first = _day(params.get("from"), "from") or (last - timedelta(days=30 * default_months + 5))
    if first > last:
        raise InvalidInput(_("The start date must not be after the end date."), field="from")
    if (last - first).days > 3 * 366:
        raise InvalidInput(_("Choose a period of at most three years."), field="from")
    start = datetime.combine(first, time.min, local_tz())
    end = datetime.combine(last + timedelta(days=1), time.min, local_tz())
    return Period(start, end, first, last)


def _label_units(rows: Mapping[Any, Figures]) -> list[Figures]:
    names = {pk: str(unit) for pk, unit in Unit.objects.in_bulk([k for k in rows if k is not None]).items()}
    for key, figures in rows.items():
        figures.label = names.get(key, "") if key is not None else _("Not yet assigned")
    return sorted(rows.values(), key=lambda f: (-f.received, f.label))


def _label_wilayah(rows: dict[object, Figures], tops: dict[object, list[tuple[int, int]]],
                   names: dict[int, str], categories: dict[int, str]) -> list[Figures]:
    for key, figures in rows.items():
        figures.label = names.get(key, "") if isinstance(key, int) else _("No kelurahan given")
        figures.top_categories = [(categories.get(pk, "?"), n) for pk, n in tops.get(key, [])]
    return sorted(rows.values(), key=lambda f: (-f.received, f.label))


def stable_part(scope: Scope, period: Period) -> Stable:
    """The stable figures, cached until the facts change (the key holds the aggregates' version)."""
    raw = f"{scope.key}|{period.start.isoformat()}|{period.end.isoformat()}|{aggregates.version()}"
    key = "sigap:dashboard:stable:" + hashlib.sha256(raw.encode()).hexdigest()
    found = safe_cache.get(key)
    if found is None:
        found = stable_figures(scope.unit_ids, period.start, period.end)
        safe_cache.set(key, found, timeout=CACHE_SECONDS)
    return found


def cached_dashboard(scope: Scope, period: Period, now: datetime) -> dict[str, Any]:
    """The dashboard for pages: facts caught up first; the stable part cached until the next folded event, the
    time-dependent part counted live, so every figure is current to the moment of the view."""
    catch_up(max_events=CATCH_UP_BEFORE_RENDER)
    return _board(scope, period, now, stable_part(scope, period))


def build_dashboard(scope: Scope, period: Period, now: datetime) -> dict[str, Any]:
    """The dashboard computed afresh from the rollups and facts (nothing cached)."""
    catch_up(max_events=CATCH_UP_BEFORE_RENDER)
    return _board(scope, period, now, stable_figures(scope.unit_ids, period.start, period.end))


def _board(scope: Scope, period: Period, now: datetime, stable: Stable) -> dict[str, Any]:
    live = live_figures(scope.unit_ids, period.start, period.end, now)
    units = _label_units(queries.by_unit(stable, live))
    per_kecamatan, kecamatan_tops = queries.by_wilayah(stable, live, "kecamatan")
    per_kelurahan, kelurahan_tops = queries.by_wilayah(stable, live, "kelurahan")
    places = [key for key in (*per_kecamatan, *per_kelurahan) if key is not None]
    names = {pk: w.display_name for pk, w in Wilayah.objects.in_bulk(places).items()}
    categories = dict(Category.objects.values_list("pk", "name"))
    kecamatan = _label_wilayah(per_kecamatan, kecamatan_tops, names, categories)
    kelurahan = _label_wilayah(per_kelurahan, kelurahan_tops, names, categories)
    weeks = queries.weekly(stable, live)
    total = Figures(key="total", label=_("Total"))
    for row in units:
        total.received += row.received
        total.on_time += row.on_time
        total.late += row.late
        total.overdue_now += row.overdue_now
        total.escalations += row.escalations
    return {
        "units": units,
        "kecamatan": kecamatan,
        "kelurahan": kelurahan,
        "weeks": weeks,
        "total": total,
        "age_bands": [name for name, _low, _high in queries.AGE_BANDS],
        "late_now": queries.late_now(scope, now),
        "units_chart": charts.bar_chart([(row.label, row.on_time_pct) for row in units[:25]]),
        "weeks_chart": charts.line_chart([(to_local(w.start).date().isoformat(), float(w.received))
                                          for w in weeks]),
        "now": now,
    }
