"""Several gunicorn processes, one answer: with PROMETHEUS_MULTIPROC_DIR any process's scrape adds up all of them."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config" / "gunicorn.conf.py"


def run(script: str, env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + script], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_scrape_in_one_process_counts_the_requests_every_process_served(tmp_path: Path) -> None:
    # Given two web processes that served 2 and 3 requests, sharing the multiprocess directory
    directory = tmp_path / "metrics"
    directory.mkdir()
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory), "DJANGO_SETTINGS_MODULE": "config.settings_test",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    for served in (2, 3):
        run("from sigap.monitoring.metrics import REQUESTS\n"
            f"for _ in range({served}): REQUESTS.labels(status='200').inc()\n", env)

    # When a third process answers the scrape
    text = run("from prometheus_client import generate_latest\n"
               "from sigap.monitoring.metrics import scrape_registry\n"
               "print(generate_latest(scrape_registry()).decode())\n", env)

    # Then it reports all five, and says the (empty) database could not be read instead of failing
    assert 'sigap_http_requests_total{status="200"} 5.0' in text
    assert 'sigap_metrics_read_errors{group="outbox"} 1.0' in text


def test_gunicorn_empties_the_multiprocess_directory_when_it_starts(tmp_path: Path, monkeypatch) -> None:
    # Given counters left by the previous run
    (tmp_path / "counter_1234.db").write_bytes(b"old")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))

    # When the server starts
    runpy.run_path(str(CONFIG))["on_starting"](None)

    # Then they are gone, so they are not counted twice
    assert list(tmp_path.iterdir()) == []
