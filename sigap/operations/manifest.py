"""The manifest of a backup: what it holds, and the checksums that prove it arrived whole.

`manifest.json` is written last, so a directory without one is an interrupted backup, never a short one. It seals
itself (`manifest_sha256` over the rest, canonical JSON): an edited or bit-rotted count is caught like a damaged
dump. The seal is against accidents, not against an attacker who can rewrite the whole directory; keep backups
where only the operators can write (docs/backup.md).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import tomllib
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
CHUNK = 1024 * 1024


class BackupRefused(Exception):
    """A backup or restore that must not go ahead; the message says why and what the operator can do."""


def sigap_version() -> str:
    """The installed release, or the checkout's pyproject version when Sigap runs from a source tree."""
    try:
        return importlib.metadata.version("sigap")
    except importlib.metadata.PackageNotFoundError:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as project:
            return str(tomllib.load(project)["project"]["version"])


def version_key(version: str) -> tuple[int, ...]:
    """"0.10.2" > "0.9": compare the release numbers, ignore a local or pre-release tail."""
    numbers = re.match(r"\d+(?:\.\d+)*", version)
    if numbers is None:
        raise BackupRefused(f"The manifest's Sigap version {version!r} is not a version number.")
    return tuple(int(part) for part in numbers.group(0).split("."))


def file_digest(path: Path) -> tuple[int, str]:
    """(size in bytes, sha256 hex) of a file, read in chunks so a large dump never sits in memory."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _seal(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def write_manifest(directory: Path, body: dict[str, Any]) -> None:
    """Write through a temporary name and rename: a crash leaves no manifest rather than half of one."""
    sealed = {**body, "manifest_sha256": _seal(body)}
    partial = directory / f".{MANIFEST}.partial"
    with partial.open("w", encoding="utf-8") as stream:
        json.dump(sealed, stream, indent=1, sort_keys=True)
        stream.write("\n")
        stream.flush()
        os.fsync(stream.fileno())
    partial.replace(directory / MANIFEST)


REQUIRED = {"format": int, "sigap_version": str, "engine": str, "created_at": str, "database": dict,
            "migrations": list, "tables": dict, "media": list}


def read_manifest(directory: Path) -> dict[str, Any]:
    """The manifest of the backup in `directory`, refused when it is missing, unreadable, unsealed or malformed."""
    if not directory.is_dir():
        raise BackupRefused(f"No backup at {directory}: the directory does not exist.")
    path = directory / MANIFEST
    if not path.is_file():
        raise BackupRefused(f"{directory} has no {MANIFEST}: it is not a backup, or a backup that was interrupted "
                            "before it finished. Use another backup.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupRefused(f"{path} is damaged (not valid JSON: {error}). Use another backup.") from error
    if not isinstance(manifest, dict):
        raise BackupRefused(f"{path} is damaged (not a JSON object). Use another backup.")
    seal = manifest.pop("manifest_sha256", None)
    if seal != _seal(manifest):
        raise BackupRefused(f"{path} is damaged: its content does not match its own checksum (edited or "
                            "corrupted). Use another backup.")
    for key, kind in REQUIRED.items():
        if not isinstance(manifest.get(key), kind):
            raise BackupRefused(f"{path} lacks {key!r} or has the wrong type. Use another backup.")
    if manifest["format"] != FORMAT:
        raise BackupRefused(f"{path} has backup format {manifest['format']}; this Sigap reads format {FORMAT}.")
    return manifest


def safe_media_name(name: object) -> str:
    """A media name from a manifest, refused when it could write outside the media folder."""
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        raise BackupRefused(f"The manifest names an invalid media file {name!r}.")
    path = PurePosixPath(name)
    if path.is_absolute() or any(part in ("", ".", "..") for part in name.split("/")):
        raise BackupRefused(f"The manifest names a media file outside the media folder: {name!r}.")
    return name


def check_file(directory: Path, relative: str, size: object, sha256: object) -> None:
    """Refuse a file of the backup that is missing or differs from the manifest."""
    path = directory / relative
    if not path.is_file():
        raise BackupRefused(f"The backup is incomplete: {relative} is missing. Use another backup.")
    actual_size, actual_sha = file_digest(path)
    if (actual_size, actual_sha) != (size, sha256):
        raise BackupRefused(f"The backup is damaged: {relative} does not match its checksum in the manifest "
                            f"({actual_size} bytes, sha256 {actual_sha[:12]}…; expected {size} bytes, sha256 "
                            f"{str(sha256)[:12]}…). Use another backup.")
