"""Writing many rows fast: COPY on PostgreSQL, bulk_create elsewhere; explicit ids, sequences moved after."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.db.models import Max


def next_id(model: type[models.Model]) -> int:
    return int(model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1


def write(model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert rows given as attribute names (`category_id`, not `category`) and values, in order."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        fields = {f.attname: f for f in model._meta.concrete_fields}
        db_columns = ", ".join(connection.ops.quote_name(str(fields[name].column)) for name in columns)
        json_at = [i for i, name in enumerate(columns) if isinstance(fields[name], models.JSONField)]
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({db_columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                if json_at:
                    row = list(row)
                    for index in json_at:
                        row[index] = json.dumps(row[index])
                copy.write_row(row)
        return
    fields = {f.attname: f for f in model._meta.concrete_fields}
    kinds = [fields[name] for name in columns]
    placeholders = ", ".join(["%s"] * len(columns))
    names = ", ".join(connection.ops.quote_name(str(f.column)) for f in kinds)
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608 - names from the model
    prepared = [[_adapt(field, value) for field, value in zip(kinds, row, strict=True)] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


def _adapt(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def reset_sequence(model: type[models.Model]) -> None:
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        top = f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}"  # noqa: S608 - table name from the model
        cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(({top}), 1))", [table])
