"""The database half of a backup: one consistent snapshot per engine, and the census taken inside it.

PostgreSQL: a read-only REPEATABLE READ transaction exports its snapshot; the row counts are taken in it and
`pg_dump --snapshot` dumps exactly that state in custom format, so the counts in the manifest are the dump's own.
SQLite: the online backup API copies the live database page by page under one read lock (writers on other
connections wait or restart it); the counts are taken from the copy. Restore is `pg_restore --single-transaction`
(all or nothing) or the backup API in the other direction. ADR 13 says why and what was rejected.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.db import connection

from sigap.operations.manifest import BackupRefused

DUMP_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
LIST_TABLES = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    "postgresql": "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename",
}
PG_TIMEOUT_SECONDS = 6 * 3600  # a stuck dump must end some day; a city's dump takes minutes


class Cursor(Protocol):
    def execute(self, sql: str, /) -> Any: ...
    def fetchall(self) -> list[Any]: ...


@dataclass(frozen=True)
class Census:
    """Rows per table and applied migrations ("app.name"), as one snapshot saw them."""

    tables: dict[str, int]
    migrations: list[str]


def engine() -> str:
    vendor = connection.vendor
    if vendor not in DUMP_FILES:
        raise BackupRefused(f"Backups support SQLite and PostgreSQL; DATABASE_URL points at {vendor}.")
    return vendor


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _census(cursor: Cursor, vendor: str) -> Census:
    cursor.execute(LIST_TABLES[vendor])
    names = [row[0] for row in cursor.fetchall()]
    tables = {}
    for name in names:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(name)}")  # noqa: S608 - names come from the catalogue
        tables[name] = int(cursor.fetchall()[0][0])
    migrations: list[str] = []
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    return Census(tables=tables, migrations=migrations)


def census() -> Census:
    """The census of the database of DATABASE_URL now (after a restore, to compare with the manifest)."""
    with connection.cursor() as cursor:
        return _census(cursor, engine())


def existing_tables() -> list[str]:
    return sorted(connection.introspection.table_names())


def dump(target: Path) -> Census:
    """Write the database to `target` (a new file) and return the census of exactly what was written."""
    if engine() == "sqlite":
        return _dump_sqlite(target)
    return _dump_postgresql(target)


def restore(source: Path) -> None:
    """Load a dump into the (empty) database of DATABASE_URL."""
    if engine() == "sqlite":
        _restore_sqlite(source)
    else:
        _restore_postgresql(source)
    connection.close()  # the next query reconnects and sees the restored schema from the start


def _dump_sqlite(target: Path) -> Census:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # One self-contained file: no -wal sidecar to forget when the backup is copied off the machine.
        copy.execute("PRAGMA journal_mode=DELETE")
        return _census(copy.cursor(), "sqlite")
    finally:
        copy.close()


def _restore_sqlite(source: Path) -> None:
    dumped = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        connection.ensure_connection()
        dumped.backup(connection.connection)  # one write transaction on the target: all or nothing
    except sqlite3.DatabaseError as error:
        raise BackupRefused(f"The SQLite dump could not be loaded ({error}); the database was left empty.") from error
    finally:
        dumped.close()


def _client(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupRefused(f"{name} was not found on PATH. Install the PostgreSQL client of the server's major "
                            "version (Debian 12: apt install postgresql-client-15).")
    return path


def _pg_env() -> dict[str, str]:
    """libpq's environment for the database of DATABASE_URL: the password never appears in a process listing."""
    settings = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                          ("NAME", "PGDATABASE")):
        if settings.get(key):
            env[variable] = str(settings[key])
    sslmode = (settings.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return env


def _run(command: Iterable[str], action: str) -> None:
    result = subprocess.run(list(command), env=_pg_env(), capture_output=True, text=True,  # noqa: S603
                            timeout=PG_TIMEOUT_SECONDS, check=False)
    if result.returncode != 0:
        raise BackupRefused(f"{action} failed (exit {result.returncode}): {result.stderr.strip()}")


def _dump_postgresql(target: Path) -> Census:
    import psycopg

    pg_dump = _client("pg_dump")
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = False
        raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        raw.read_only = True
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchall()[0][0]
            counted = _census(cursor, "postgresql")
        # The exporting transaction stays open until pg_dump has taken the snapshot over.
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", "--no-password", "--file", str(target)],
             "pg_dump")
        raw.rollback()
        return counted
    finally:
        raw.close()


def _restore_postgresql(source: Path) -> None:
    # --no-owner/--no-privileges: the tables belong to DATABASE_URL's user on the new machine, whatever the old
    # one's roles were called. --single-transaction: a failure leaves the target empty, ready for another try.
    _run([_client("pg_restore"), "--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges",
          "--no-password", "--dbname", str(connection.settings_dict["NAME"]), str(source)], "pg_restore")
