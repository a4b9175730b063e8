"""Writing many rows fast: COPY on PostgreSQL, executemany elsewhere; explicit ids, sequences moved after.

A big load on PostgreSQL is dominated by index maintenance and foreign-key checks, not by the rows: every
random key (a token, a timestamp) lands on a random index page, and every row fires a trigger per foreign key.
`indexes_deferred` therefore drops the secondary indexes and the unique and foreign-key constraints of the tables
for the load and builds them again afterwards in one pass each (sorted builds, one anti-join per foreign key),
inside the caller's transaction: a failed load leaves the tables as they were.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models
from django.db.models import Max

_CONSTRAINTS = """
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC, conname
"""  # unique ('u') before foreign keys ('f'), so they are added back in that order
_INDEXES = """
SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY c.relname
"""


def next_id(model: type[models.Model]) -> int:
    return int(model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1


def write(model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert rows given as attribute names (`category_id`, not `category`) and values, in order.

    JSONField values are given as JSON text already (the generator shares one text among many rows)."""
    if not rows:
        return
    fields = {f.attname: f for f in model._meta.concrete_fields}
    kinds = [fields[name] for name in columns]
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(f.column)) for f in kinds)
    table = quote(model._meta.db_table)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608 - names from the model
    dates = [i for i, f in enumerate(kinds) if isinstance(f, models.DateTimeField)]
    adapt = connection.ops.adapt_datetimefield_value
    prepared: Sequence[Sequence[Any]] = rows
    if dates:
        prepared = [list(row) for row in rows]
        for row in prepared:
            for index in dates:
                row[index] = adapt(row[index])  # type: ignore[index]
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


@contextmanager
def indexes_deferred(tables: Sequence[type[models.Model]], *, enabled: bool = True) -> Iterator[None]:
    """PostgreSQL, inside a transaction: the tables' secondary indexes and unique and foreign-key constraints
    are dropped for the body and created again after it (primary keys stay: ids arrive in order, so they only
    ever append). Elsewhere, or not `enabled`, foreign keys are merely checked row by row as the rows arrive
    instead of all at commit."""
    if connection.vendor != "postgresql":
        yield
        return
    quote = connection.ops.quote_name
    rebuild: list[str] = []
    with connection.cursor() as cursor:
        # Deferred checks still pending from earlier writes in this transaction run now: ALTER TABLE refuses a
        # table with pending trigger events, and row-by-row checks beat one queue of millions at commit.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        if enabled:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for model in tables:
                table = quote(model._meta.db_table)
                cursor.execute(_CONSTRAINTS, [model._meta.db_table])
                for name, definition in cursor.fetchall():
                    cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
                    rebuild.append(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
                cursor.execute(_INDEXES, [model._meta.db_table])
                for name, definition in cursor.fetchall():
                    cursor.execute(f"DROP INDEX {quote(name)}")
                    rebuild.insert(0, definition)  # plain indexes first: foreign keys come last
    yield
    with connection.cursor() as cursor:
        for statement in rebuild:
            cursor.execute(statement)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to Django's initially-deferred foreign keys


def analyze(tables: Sequence[type[models.Model]]) -> None:
    """Fresh planner statistics: after a load the old ones describe a table a fraction of the size."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def reset_sequence(model: type[models.Model]) -> None:
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        top = f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}"  # noqa: S608 - table name from the model
        cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(({top}), 1))", [table])
