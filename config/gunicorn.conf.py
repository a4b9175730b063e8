"""Production web server settings: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

A request spends most of its time waiting on PostgreSQL (round trips and the commit's WAL flush), not on the CPU,
so each worker process serves several requests at once on threads (gthread) while one waits. Two processes per
core keep both cores busy through the GIL; `benchmarks/intake.py` serves with this file and measured the choice
(docs/adr/0006-intake-path.md). Every value can be overridden from the environment.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
from typing import Any

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count())))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Behind a reverse proxy (nginx) the slow client is the proxy's problem; keep-alive only spares reconnects.
keepalive = 5
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
max_requests = 5000  # recycle workers slowly so a leak cannot grow for ever
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


# Worker memory under photos (benchmarks/photo_bomb.py's largest-accepted round peaked at 237-305 MB per worker). Two
# glibc habits kept freed decodes: each thread that meets a busy heap gets an arena of its own (up to 8 per core) and
# a freed block stays in its thread's arena; and after the first large block is freed, glibc raises its mmap threshold
# (up to 32 MB), so Pillow's image blocks (16 MB) come from those arenas instead of mmap and are not returned to the
# system when freed. Two arenas per process and a fixed 1 MB threshold (a block that large is mapped and unmapped on
# its own) keep a worker's memory to what it is decoding now. Set here, so every start with this file carries it;
# MALLOC_ARENA_MAX / MALLOC_MMAP_THRESHOLD_ in the environment, when an operator sets them, are glibc's own and win.
MALLOC_ARENAS = 2
MALLOC_MMAP_THRESHOLD = 1024 * 1024
_M_MMAP_THRESHOLD = -3  # glibc's malloc.h
_M_ARENA_MAX = -8


def post_fork(server: Any, worker: Any) -> None:
    """In each worker before its threads start (a no-op where the C library is not glibc)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl or another libc without mallopt: its own allocator, nothing to set
        return
    if not os.environ.get("MALLOC_ARENA_MAX"):
        mallopt(_M_ARENA_MAX, MALLOC_ARENAS)
    if not os.environ.get("MALLOC_MMAP_THRESHOLD_"):
        mallopt(_M_MMAP_THRESHOLD, MALLOC_MMAP_THRESHOLD)


# Metrics across processes (sigap.monitoring.metrics): with PROMETHEUS_MULTIPROC_DIR set, each worker writes its
# counters to files there and any worker's /metrics adds them all up. The files of a previous run would be counted
# again, so the directory is emptied when the server starts (systemd's RuntimeDirectory= gives a fresh one too).
def on_starting(server: Any) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if not directory:
        return
    os.makedirs(directory, exist_ok=True)
    for name in os.listdir(directory):
        if name.endswith(".db"):
            os.remove(os.path.join(directory, name))


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
