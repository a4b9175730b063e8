"""The production web server's configuration (config/gunicorn.conf.py) carries the worker-memory settings itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config" / "gunicorn.conf.py"


def test_each_worker_sets_glibcs_arena_cap_and_mmap_threshold_as_it_starts() -> None:
    # given a fresh process (the settings are process-wide) without an operator's MALLOC_* variables
    script = (
        "import runpy, sys\n"
        f"config = runpy.run_path({str(CONFIG)!r})\n"
        "config['post_fork'](None, None)\n"
        "print(config['MALLOC_ARENAS'], config['MALLOC_MMAP_THRESHOLD'])\n"
    )
    env = {name: value for name, value in os.environ.items() if not name.startswith("MALLOC_")}
    # when gunicorn's post_fork hook runs in it
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False)
    # then it runs cleanly (mallopt found, or skipped where the C library is not glibc) with the documented values
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", str(1024 * 1024)]
