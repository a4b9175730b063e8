"""Indonesian public holidays and cuti bersama, to seed the city's editable holiday table.

The `holidays` package files libur nasional under "public" and cuti bersama (SKB 3 Menteri) under
"government"; both close government offices, so both are asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import holidays


def holidays_for_indonesia(years: Iterable[int]) -> dict[date, str]:
    """Date -> name of every national holiday and cuti bersama in `years`, in date order."""
    found = holidays.country_holidays("ID", years=sorted(set(years)), categories=("public", "government"))
    return {day: str(name) for day, name in sorted(found.items())}
