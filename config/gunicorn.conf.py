"""Production web server settings: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

A request spends most of its time waiting on PostgreSQL (round trips and the commit's WAL flush), not on the CPU,
so each worker process serves several requests at once on threads (gthread) while one waits. Two processes per
core keep both cores busy through the GIL; `benchmarks/intake.py` serves with this file and measured the choice
(docs/adr/0006-intake-path.md). Every value can be overridden from the environment.
"""

from __future__ import annotations

import multiprocessing
import os

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
