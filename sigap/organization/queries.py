"""Reads about units that several apps share."""

from __future__ import annotations

from sigap.organization.models import Unit, UnitKind


def complaint_desk() -> Unit | None:
    """The city's complaint desk, found by its kind (a city names its units as it likes).

    Whose deadline a report is before it is dispatched, and who is rated when nobody else handled it. An active
    desk wins over a retired one; among equals the oldest row, so the answer never changes between calls.
    """
    return Unit.objects.filter(kind=UnitKind.COMPLAINT_DESK).order_by("-is_active", "pk").first()
