"""Restore targets for the backup tests: a new empty database of the test's engine (a file for SQLite, a database
named after the test database for PostgreSQL, so parallel runs never share one), and `manage.py` run against it
as an operator would on the new machine."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _admin_sql(*statements: str) -> None:
    import psycopg

    settings = connection.settings_dict
    with psycopg.connect(host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432, user=settings["USER"],
                         password=settings["PASSWORD"] or None, dbname="postgres", autocommit=True) as admin:
        for statement in statements:
            admin.execute(statement)  # type: ignore[arg-type]  # names built from the test database's own name


@contextmanager
def empty_database(folder: Path) -> Iterator[str]:
    """The DATABASE_URL of a new, empty database of the current engine; dropped afterwards."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{folder / 'restored.sqlite3'}"
        return
    settings = connection.settings_dict
    name = f"{settings['NAME']}_restore"
    _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    try:
        yield (f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:"
               f"{settings['PORT'] or 5432}/{name}")
    finally:
        _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args: str, database_url: str, media_root: Path) -> subprocess.CompletedProcess[str]:
    """`manage.py ARGS` in a new process on the given database and media folder; never raises on failure."""
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root),
           "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    env.pop("SIGAP_TEST_DB_NAME", None)
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def row_counts(database_url: str, tables: list[str]) -> dict[str, int]:
    """Rows per table, read straight from the database (not through Django or the code under test)."""
    if database_url.startswith("sqlite:///"):
        with closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as db:
            return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608
                    for name in tables}
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as db:
        return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # type: ignore[arg-type,index]  # noqa: S608
                for name in tables}


def table_names(database_url: str) -> list[str]:
    if database_url.startswith("sqlite:///"):
        path = database_url.removeprefix("sqlite:///")
        if not Path(path).exists():
            return []
        with closing(sqlite3.connect(path)) as db:
            return [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as db:
        return [row[0] for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
