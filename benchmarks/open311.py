"""Open311 GET requests.json with 1000 rows, over real HTTP from gunicorn, on a large report table.

Default (short) run:  .venv/bin/python benchmarks/open311.py
Full-size run:        .venv/bin/python benchmarks/open311.py --reports 1000000
PostgreSQL comes from --pg-url (default postgres://postgres@127.0.0.1:5432/sigap_bench_h7); the database is created,
migrated and seeded (`seed_demo`, then `seed_synthetic --reports N`) when it holds fewer reports than asked.
With --sql-fill (PostgreSQL only) the rows beyond --synthetic are cloned in one INSERT … SELECT from the
synthetic ones (same distributions over 24 months, fresh tracking ids, no events): a shortcut only, since
seed_synthetic now loads a million reports in a few minutes and GET requests reads only the report table.
--pg-url postgres://postgres@127.0.0.1:5432/sigap_bench_dashboard reuses the dashboard benchmark's database.
--sqlite also measures SQLite (a file under var/). Target: GET requests.json (1000 rows) <= 200 ms on 1,000,000
reports.
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/calendar.py shadows the standard library's `calendar`: take this folder off the path first.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

sys.path.insert(0, str(_HERE.parent))
from benchmarks.harness import ROOT, manage, serve  # noqa: E402

SHELL_COUNT = "from sigap.reports.models import Report; print(Report.objects.count())"
QUERIES = {
    "requests.json (default 90-day window, 1000 rows)": "requests.json",
    "requests.json?status=open": "requests.json?status=open",
    "requests.json?service_code=sampah": "requests.json?service_code=sampah",
    "requests.json?page=5 (rows 4001-5000)": "requests.json?page=5",
    "requests.xml (1000 rows)": "requests.xml",
}




def count(env: dict[str, str]) -> int:
    return int(manage(env, "shell", "-c", SHELL_COUNT).splitlines()[-1])


CLONE_SQL = """
INSERT INTO reports_report (id, {columns}, tracking_id, reporter_token)
SELECT base.n + g, {source}, 'BBX-' || lpad(to_hex(base.n + g), 11, '0'), md5('clone' || (base.n + g)::text)
FROM generate_series(1, {missing}) AS g
CROSS JOIN (SELECT max(id) AS n, count(*) AS total FROM reports_report) AS base
JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS rn, * FROM reports_report) AS src ON src.rn = g % base.total
"""
SHELL_CLONE = """
from django.db import connection, transaction
from sigap.reports.models import Report
skip = {"id", "tracking_id", "reporter_token"}
columns = [f.column for f in Report._meta.concrete_fields if f.column not in skip]
with transaction.atomic(), connection.cursor() as cursor:
    cursor.execute(SQL.format(columns=", ".join(columns), source=", ".join("src." + c for c in columns),
                              missing=MISSING))
"""


def ensure_data(env: dict[str, str], reports: int, seed: int, synthetic: int) -> int:
    manage(env, "migrate", "-v0")
    if count(env) == 0:
        manage(env, "seed_demo")
    have = count(env)
    target = min(reports, synthetic)
    if have < target:
        began = time.perf_counter()
        manage(env, "seed_synthetic", "--reports", str(target - have), "--seed", str(seed))
        print(f"  seed_synthetic --reports {target - have}: {time.perf_counter() - began:.1f} s", flush=True)
        have = count(env)
    if have < reports:
        began = time.perf_counter()
        script = SHELL_CLONE.replace("SQL", repr(CLONE_SQL)).replace("MISSING", str(reports - have))
        manage(env, "shell", "-c", script)
        print(f"  cloned {reports - have} reports with INSERT ... SELECT: {time.perf_counter() - began:.1f} s",
              flush=True)
    if env["DATABASE_URL"].startswith("postgres"):
        manage(env, "shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE')")
    return count(env)






def fetch(url: str) -> tuple[float, bytes]:
    began = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - local URL
        body = response.read()
        assert response.status == 200, response.status
    return time.perf_counter() - began, body


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(label: str, database_url: str, reports: int, runs: int, synthetic: int) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "SIGAP_DEMO_MODE": "1",
           "ALLOWED_HOSTS": "127.0.0.1,localhost",
           "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-not-secret"), "SECURE_SSL_REDIRECT": "0"}
    total = ensure_data(env, reports, seed=7311, synthetic=synthetic)
    server, base = serve(env)
    try:
        print(f"{label}: {total} reports", flush=True)
        for name, path in QUERIES.items():
            url = f"{base}/open311/v2/{path}"
            for _ in range(2):
                fetch(url)  # warm: connection, caches
            timings, body = [], b""
            for _ in range(runs):
                elapsed, body = fetch(url)
                timings.append(elapsed)
            rows = len(json.loads(body)) if path.startswith("requests.json") else body.count(b"<request>")
            print(f"  GET {name}: {rows} rows, p50 {statistics.median(timings) * 1000:.0f} ms, "
                  f"p95 {pct(timings, .95) * 1000:.0f} ms, {len(body) // 1024} KiB ({runs} runs)", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


def create_pg_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=50_000, help="reports in the table (full size: 1000000)")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/sigap_bench_h7")
    parser.add_argument("--sqlite", action="store_true", help="also measure SQLite")
    parser.add_argument("--sqlite-path", default=str(ROOT / "var" / "bench_open311.sqlite3"))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--sql-fill", action="store_true",
                        help="PostgreSQL: clone rows beyond --synthetic instead of running seed_synthetic for all")
    parser.add_argument("--synthetic", type=int, default=50_000, help="reports made by seed_synthetic with --sql-fill")
    args = parser.parse_args()
    create_pg_database(args.pg_url)
    synthetic = args.synthetic if args.sql_fill else args.reports
    measure("PostgreSQL", args.pg_url, args.reports, args.runs, synthetic)
    if args.sqlite:
        measure("SQLite", f"sqlite:///{args.sqlite_path}", args.reports, max(5, args.runs // 4), args.reports)


if __name__ == "__main__":
    sys.exit(main())
