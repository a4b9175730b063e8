"""A backup taken while the city writes is one instant: the manifest's counts are the dump's own rows.

PostgreSQL only: another connection commits rows into a table in a tight loop for the whole backup; the restore
(which counts every table against the manifest) must agree. On SQLite the test database lives in memory, where no
second writer can run beside the backup; the online backup API restarts itself when another connection writes.
"""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from tests.integration.backup_support import empty_database, manage, row_counts

pytestmark = pytest.mark.django_db
PREFIX = "consistency-writer-"


def _autocommit() -> Any:
    """A connection of its own, outside the test's transaction: what it commits, everyone sees."""
    raw = connection.get_new_connection(connection.get_connection_params())
    raw.autocommit = True
    return raw


def _writer(stop: threading.Event, started: threading.Event) -> None:
    with _autocommit() as writer:
        number = 0
        while not stop.is_set():
            writer.execute("INSERT INTO auth_group (name) VALUES (%s)", (f"{PREFIX}{number}",))
            number += 1
            started.set()


def test_counts_in_the_manifest_are_the_rows_of_the_dump_while_another_connection_writes(
        tmp_path: Path, settings: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite test database is in memory: no second writer beside the backup")
    settings.MEDIA_ROOT = tmp_path / "media"
    stop, started = threading.Event(), threading.Event()
    writer = threading.Thread(target=_writer, args=(stop, started))
    writer.start()
    try:
        assert started.wait(30)
        call_command("backup", output=tmp_path / "backup", stdout=io.StringIO())
    finally:
        stop.set()
        writer.join(30)
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    try:
        with empty_database(tmp_path) as target:
            restored = manage("restore", "--input", str(tmp_path / "backup"), database_url=target,
                              media_root=tmp_path / "media")
            restored_groups = row_counts(target, ["auth_group"])["auth_group"]

        assert restored.returncode == 0, restored.stderr
        assert restored_groups == manifest["tables"]["auth_group"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM auth_group")
            assert cursor.fetchone()[0] > manifest["tables"]["auth_group"]  # the writer went on after the snapshot
    finally:
        with _autocommit() as cleaner:
            cleaner.execute("DELETE FROM auth_group WHERE name LIKE %s", (f"{PREFIX}%",))
