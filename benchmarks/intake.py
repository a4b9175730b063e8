"""Intake throughput: gunicorn on PostgreSQL, POST /api/v1/reports driven from a second process, next to a floor.

Run:  .venv/bin/python benchmarks/intake.py            (default: 400 requests, 8 clients, then 50 req/s for 10 s)
Full: .venv/bin/python benchmarks/intake.py --requests 5000 --clients 16 --paced-seconds 60
Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/sigap_bench_intake; created if
missing). Prints reports/s and p50/p99 latency for the real endpoint and for a bare insert view (the floor).
Targets: real >= 50% of the floor's throughput; p99 <= 100 ms at 50 requests/s.
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/calendar.py would shadow the standard library's calendar: take this folder off the path.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

import argparse  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/sigap_bench_intake"


def body(index: int) -> bytes:
    return json.dumps({
        "kind": "pengaduan", "category": "jalan_rusak", "title": f"Jalan berlubang {index}",
        "description": "Lubang besar di depan pasar, berbahaya untuk motor.",
        "location": {"kelurahan": "74.72.06.1007", "rw": "1", "rt": "1"},
        "reporter": {"name": "Bench", "phone": f"0812{index % 10**8:08d}"},
    }).encode()


def env(database_url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "SIGAP_DEMO_MODE": "0",
            "DJANGO_SETTINGS_MODULE": "benchmarks.intake_settings", "PYTHONPATH": str(ROOT), "LOG_LEVEL": "WARNING",
            "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"}


def prepare(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env(database_url), check=True)
    subprocess.run([python, "manage.py", "seed_demo", "--reports", "0"], cwd=ROOT, env=env(database_url),
                   check=True, stdout=subprocess.DEVNULL)


def wait_until_up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def one(port: int, path: str, index: int) -> tuple[float, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    conn.request("POST", path, body=body(index), headers={"Content-Type": "application/json"})
    status = conn.getresponse().status
    return time.perf_counter() - started, status


def burst(port: int, path: str, requests: int, clients: int, offset: int) -> dict[str, float]:
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(lambda i: one(port, path, offset + i), range(requests)))
    elapsed = time.perf_counter() - started
    return summary(results, elapsed)


def paced(port: int, path: str, rate: float, seconds: float, offset: int) -> dict[str, float]:
    count = int(rate * seconds)
    start = time.perf_counter()

    def scheduled(i: int) -> tuple[float, int]:
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)  # pacing the load generator, not waiting for a result
        return one(port, path, offset + i)

    with ThreadPoolExecutor(32) as pool:
        results = list(pool.map(scheduled, range(count)))
    return summary(results, time.perf_counter() - start)


def summary(results: list[tuple[float, int]], elapsed: float) -> dict[str, float]:
    latencies = sorted(r[0] for r in results)
    ok = sum(1 for r in results if r[1] == 201)
    return {"ok": ok, "total": len(results), "per_s": ok / elapsed,
            "p50_ms": statistics.median(latencies) * 1000,
            "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--paced-rate", type=float, default=50.0)
    parser.add_argument("--paced-seconds", type=float, default=10.0)
    parser.add_argument("--port", type=int, default=18731)
    args = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    prepare(database_url)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-b", f"127.0.0.1:{args.port}",
         "-w", str(args.workers), "--log-level", "warning"], cwd=ROOT, env=env(database_url))
    try:
        wait_until_up(args.port, time.monotonic() + 30)
        burst(args.port, "/api/v1/reports", 20, 2, 900_000_000)  # warm both code paths
        burst(args.port, "/floor/reports", 20, 2, 900_000_100)
        floor = burst(args.port, "/floor/reports", args.requests, args.clients, 0)
        real = burst(args.port, "/api/v1/reports", args.requests, args.clients, 10_000_000)
        steady = paced(args.port, "/api/v1/reports", args.paced_rate, args.paced_seconds, 20_000_000)
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(f"gunicorn workers={args.workers} clients={args.clients} requests={args.requests} (PostgreSQL)")
    for name, row in (("floor (bare insert)", floor), ("POST /api/v1/reports", real)):
        print(f"{name:24s} {row['per_s']:8.1f} reports/s  p50 {row['p50_ms']:6.1f} ms  p99 {row['p99_ms']:6.1f} ms"
              f"  ({row['ok']}/{row['total']} 201)")
    print(f"real / floor throughput: {real['per_s'] / floor['per_s'] * 100:.0f}% (target >= 50%)")
    print(f"paced {args.paced_rate:.0f} req/s for {args.paced_seconds:.0f} s: p50 {steady['p50_ms']:.1f} ms, "
          f"p99 {steady['p99_ms']:.1f} ms ({steady['ok']}/{steady['total']} 201; target p99 <= 100 ms)")


if __name__ == "__main__":
    main()
