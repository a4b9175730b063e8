"""`restore` refuses what it must not load, with a message that says why, and leaves the target as it was;
`backup` refuses to write over anything.

One good backup of the reference data (and one photo) is made per module; each test damages a copy of it the way
disks, copies and people do. Refusals of the backup itself are checked in-process against the (non-empty) test
database: the backup is checked before the target is even looked at. The empty-database case runs `manage.py` on a
new empty database, as an operator would.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from sigap.operations.database import DUMP_FILES
from sigap.operations.manifest import MANIFEST, file_digest, write_manifest
from sigap.organization.models import Unit
from tests.factories import jpeg_bytes
from tests.integration.backup_support import empty_database, manage, table_names

pytestmark = pytest.mark.django_db
PHOTO = "photos/2026/11/lubang.jpg"


@pytest.fixture(scope="module")
def good_backup(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("good")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=folder / "media"):
        default_storage.save(PHOTO, ContentFile(jpeg_bytes()))
        call_command("backup", output=folder / "backup", stdout=io.StringIO())
    return folder / "backup"


@pytest.fixture
def backup(good_backup: Path, tmp_path: Path, settings: Any) -> Path:
    """A copy of the good backup to damage, and an empty media folder to restore into."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(shutil.copytree(good_backup, tmp_path / "backup"))


def rewrite_manifest(backup: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change the manifest and seal it again: a backup that is whole but says something this Sigap must refuse."""
    manifest = json.loads((backup / MANIFEST).read_text())
    manifest.pop("manifest_sha256")
    change(manifest)
    write_manifest(backup, manifest)


def refusal(backup: Path) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("restore", input=backup)
    return str(refused.value)


def flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.fixture
def dump_name() -> str:
    from django.db import connection

    return DUMP_FILES[connection.vendor]


def test_restore_refuses_a_directory_that_does_not_exist(tmp_path: Path) -> None:
    assert "does not exist" in refusal(tmp_path / "nowhere")


def test_restore_refuses_a_backup_without_a_manifest_as_interrupted(backup: Path) -> None:
    (backup / MANIFEST).unlink()

    assert "interrupted" in refusal(backup)


def test_restore_refuses_a_manifest_that_is_not_json(backup: Path) -> None:
    text = (backup / MANIFEST).read_text()
    (backup / MANIFEST).write_text(text[: len(text) // 2])

    assert "not valid JSON" in refusal(backup)


def test_restore_refuses_a_manifest_edited_without_its_seal(backup: Path) -> None:
    manifest = json.loads((backup / MANIFEST).read_text())
    manifest["tables"]["reports_report"] = 1000
    (backup / MANIFEST).write_text(json.dumps(manifest))

    assert "does not match its own checksum" in refusal(backup)


def test_restore_refuses_a_tampered_dump(backup: Path, dump_name: str) -> None:
    flip_a_byte(backup / dump_name)

    message = refusal(backup)

    assert f"{dump_name} does not match its checksum" in message


def test_restore_refuses_a_missing_dump(backup: Path, dump_name: str) -> None:
    (backup / dump_name).unlink()

    assert f"{dump_name} is missing" in refusal(backup)


def test_restore_refuses_a_tampered_photo(backup: Path) -> None:
    flip_a_byte(backup / "media" / PHOTO)

    assert f"{PHOTO} does not match its checksum" in refusal(backup)


def test_restore_refuses_a_missing_photo(backup: Path) -> None:
    (backup / "media" / PHOTO).unlink()

    assert f"{PHOTO} is missing" in refusal(backup)


def test_restore_refuses_a_media_name_outside_the_media_folder(backup: Path) -> None:
    rewrite_manifest(backup, lambda manifest: manifest["media"][0].update(name="../../etc/cron.d/x"))

    assert "outside the media folder" in refusal(backup)


def test_restore_refuses_a_backup_from_a_newer_sigap(backup: Path) -> None:
    rewrite_manifest(backup, lambda manifest: manifest.update(sigap_version="99.0.0"))

    assert "newer than this Sigap" in refusal(backup)


def test_restore_refuses_a_database_with_migrations_this_sigap_does_not_know(backup: Path) -> None:
    rewrite_manifest(backup, lambda manifest: manifest["migrations"].append("reports.9999_from_the_future"))

    assert "migrations this Sigap does not know" in refusal(backup)


def test_restore_refuses_a_backup_of_another_engine(backup: Path, dump_name: str) -> None:
    other = "postgresql" if dump_name == DUMP_FILES["sqlite"] else "sqlite"
    rewrite_manifest(backup, lambda manifest: manifest.update(engine=other))

    assert f"holds a {other} database" in refusal(backup)


def test_restore_refuses_a_database_that_is_not_empty_and_leaves_it_alone(backup: Path) -> None:
    units = Unit.objects.count()

    message = refusal(backup)

    assert "is not empty" in message
    assert Unit.objects.count() == units


@pytest.fixture
def new_database(tmp_path: Path) -> Iterator[str]:
    with empty_database(tmp_path) as url:
        yield url


def test_restore_refuses_a_media_folder_that_is_not_empty_and_touches_no_table(backup: Path, tmp_path: Path,
                                                                                 new_database: str) -> None:
    media = tmp_path / "busy-media"
    (media / "photos").mkdir(parents=True)
    (media / "photos" / "someone-elses.jpg").write_bytes(jpeg_bytes())

    result = manage("restore", "--input", str(backup), database_url=new_database, media_root=media)

    assert result.returncode != 0
    assert "media storage is not empty" in result.stderr
    assert table_names(new_database) == []


def test_backup_refuses_a_directory_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "manifest.json").write_text("{}")

    with pytest.raises(CommandError, match="not an empty directory"):
        call_command("backup", output=tmp_path / "old")

    assert (tmp_path / "old" / "manifest.json").read_text() == "{}"


def test_a_new_backup_directory_is_readable_by_its_owner_only(good_backup: Path) -> None:
    assert good_backup.stat().st_mode & 0o777 == 0o700


def test_a_dump_that_cannot_be_loaded_fails_the_restore_and_leaves_the_database_empty(
        backup: Path, tmp_path: Path, new_database: str, dump_name: str) -> None:
    (backup / dump_name).write_bytes(b"not a database dump\n" * 100)  # damaged before the checksum was taken
    size, sha256 = file_digest(backup / dump_name)
    rewrite_manifest(backup, lambda manifest: manifest["database"].update(size=size, sha256=sha256))

    result = manage("restore", "--input", str(backup), database_url=new_database, media_root=tmp_path / "media")

    assert result.returncode != 0
    assert "pg_restore failed" in result.stderr or "could not be loaded" in result.stderr
    assert table_names(new_database) == []
    assert not (tmp_path / "media").exists()
