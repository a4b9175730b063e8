"""Survey results per unit and period, computed exactly as PermenPAN-RB 14/2017 (sigap.domain.ikm)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from sigap.domain.ikm import ELEMENTS, IkmResult, compute_ikm, krejcie_morgan
from sigap.organization.models import Unit
from sigap.surveys.models import SurveyResponse


@dataclass(frozen=True)
class SurveyResults:
    responses: int
    result: IkmResult | None
    population: int | None
    minimum_sample: int | None
    profile: dict[str, list[tuple[str, int]]]
    rows: list[list[int]]


def responses_for(*, unit: Unit | None, period: tuple[datetime, datetime] | None,
                  service_code: str = "") -> QuerySet[SurveyResponse]:
    found = SurveyResponse.objects.all()
    if unit is not None:
        found = found.filter(unit__path__startswith=unit.path)
    if period is not None:
        found = found.filter(submitted_at__gte=period[0], submitted_at__lt=period[1])
    if service_code:
        found = found.filter(service__code=service_code)
    return found.order_by("submitted_at", "pk")


def survey_results(responses: QuerySet[SurveyResponse], *, population: int | None = None) -> SurveyResults:
    """The index and its inputs; `population` (people served in the period) gives the Krejcie-Morgan minimum."""
    rows = [response.scores() for response in responses]
    profile: dict[str, list[tuple[str, int]]] = {}
    for name in ("gender", "age_band", "education", "occupation"):
        field: Any = SurveyResponse._meta.get_field(name)
        labels = dict(field.choices)
        counts = Counter(getattr(response, name) for response in responses)
        profile[name] = [(str(labels.get(value, "—")) if value else "—", total)
                         for value, total in sorted(counts.items())]
    return SurveyResults(
        responses=len(rows), result=compute_ikm(rows) if rows else None, population=population,
        minimum_sample=krejcie_morgan(population) if population else None, profile=profile, rows=rows,
    )


ELEMENT_NAMES = [name for _code, name in ELEMENTS]
