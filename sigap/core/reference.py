"""Rows of small reference tables (wilayah, categories) looked up by code, kept per process for a short time.

Every intake resolves a category and up to three wilayah by code. Those rows are edited rarely (wilayah almost
never; categories in the admin), so each process keeps the rows it has read for `TTL_SECONDS`, like the working
calendar: an edit in the admin is seen at once by the process that made it (`reference_changed`) and by every
other process within a minute. Only rows that exist are kept, so what a client sends cannot grow the cache beyond
the table; an unknown code is asked of the database every time. Callers get a fresh model instance per call, so
no request can change another's copy.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, models

TTL_SECONDS = 60.0

M = TypeVar("M", bound=models.Model)

_lock = threading.Lock()
# (model label, code) → (when read, the row's concrete field values in `_field_names(model)` order)
_rows: dict[tuple[str, str], tuple[float, tuple[Any, ...]]] = {}


def _field_names(model: type[models.Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def rows_by_code(model: type[M], codes: Iterable[str], *, using: str = DEFAULT_DB_ALIAS) -> dict[str, M]:
    """The rows of `model` whose `code` is one of `codes` (missing codes are absent): one query at most."""
    wanted = {code for code in codes if code}
    label = model._meta.label
    names = _field_names(model)
    code_index = names.index("code")
    now = time.monotonic()
    found: dict[str, M] = {}
    with _lock:
        for code in wanted:
            hit = _rows.get((label, code))
            if hit is not None and now - hit[0] < TTL_SECONDS:
                found[code] = model.from_db(using, names, hit[1])
    missing = wanted - found.keys()
    if missing:
        fetched = list(model._default_manager.using(using).filter(code__in=missing).values_list(*names))
        with _lock:
            for values in fetched:
                _rows[(label, values[code_index])] = (now, values)
        for values in fetched:
            found[values[code_index]] = model.from_db(using, names, values)
    return found


def row_by_code(model: type[M], code: str, *, using: str = DEFAULT_DB_ALIAS) -> M | None:
    return rows_by_code(model, [code], using=using).get(code)


class ReferenceAdminMixin:
    """For the admin of a cached table: every edit there is seen at once by this process."""

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        reference_changed()

    def delete_model(self, request: Any, obj: Any) -> None:
        super().delete_model(request, obj)  # type: ignore[misc]
        reference_changed()

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        super().delete_queryset(request, queryset)  # type: ignore[misc]
        reference_changed()


def reference_changed() -> None:
    """Forget every kept row; call after editing categories or wilayah in this process."""
    with _lock:
        _rows.clear()
