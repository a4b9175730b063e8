"""`backup` and `restore`: a directory with the database dump, the media files and the manifest that proves them.

```
DIR/manifest.json        written last (see manifest.py)
DIR/database.pgdump      pg_dump custom format   | DIR/database.sqlite3  SQLite online-backup copy
DIR/media/...            every file of the default storage, same names
```
Restore checks the whole backup before it touches anything, then that the target is empty, then loads the
database, then the media, then counts the rows again against the manifest.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from sigap.operations import database, media
from sigap.operations.manifest import (
    FORMAT,
    MEDIA_DIR,
    BackupRefused,
    check_file,
    file_digest,
    read_manifest,
    sigap_version,
    version_key,
    write_manifest,
)


@dataclass(frozen=True)
class Summary:
    directory: Path
    engine: str
    tables: int
    rows: int
    media_files: int
    media_bytes: int
    sigap_version: str


def _summary(directory: Path, manifest: dict[str, Any]) -> Summary:
    return Summary(directory=directory, engine=manifest["engine"], tables=len(manifest["tables"]),
                   rows=sum(manifest["tables"].values()), media_files=len(manifest["media"]),
                   media_bytes=sum(entry["size"] for entry in manifest["media"]),
                   sigap_version=manifest["sigap_version"])


def make_backup(output: Path) -> Summary:
    """Back up the database of DATABASE_URL and the media storage into `output`, which must be new or empty."""
    engine = database.engine()
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise BackupRefused(f"{output} already exists and is not an empty directory. Give a new directory for each "
                            "backup (e.g. one named after the date) so no backup is overwritten.")
    created = not output.exists()
    # Only the operator's account may read it: the dump holds citizens' names, phone numbers and addresses.
    output.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        dump_name = database.DUMP_FILES[engine]
        counted = database.dump(output / dump_name)
        size, sha256 = file_digest(output / dump_name)
        entries = media.copy_out(output / MEDIA_DIR)
        manifest = {
            "format": FORMAT,
            "sigap_version": sigap_version(),
            "engine": engine,
            "created_at": timezone.now().isoformat(),
            "database": {"file": dump_name, "size": size, "sha256": sha256},
            "migrations": counted.migrations,
            "tables": counted.tables,
            "media": entries,
        }
        write_manifest(output, manifest)
    except BaseException:
        # Nothing half-written is left for a later restore (or an off-machine copy) to mistake for a backup.
        if created:
            shutil.rmtree(output, ignore_errors=True)
        else:
            for child in output.iterdir():
                if child.is_dir():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        raise
    return _summary(output, manifest)


def _refuse_newer(manifest: dict[str, Any]) -> None:
    ours = sigap_version()
    if version_key(manifest["sigap_version"]) > version_key(ours):
        raise BackupRefused(f"The backup was made by Sigap {manifest['sigap_version']}, newer than this Sigap "
                            f"{ours}. Install Sigap {manifest['sigap_version']} or later, then restore.")
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupRefused(f"The backup's database has {len(unknown)} migrations this Sigap does not know (e.g. "
                            f"{unknown[0]}): it comes from a newer Sigap. Install that release, then restore.")


def check_backup(source: Path) -> dict[str, Any]:
    """The manifest of a complete, undamaged backup this Sigap can load into this engine; refused otherwise."""
    manifest = read_manifest(source)
    engine = database.engine()
    if manifest["engine"] != engine:
        raise BackupRefused(f"The backup holds a {manifest['engine']} database; DATABASE_URL points at {engine}. "
                            "Restore into the same engine (a move between engines is not supported).")
    _refuse_newer(manifest)
    dumped = manifest["database"]
    if dumped.get("file") != database.DUMP_FILES[engine]:
        raise BackupRefused(f"The manifest names an unexpected database file {dumped.get('file')!r}.")
    check_file(source, dumped["file"], dumped.get("size"), dumped.get("sha256"))
    media.check_backup_files(source / MEDIA_DIR, manifest["media"])
    if not all(isinstance(name, str) and isinstance(count, int) for name, count in manifest["tables"].items()):
        raise BackupRefused("The manifest's table counts are malformed. Use another backup.")
    return manifest


def _refuse_unless_empty_database() -> None:
    tables = database.existing_tables()
    if tables:
        raise BackupRefused(f"The database of DATABASE_URL is not empty ({len(tables)} tables, e.g. {tables[0]}). "
                            "Restore only into a new, empty database (PostgreSQL: createdb; SQLite: a new file "
                            "name); never over a running city's data.")


def restore_backup(source: Path) -> Summary:
    """Load the backup in `source` into the empty database of DATABASE_URL and the empty media storage."""
    manifest = check_backup(source)
    _refuse_unless_empty_database()
    media.refuse_unless_empty()
    database.restore(source / manifest["database"]["file"])
    media.copy_in(source / MEDIA_DIR, [entry["name"] for entry in manifest["media"]])
    restored = database.census()
    differing = sorted(name for name in set(manifest["tables"]) | set(restored.tables)
                       if manifest["tables"].get(name) != restored.tables.get(name))
    if differing:
        shown = ", ".join(f"{name} {restored.tables.get(name)} (manifest {manifest['tables'].get(name)})"
                          for name in differing[:5])
        raise BackupRefused(f"The restored database does not match the manifest in {len(differing)} tables: "
                            f"{shown}. Do not go live on it; restore another backup into a new database.")
    return _summary(source, manifest)
