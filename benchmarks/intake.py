"""Intake throughput: gunicorn on PostgreSQL, POST /api/v1/reports driven from a second process, next to a floor.

Run:  .venv/bin/python benchmarks/intake.py     (3 alternating rounds of 1000 requests per path from 8 clients,
                                                  then 50 req/s for 10 s; about a minute)
      every request carries a fresh Idempotency-Key, as production clients should (docs/adr/0008-idempotent-intake.md);
      `--without-keys` sends none, to see what the key row costs.
Wrap it in `flock /work/notes/bench.lock` on a shared machine. Needs PostgreSQL (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/sigap_bench_intake; created, migrated and seeded if missing; its reports,
outbox and task tables are emptied at the start of every run so runs compare).

What runs is production's shape: DEBUG off, `gunicorn -c config/gunicorn.conf.py` (gthread, one process per core,
4 threads; --workers/--threads override it to compare), persistent database connections, and the real task
backend (django_tasks_db.DatabaseBackend), so every report's on-commit task row is written and counted. Rate limits
are counted as always, in the default local-memory cache (limits raised so the load is not refused). `make run`
(scripts/run.sh) uses Django's development server, which is not what production serves with, so it is not used.

The floor is a bare Django view (benchmarks/intake_floor.py) that parses the same JSON and inserts one equivalent
report row through the ORM: no validation, no event, no outbox, no task. Warm-up covers every worker and thread on
both paths; then floor and API rounds alternate, so a noisy neighbour hurts both alike. Printed per path: reports/s
(median round), p50/p99 latency over all rounds, and CPU per report of gunicorn, of this database's PostgreSQL
backends and of the load generator (read from /proc: a cost that holds when the machine is busy). Then the task
rows the API rounds wrote, the API/floor throughput ratio and the paced run's latency.
Targets: API >= 50% of the floor's throughput; p99 <= 100 ms at 50 requests/s.
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
TASKS_BACKEND = "django_tasks_db.DatabaseBackend"  # production's: the task rows are written as they would be


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
            "TASKS_BACKEND": TASKS_BACKEND}


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
    with psycopg.connect(database_url, autocommit=True) as conn:
        # Every run starts from the same empty tables, so runs compare (the tables do not grow run after run).
        conn.execute("TRUNCATE reports_report, notifications_notification, django_tasks_database_dbtaskresult "
                     "CASCADE")


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


def headers(index: int, key_prefix: str | None) -> dict[str, str]:
    # Production clients should send a key per report (docs/interfaces.md): the API pays for its row. The floor
    # ignores the header; it is sent there too so both paths parse the same request.
    sent = {"Content-Type": "application/json"}
    if key_prefix is not None:
        sent["Idempotency-Key"] = f"{key_prefix}-{index}"
    return sent


def one(port: int, path: str, index: int, key_prefix: str | None) -> tuple[float, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    conn.request("POST", path, body=body(index), headers=headers(index, key_prefix))
    status = conn.getresponse().status
    return time.perf_counter() - started, status


def burst(port: int, path: str, requests: int, clients: int, offset: int, key_prefix: str | None,
          meter: CpuMeter | None = None) -> Run:
    before = meter.sample() if meter else None
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(lambda i: one(port, path, offset + i, key_prefix), range(requests)))
    run = Run(results, time.perf_counter() - started)
    if meter and before:
        run.cpu = meter.since(before)
    return run


def paced(port: int, path: str, rate: float, seconds: float, offset: int, key_prefix: str | None) -> Run:
    count = int(rate * seconds)
    start = time.perf_counter()

    def scheduled(i: int) -> tuple[float, int]:
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)  # pacing the load generator, not waiting for a result
        return one(port, path, offset + i, key_prefix)

    with ThreadPoolExecutor(32) as pool:
        results = list(pool.map(scheduled, range(count)))
    return Run(results, time.perf_counter() - start)


class CpuMeter:
    """CPU seconds used by gunicorn (master, workers, reaped workers), by this database's PostgreSQL backends and
    by this load generator: the cost of a request, whatever else the machine is doing at the time."""

    def __init__(self, server_pid: int, database_url: str) -> None:
        import psycopg

        self.server_pid = server_pid
        self.database = database_url.rsplit("/", 1)[1]
        self.conn = psycopg.connect(database_url, autocommit=True)
        self.tick = os.sysconf("SC_CLK_TCK")

    def _stat(self, pid: int) -> list[str] | None:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None

    def _cpu(self, pid: int, *, with_children: bool = False) -> float:
        fields = self._stat(pid)
        if fields is None:
            return 0.0
        used = int(fields[11]) + int(fields[12]) + ((int(fields[13]) + int(fields[14])) if with_children else 0)
        return used / self.tick

    def _workers(self) -> list[int]:
        workers = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                fields = self._stat(int(entry.name))
                if fields is not None and int(fields[1]) == self.server_pid:
                    workers.append(int(entry.name))
        return workers

    def sample(self) -> dict[str, dict[int, float]]:
        backends = [row[0] for row in self.conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (self.database,))]
        return {"app": {self.server_pid: self._cpu(self.server_pid, with_children=True),
                        **{pid: self._cpu(pid) for pid in self._workers()}},
                "db": {pid: self._cpu(pid) for pid in backends},
                "client": {0: time.process_time()}}

    def since(self, before: dict[str, dict[int, float]]) -> dict[str, float]:
        after = self.sample()
        # A worker that exited in between moved its time into the master's children total: count it there.
        app = sum(after["app"].values()) - sum(before["app"].values())
        # A backend that exited in between is lost (its time went to the postmaster), a new one counts from zero.
        db = sum(value - before["db"].get(pid, 0.0) for pid, value in after["db"].items())
        return {"app": app, "db": db, "client": after["client"][0] - before["client"][0]}


class Run:
    def __init__(self, results: list[tuple[float, int]], elapsed: float) -> None:
        self.results, self.elapsed = results, elapsed
        self.cpu: dict[str, float] = {}

    @property
    def ok(self) -> int:
        return sum(1 for _seconds, status in self.results if status == 201)

    @property
    def per_s(self) -> float:
        return self.ok / self.elapsed


def pooled(runs: list[Run]) -> dict[str, float]:
    """Throughput: the median round; latency: percentiles over every request of every round; CPU: per report."""
    latencies = sorted(seconds for run in runs for seconds, _status in run.results)
    ok = sum(run.ok for run in runs)
    cpu = {kind: sum(run.cpu.get(kind, 0.0) for run in runs) * 1000 / max(ok, 1) for kind in ("app", "db", "client")}
    return {"per_s": statistics.median(run.per_s for run in runs), "ok": ok,
            "total": len(latencies), "p50_ms": statistics.median(latencies) * 1000,
            "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
            **{f"cpu_{kind}_ms": value for kind, value in cpu.items()}}


def task_rows(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT count(*) FROM django_tasks_database_dbtaskresult").fetchone()
        return int(row[0]) if row else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000, help="requests per round and path")
    parser.add_argument("--rounds", type=int, default=3, help="alternating floor/API rounds")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=None, help="override config/gunicorn.conf.py")
    parser.add_argument("--threads", type=int, default=None, help="override config/gunicorn.conf.py")
    parser.add_argument("--paced-rate", type=float, default=50.0)
    parser.add_argument("--paced-seconds", type=float, default=10.0)
    parser.add_argument("--port", type=int, default=18731)
    parser.add_argument("--without-keys", action="store_true",
                        help="send no Idempotency-Key header (by default every request carries a fresh one)")
    args = parser.parse_args()
    # Fresh per run, so no request of this run is a replay of an earlier run's key.
    key_prefix = None if args.without_keys else f"bench-{secrets.token_hex(4)}"
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    prepare(database_url)
    server_env = env(database_url)
    if args.workers is not None:
        server_env["WEB_CONCURRENCY"] = str(args.workers)
    if args.threads is not None:
        server_env["GUNICORN_THREADS"] = str(args.threads)
    server_env["GUNICORN_BIND"] = f"127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi:application"],
        cwd=ROOT, env=server_env)
    floors: list[Run] = []
    reals: list[Run] = []
    try:
        wait_until_up(args.port, time.monotonic() + 30)
        # Warm every worker and thread on both paths (imports, connections, caches) before anything counts.
        warm = max(200, 20 * args.clients)
        burst(args.port, "/api/v1/reports", warm, args.clients, 900_000_000, key_prefix)
        burst(args.port, "/floor/reports", warm, args.clients, 900_100_000, key_prefix)
        load_before = os.getloadavg()
        tasks_before = task_rows(database_url)
        meter = CpuMeter(server.pid, database_url)
        for round_ in range(args.rounds):
            floors.append(burst(args.port, "/floor/reports", args.requests, args.clients, round_ * 10**6,
                                key_prefix, meter))
            reals.append(burst(args.port, "/api/v1/reports", args.requests, args.clients, 10**7 + round_ * 10**6,
                               key_prefix, meter))
        tasks_enqueued = task_rows(database_url) - tasks_before
        steady = paced(args.port, "/api/v1/reports", args.paced_rate, args.paced_seconds, 20_000_000, key_prefix)
        load_after = os.getloadavg()
        meter.conn.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    floor, real = pooled(floors), pooled(reals)
    paced_row = pooled([steady])
    print(f"gunicorn -c config/gunicorn.conf.py (workers={server_env.get('WEB_CONCURRENCY', 'default')}, "
          f"threads={server_env.get('GUNICORN_THREADS', 'default')}) on PostgreSQL, {os.cpu_count()} CPUs; "
          f"{args.rounds} rounds x {args.requests} requests per path, {args.clients} clients, "
          f"{'no Idempotency-Key' if key_prefix is None else 'an Idempotency-Key per request'}")
    print(f"load average before {' '.join(f'{v:.2f}' for v in load_before)}, "
          f"after {' '.join(f'{v:.2f}' for v in load_after)}")
    for name, row in (("floor (bare insert)", floor), ("POST /api/v1/reports", real)):
        print(f"{name:24s} {row['per_s']:8.1f} reports/s  p50 {row['p50_ms']:6.1f} ms  p99 {row['p99_ms']:6.1f} ms"
              f"  ({row['ok']}/{row['total']} 201)")
        print(f"{'':24s} CPU per report: gunicorn {row['cpu_app_ms']:.2f} ms, PostgreSQL {row['cpu_db_ms']:.2f} ms, "
              f"load generator {row['cpu_client_ms']:.2f} ms")
    print(f"task rows enqueued by the API rounds: {tasks_enqueued} "
          f"({tasks_enqueued / max(real['ok'], 1):.2f} per report, task backend {TASKS_BACKEND})")
    paired = ", ".join(f"{api.per_s / bare.per_s * 100:.0f}%" for bare, api in zip(floors, reals, strict=True))
    print(f"real / floor throughput: {real['per_s'] / floor['per_s'] * 100:.0f}% (target >= 50%; "
          f"round by round {paired})")
    print(f"paced {args.paced_rate:.0f} req/s for {args.paced_seconds:.0f} s: p50 {paced_row['p50_ms']:.1f} ms, "
          f"p99 {paced_row['p99_ms']:.1f} ms ({paced_row['ok']}/{paced_row['total']} 201; target p99 <= 100 ms)")


if __name__ == "__main__":
    main()
