"""What is counted in the process (requests by status) and the registry a scrape reads.

gunicorn runs several worker processes, each with its own counters. With `PROMETHEUS_MULTIPROC_DIR` set (production:
a directory emptied at each start, config/gunicorn.conf.py) prometheus_client writes them to files there and a scrape,
whichever process answers it, adds up every process's; without it (one process: runserver, tests) the process's own
counters are read. Everything else is read from the database at scrape time (`collector`), which all processes share.
Design: docs/adr/0014-metrics.md.
"""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, multiprocess

from sigap.monitoring.collector import DatabaseCollector

REQUESTS = Counter("sigap_http_requests", "HTTP responses served, by status code.", ["status"], registry=None)


def multiprocess_dir() -> str:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def scrape_registry() -> CollectorRegistry:
    """A fresh registry per scrape: the processes' counters, then the database's figures as of now."""
    registry = CollectorRegistry()
    if multiprocess_dir():
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(REQUESTS)
    registry.register(DatabaseCollector())
    return registry
