"""The media half of a backup: every file of Django's default storage, copied with its size and sha256.

Through the storage API rather than the file system, so a city that keeps photos on S3-compatible storage backs
them up with the same command. Files are copied after the database snapshot: a photo saved in between is carried
without a row pointing at it (harmless), never a row without its photo.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage, default_storage

from sigap.operations.manifest import CHUNK, BackupRefused, check_file, safe_media_name


def stored_names(storage: Storage | None = None) -> list[str]:
    """Every file in the storage, as storage names ("photos/2026/11/a.jpg"), sorted."""
    storage = storage or default_storage
    names: list[str] = []
    pending = [""]
    while pending:
        folder = pending.pop()
        try:
            folders, files = storage.listdir(folder)
        except FileNotFoundError:  # a media folder nobody has written to yet
            continue
        prefix = f"{folder}/" if folder else ""
        names.extend(prefix + name for name in files)
        pending.extend(prefix + name for name in folders)
    return sorted(names)


def copy_out(target: Path) -> list[dict[str, Any]]:
    """Copy every media file under `target`; the manifest entries (name, size, sha256) of what was written."""
    entries = []
    for name in stored_names():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        with default_storage.open(name, "rb") as stored, path.open("wb") as copy:
            while chunk := stored.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                copy.write(chunk)
        entries.append({"name": name, "size": size, "sha256": digest.hexdigest()})
    return entries


def check_backup_files(source: Path, entries: list[Any]) -> list[str]:
    """Refuse a manifest entry that is malformed, points outside the folder, or whose file is missing or changed."""
    names = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise BackupRefused(f"The manifest has an invalid media entry {entry!r}.")
        name = safe_media_name(entry.get("name"))
        check_file(source, name, entry.get("size"), entry.get("sha256"))
        names.append(name)
    return names


def refuse_unless_empty() -> None:
    present = stored_names()
    if present:
        raise BackupRefused(f"The media storage is not empty ({len(present)} files, e.g. {present[0]}). Restore "
                            "needs an empty media folder (MEDIA_ROOT): move the files away first.")


def copy_in(source: Path, names: list[str]) -> None:
    for name in names:
        with (source / name).open("rb") as stream:
            saved = default_storage.save(name, File(stream))
        if saved != name:
            raise BackupRefused(f"The media storage renamed {name} to {saved}: restore into an empty media folder.")
