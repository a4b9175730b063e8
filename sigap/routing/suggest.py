"""The top three units for a report, from the model file in settings; nothing at all when there is none.

The model is read once per process and again only when its file changes (a retrain replaces it atomically). A
missing, unreadable or unvouched file means no suggestions, never an error page: the category's rule stands.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from sigap.organization.models import Unit
from sigap.reports.models import Report
from sigap.routing.history import report_text
from sigap.routing.model import RoutingError, RoutingModel, load, meta_path

log = logging.getLogger(__name__)
_lock = threading.Lock()
_cached: tuple[tuple[str, int, int], RoutingModel | None] | None = None


@dataclass(frozen=True)
class UnitSuggestion:
    unit: Unit
    probability: float
    # Confident enough, by the model's threshold, to stand without a person choosing (shown, never applied here).
    confident: bool

    @property
    def percent(self) -> int:
        return round(self.probability * 100)


def current_model() -> RoutingModel | None:
    global _cached
    path = Path(settings.SIGAP_ROUTING_MODEL_PATH)
    try:
        stat, meta_stat = path.stat(), meta_path(path).stat()
    except OSError:
        return None
    key = (str(path), stat.st_mtime_ns, meta_stat.st_mtime_ns)
    with _lock:
        if _cached is not None and _cached[0] == key:
            return _cached[1]
        try:
            model: RoutingModel | None = load(path)
        except (RoutingError, OSError, ValueError, EOFError) as error:
            log.warning("routing model not loaded: %s", error)
            model = None
        _cached = (key, model)
        return model


def unit_suggestions(report: Report, k: int = 3) -> list[UnitSuggestion]:
    """The model's k likeliest active units of this city for the report, likeliest first ([] without a model)."""
    model = current_model()
    if model is None:
        return []
    text = report_text(report.title, report.description)
    # Ask for more than k: a code the model learnt may no longer be an active unit here.
    top = model.top([text], k=k + 3)[0]
    units = Unit.objects.filter(code__in=[s.unit for s in top], is_active=True).in_bulk(field_name="code")
    found = [UnitSuggestion(units[s.unit], s.probability, model.may_route_alone(text, s))
             for s in top if s.unit in units]
    return found[:k]
