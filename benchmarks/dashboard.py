"""Dashboard response time at scale, next to the naive computation over the raw event log, in the same run.

Default (short) run:  .venv/bin/python benchmarks/dashboard.py
Full-size run:        .venv/bin/python benchmarks/dashboard.py --reports 1000000 --sqlite-reports 200000
PostgreSQL comes from --pg-url (default postgres://postgres@127.0.0.1:5432/sigap_bench_dashboard); the database is
created, migrated and seeded (`seed_demo`, then `seed_synthetic` up to --reports) when it holds fewer reports,
then caught up (which sums the rollups afresh after a bulk seed) and, on PostgreSQL, VACUUM ANALYZE-d as autovacuum
would soon after a bulk load. It is written to: use a copy (CREATE DATABASE ... TEMPLATE) to keep one pristine.
The pages are fetched over real HTTP from gunicorn, logged in as the Sekda (city) and the head of PUPR (unit).

Each view catches up, counts the time-dependent figures (overdue now, backlog, the late list) live from the open
facts and renders the page; what differs is the stable part (received, on time, percentiles, top categories,
weekly counts):
  warm  - the stable part is in the cache (no event folded since the last view);
  cold  - nothing cached: before every view the aggregates' version is moved on, exactly as a newly folded event
          does, so the stable part is summed from the rollups and edge facts again;
  naive - a GROUP BY over the raw events with percentiles computed in Python, measured in the same run.
Targets: city dashboard (12 months) <= 300 ms p50 warm on PostgreSQL and >= 10x faster than naive; cold city
<= 1 s at 1M on PostgreSQL; SQLite (200,000 reports) <= 2 s.
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/calendar.py shadows the standard library's `calendar`: take this folder off the path first.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

import argparse  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

sys.path.insert(0, str(_HERE.parent))
from benchmarks.harness import ROOT, manage, serve  # noqa: E402

SHELL_COUNT = "from sigap.reports.models import Report; print(Report.objects.count())"
SHELL_SESSION = """
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
for name in ("sekda", "kepala.pupr"):
    user = get_user_model().objects.get(username=name)
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk); s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash(); s.create()
    print(s.session_key)
"""
SHELL_NAIVE = """
import time, statistics
from collections import defaultdict
from datetime import timedelta
from django.db import connection
from django.utils import timezone
from sigap.calendar.service import get_calendar
from sigap.dashboard.facts import percentile
from datetime import datetime, timezone as dt_timezone
def dt(v):  # SQLite hands raw cursors text
    v = datetime.fromisoformat(v) if isinstance(v, str) else v
    return v.replace(tzinfo=dt_timezone.utc) if v is not None and v.tzinfo is None else v
cal = get_calendar(); now = timezone.now(); start = now - timedelta(days=365)
timings = []
for _ in range(RUNS):
    began = time.perf_counter()
    with connection.cursor() as c:
        c.execute(
            "SELECT r.id, r.lead_unit_id, r.status, r.resolution_due_at, r.due_at, MIN(e.at), "
            "MIN(CASE WHEN e.action IN ('respond','resolve') THEN e.at END), "
            "MAX(CASE WHEN e.action = 'resolve' THEN e.at END), "
            "SUM(CASE WHEN e.action = 'escalate' THEN 1 ELSE 0 END) "
            "FROM reports_reportevent e JOIN reports_report r ON r.id = e.report_id "
            "WHERE r.received_at >= %s GROUP BY r.id, r.lead_unit_id, r.status, r.resolution_due_at, r.due_at",
            [start])
        rows = c.fetchall()
    per_unit = defaultdict(lambda: {"n": 0, "ok": 0, "late": 0, "esc": 0, "resp": [], "res": []})
    for _id, unit, status, res_due, due, received, first, resolved, esc in rows:
        res_due, due, received, first, resolved = dt(res_due), dt(due), dt(received), dt(first), dt(resolved)
        f = per_unit[unit]; f["n"] += 1; f["esc"] += esc or 0
        deadline = res_due or due
        if status in ("resolved", "closed") and resolved:
            f["ok" if deadline is None or resolved <= deadline else "late"] += 1
        elif status not in ("archived", "referred", "pending_info") and deadline and deadline < now:
            f["late"] += 1
        if first: f["resp"].append(cal.working_minutes_between(received, first))
        if resolved and status in ("resolved", "closed"):
            f["res"].append(cal.working_minutes_between(received, resolved))
    figures = {u: (percentile(f["resp"], .5), percentile(f["resp"], .9), percentile(f["res"], .5),
                   percentile(f["res"], .9)) for u, f in per_unit.items()}
    timings.append(time.perf_counter() - began)
print(" ".join(f"{t:.4f}" for t in timings))
"""




def fetch(url: str, session: str) -> float:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"})  # noqa: S310 - local URL
    began = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - local URL
        response.read()
        assert response.status == 200, response.status
    return time.perf_counter() - began




def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ensure_data(env: dict[str, str], reports: int, seed: int) -> int:
    manage(env, "migrate", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")  # DEBUG off serves hashed static names
    have = int(manage(env, "shell", "-c", SHELL_COUNT).splitlines()[-1])
    if have == 0:
        manage(env, "seed_demo")
        have = int(manage(env, "shell", "-c", SHELL_COUNT).splitlines()[-1])
    if have < reports:
        began = time.perf_counter()
        manage(env, "seed_synthetic", "--reports", str(reports - have), "--seed", str(seed))
        print(f"  seed_synthetic --reports {reports - have}: {time.perf_counter() - began:.1f} s", flush=True)
    return int(manage(env, "shell", "-c", SHELL_COUNT).splitlines()[-1])


def next_version(database_url: str) -> None:
    """What a newly folded event does to every cached stable part: the key no longer matches."""
    sql = "UPDATE dashboard_aggregatestate SET version = version + 1"
    if database_url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=30) as connection:
            connection.execute(sql)
        return
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(sql)


def spread(times: list[float]) -> str:
    return f"p50 {statistics.median(times) * 1000:.0f} ms, p95 {pct(times, .95) * 1000:.0f} ms ({len(times)} runs)"


def measure(label: str, database_url: str, reports: int, runs: int, cold_runs: int, naive_runs: int) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "SIGAP_DEMO_MODE": "1",
           "ALLOWED_HOSTS": "127.0.0.1,localhost",
           "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-not-secret"),
           "SECURE_SSL_REDIRECT": "0"}
    total = ensure_data(env, reports, seed=2026)
    began = time.perf_counter()
    manage(env, "shell", "-c", "from sigap.dashboard.aggregates import catch_up; catch_up(max_events=10**12)")
    caught_up = time.perf_counter() - began
    if database_url.startswith("postgres"):
        # As autovacuum leaves the tables shortly after a bulk load: statistics and a fresh visibility map.
        import psycopg

        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
    print(f"{label}: {total} reports (catch-up before measuring: {caught_up:.1f} s; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores)", flush=True)
    sekda, head = manage(env, "shell", "-c", SHELL_SESSION).splitlines()[-2:]
    server, base = serve(env)
    city_warm = city_cold = 0.0
    try:
        for name, session in (("city dashboard, 12 months (sekda)", sekda), ("unit dashboard (kepala.pupr)", head)):
            fetch(base + "/pimpinan/", session)  # first view: templates compiled, connection open
            cold = []
            for _ in range(cold_runs):
                next_version(database_url)
                cold.append(fetch(base + "/pimpinan/", session))
            fetch(base + "/pimpinan/", session)
            warm = [fetch(base + "/pimpinan/", session) for _ in range(runs)]
            print(f"  {name}: warm {spread(warm)}; cold {spread(cold)}", flush=True)
            if name.startswith("city"):
                city_warm, city_cold = statistics.median(warm), statistics.median(cold)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if naive_runs:
        out = manage(env, "shell", "-c", SHELL_NAIVE.replace("RUNS", str(naive_runs))).splitlines()[-1]
        naive = statistics.median([float(part) for part in out.split()])
        print(f"  naive (GROUP BY raw events + Python percentiles), 12 months: p50 {naive * 1000:.0f} ms"
              f" ({naive_runs} runs) -> city dashboard {naive / city_warm:.1f}x faster warm, "
              f"{naive / city_cold:.1f}x faster cold", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=50_000, help="PostgreSQL reports (full size: 1000000)")
    parser.add_argument("--sqlite-reports", type=int, default=20_000, help="SQLite reports (full size: 200000)")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/sigap_bench_dashboard")
    parser.add_argument("--sqlite-path", default=str(ROOT / "var" / "bench_dashboard.sqlite3"))
    parser.add_argument("--runs", type=int, default=15, help="warm views per dashboard")
    parser.add_argument("--cold-runs", type=int, default=7, help="cold views per dashboard")
    parser.add_argument("--naive-runs", type=int, default=3)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-pg", action="store_true")
    args = parser.parse_args()
    if not args.skip_pg:
        create_pg_database(args.pg_url)
        measure("PostgreSQL", args.pg_url, args.reports, args.runs, args.cold_runs, args.naive_runs)
    if not args.skip_sqlite:
        measure("SQLite", f"sqlite:///{args.sqlite_path}", args.sqlite_reports, max(5, args.runs // 3),
                max(5, args.cold_runs), 1)


def create_pg_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    sys.exit(main())
