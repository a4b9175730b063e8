"""The restore drill: seed, back up, destroy, restore on a new empty database, then prove the restored city whole.

Seeded through the real actions (the Baubau reference data, a report with a photo, random lifecycles with
escalations and evidence photos, dashboard facts caught up). The backup is made in-process from the test database;
then the media folder is destroyed and an operator's new machine is played by `manage.py` processes on a new empty
database (a file for SQLite, `<test db>_restore` on PostgreSQL) and the emptied media folder. The drill runs once per
module; each test checks one of its outcomes. Run with -s to see its wall time.
"""

from __future__ import annotations

import io
import json
import random
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from PIL import Image

from sigap.dashboard.aggregates import catch_up
from sigap.operations import database
from sigap.operations.manifest import sigap_version
from sigap.reports.models import ReportPhoto
from tests.factories import make_report, photo
from tests.integration.backup_support import empty_database, manage, row_counts
from tests.integration.dashboard_support import random_lifecycles
from tests.integration.worker_support import load_reference

# Marked so pytest-django sets up the test database the module fixture seeds (the tests only read the drill).
pytestmark = [pytest.mark.django_db, pytest.mark.slow]
START = datetime(2026, 9, 7, 9, 0, tzinfo=ZoneInfo("Asia/Makassar"))


@dataclass(frozen=True)
class Drill:
    manifest: dict[str, Any]
    source_counts: dict[str, int]
    restored_counts: dict[str, int]
    originals: dict[str, bytes]
    media_root: Path
    restore: subprocess.CompletedProcess[str]
    rebuild_check: subprocess.CompletedProcess[str]
    aggregates_check: subprocess.CompletedProcess[str]


def _seed() -> dict[str, bytes]:
    users = get_user_model().objects
    make_report(now=START, photos=[photo()], title="Lampu jalan mati di depan masjid")
    random_lifecycles(random.Random(16), 8, START, lambda username: users.get(username=username))
    catch_up()
    originals = {}
    for stored in ReportPhoto.objects.all():
        with default_storage.open(stored.image.name, "rb") as image:
            originals[stored.image.name] = image.read()
    return originals


@pytest.fixture(scope="module")
def drill(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Drill]:
    folder = tmp_path_factory.mktemp("drill")
    media_root = folder / "media"
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        try:
            started = time.monotonic()
            originals = _seed()
            source_counts = database.census().tables
            call_command("backup", output=folder / "backup", stdout=io.StringIO())
            manifest = json.loads((folder / "backup" / "manifest.json").read_text())
            shutil.rmtree(media_root)  # destroy: the old machine's disk is gone
            with empty_database(folder) as target:
                restored = manage("restore", "--input", str(folder / "backup"), database_url=target,
                                  media_root=media_root)
                yield Drill(
                    manifest=manifest, source_counts=source_counts,
                    restored_counts=row_counts(target, sorted(manifest["tables"])), originals=originals,
                    media_root=media_root, restore=restored,
                    rebuild_check=manage("rebuild_report_state", "--check", database_url=target,
                                         media_root=media_root),
                    aggregates_check=manage("recompute_aggregates", "--check", database_url=target,
                                            media_root=media_root),
                )
                print(f"\nrestore drill ({database.engine()}): {time.monotonic() - started:.1f} s")
        finally:
            call_command("flush", interactive=False, verbosity=0)
            load_reference()


def test_the_restore_succeeds_into_an_empty_database_and_media_folder(drill: Drill) -> None:
    assert drill.restore.returncode == 0, drill.restore.stderr
    assert "counts agree with the manifest" in drill.restore.stdout


def test_restored_reports_agree_with_their_event_log(drill: Drill) -> None:
    assert drill.rebuild_check.returncode == 0, drill.rebuild_check.stdout + drill.rebuild_check.stderr
    assert "0 report(s) differed" in drill.rebuild_check.stdout


def test_restored_dashboard_aggregates_agree_with_the_event_log(drill: Drill) -> None:
    assert drill.aggregates_check.returncode == 0, drill.aggregates_check.stdout + drill.aggregates_check.stderr
    assert "aggregates agree: 0 differences" in drill.aggregates_check.stdout


def test_restored_row_counts_equal_the_manifest_and_the_source(drill: Drill) -> None:
    assert drill.restored_counts == drill.manifest["tables"] == drill.source_counts
    assert drill.manifest["tables"]["reports_report"] == 9
    assert drill.manifest["tables"]["reports_reportevent"] > 9


def test_restored_photos_open_and_have_their_original_bytes(drill: Drill) -> None:
    assert drill.originals  # the seeded report's photo at least
    for name, original in drill.originals.items():
        restored = (drill.media_root / name).read_bytes()
        assert restored == original
        with Image.open(io.BytesIO(restored)) as image:
            image.verify()


def test_the_manifest_records_version_engine_dump_checksum_and_every_photo(drill: Drill) -> None:
    assert drill.manifest["sigap_version"] == sigap_version()
    assert drill.manifest["engine"] == database.engine()
    assert len(drill.manifest["database"]["sha256"]) == 64
    assert {entry["name"] for entry in drill.manifest["media"]} >= set(drill.originals)
