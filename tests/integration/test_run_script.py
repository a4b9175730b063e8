"""`make run` (scripts/run.sh) sets what the laptop needs, since the settings default to production."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Stands in for the virtualenv's python: records what run.sh asked of it and the environment it was given.
FAKE_PYTHON = """#!/usr/bin/env bash
echo "DEBUG=${DEBUG:-} SIGAP_BASE_URL=${SIGAP_BASE_URL:-} ARGS=$*" >> "$RUN_RECORD"
"""


def _run(tmp_path: Path, **extra: str) -> list[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    python = bin_dir / "python"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    record = tmp_path / "record.txt"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "BIN": str(bin_dir), "RUN_RECORD": str(record), **extra}
    subprocess.run(["bash", str(ROOT / "scripts" / "run.sh")], cwd=ROOT, env=env, check=True, timeout=30,
                   capture_output=True, text=True)
    return [line for line in record.read_text().splitlines() if "runserver" in line]


def test_make_run_derives_the_base_url_of_messages_from_port(tmp_path: Path) -> None:
    (runserver,) = _run(tmp_path, PORT="9123")

    assert "SIGAP_BASE_URL=http://127.0.0.1:9123 " in runserver
    assert "127.0.0.1:9123" in runserver.split("ARGS=")[1]


def test_make_run_keeps_an_explicit_base_url(tmp_path: Path) -> None:
    (runserver,) = _run(tmp_path, PORT="9123", SIGAP_BASE_URL="https://sigap.example")

    assert "SIGAP_BASE_URL=https://sigap.example " in runserver


def test_make_run_turns_debug_on_for_the_laptop(tmp_path: Path) -> None:
    (runserver,) = _run(tmp_path)

    assert "DEBUG=1 " in runserver
    assert "SIGAP_BASE_URL=http://127.0.0.1:8000 " in runserver
