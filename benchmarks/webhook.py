"""Webhook acknowledgement latency under steady load: gunicorn on PostgreSQL, signed POSTs from a second process.

    .venv/bin/python benchmarks/webhook.py                       # 100/s for 30 s (default)
    .venv/bin/python benchmarks/webhook.py --rate 200 --seconds 120 --workers 4 --threads 8

Creates its own database (sigap_bench_webhook by default), migrates it, serves it with gunicorn, fires signed
message payloads at a fixed rate from a separate process (open loop: a slow answer does not slow the sender),
prints p50/p99/max acknowledgement latency, then checks that every message id is in the inbox exactly once.
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/calendar.py shadows the standard library's calendar: take this folder off the path.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

import argparse  # noqa: E402
import hashlib  # noqa: E402
import hmac  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from multiprocessing import Process, Queue  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-app-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def body_for(number: int, prefix: str = "BENCH") -> bytes:
    document = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
                "value": {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "1"},
                          "contacts": [{"profile": {"name": "Bench"}, "wa_id": f"62812{number % 500:07d}"}],
                          "messages": [{"from": f"62812{number % 500:07d}", "id": f"wamid.{prefix}{number:08d}",
                                        "timestamp": "1760000000", "type": "reaction",
                                        "reaction": {"emoji": "👍", "message_id": "x"}}]}}]}]}
    return json.dumps(document).encode()


def fire(url: str, rate: float, seconds: float, results: Queue) -> None:  # type: ignore[type-arg]
    """Open-loop sender in its own process: one request every 1/rate s, each on a pool thread."""
    total = int(rate * seconds)

    def one(number: int) -> tuple[float, int]:
        body = body_for(number)
        started = time.perf_counter()
        status = _post(url, body)
        return time.perf_counter() - started, status

    start = time.perf_counter()
    futures = []
    with ThreadPoolExecutor(max_workers=64) as pool:
        for number in range(total):
            delay = start + number / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(one, number))
        outcomes = [future.result() for future in futures]
    results.put(outcomes)


def warm_up(url: str, count: int) -> None:
    """First requests import the URL conf and views and open the database connections: not what Meta waits for."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _outcome in pool.map(lambda number: _post(url, body_for(number, prefix="WARM")), range(count)):
            pass


def _post(url: str, body: bytes) -> int:
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(url, data=body, method="POST", headers={  # noqa: S310
        "Content-Type": "application/json", "X-Hub-Signature-256": signature})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            response.read()
            return int(response.status)
    except Exception:  # any failure is counted, not raised
        return 0


def wait_for(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4,
                        help="gthread threads per worker: the request mostly waits on PostgreSQL's commit")
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sigap_bench_webhook"))
    args = parser.parse_args()

    env = {**os.environ, "DATABASE_URL": args.database_url, "DEBUG": "0", "SECRET_KEY": "bench-" + "x" * 50,
           "WHATSAPP_APP_SECRET": SECRET, "WHATSAPP_VERIFY_TOKEN": "bench", "ALLOWED_HOSTS": "127.0.0.1",
           "DJANGO_SETTINGS_MODULE": "config.settings", "SECURE_SSL_REDIRECT": "0",
           "DB_CONN_MAX_AGE": "600"}  # persistent connections: no connect per request
    python = sys.executable
    _create_db(args)
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], check=True, cwd=ROOT, env=env)
    subprocess.run([python, "manage.py", "shell", "-c",
                    "from sigap.channels.models import InboxItem; InboxItem.objects.all().delete();"
                    "from django_tasks_db.models import DBTaskResult; DBTaskResult.objects.all().delete()"],
                   check=True, cwd=ROOT, env=env)
    port = free_port()
    server = subprocess.Popen(
        [str(Path(python).parent / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.workers),
         "--worker-class", "gthread", "--threads", str(args.threads),
         "--access-logfile", "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    url = f"http://127.0.0.1:{port}/channels/whatsapp/webhook"
    try:
        wait_for(url, time.monotonic() + 30)
        warm_up(url, args.workers * args.threads * 4)
        results: Queue = Queue()  # type: ignore[type-arg]
        load_before = os.getloadavg()
        sender = Process(target=fire, args=(url, args.rate, args.seconds, results))
        sender.start()
        outcomes = results.get()
        sender.join()
        load_after = os.getloadavg()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    latencies = sorted(seconds for seconds, status in outcomes if status == 200)
    failures = sum(1 for _seconds, status in outcomes if status != 200)
    count = subprocess.run(
        [python, "manage.py", "shell", "-c",
         "from sigap.channels.models import InboxItem as I; from django.db.models import Count;"
         "print(I.objects.filter(key__startswith='m:wamid.BENCH').count(),"
         " I.objects.values('key').annotate(n=Count('id')).filter(n__gt=1).count())"],
        check=True, cwd=ROOT, env=env, capture_output=True, text=True).stdout.strip().splitlines()[-1].split()
    stored, duplicated = int(count[0]), int(count[1])

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    print(f"webhook: {len(outcomes)} signed POSTs at {args.rate:.0f}/s for {args.seconds:.0f} s, "
          f"gunicorn -w {args.workers} --threads {args.threads} (gthread) on PostgreSQL, {os.cpu_count()} CPUs")
    print(f"  load average (1/5/15 min) before {_load(load_before)}, after {_load(load_after)}")
    print(f"  ack latency p50 {pct(0.50):.1f} ms  p99 {pct(0.99):.1f} ms  max {pct(1.0):.1f} ms")
    print(f"  non-200 answers {failures}; stored {stored} of {len(outcomes)} messages, {duplicated} duplicated")
    ok = failures == 0 and stored == len(outcomes) and duplicated == 0 and pct(0.99) <= 50
    print("  target p99 <= 50 ms and every message stored once:", "MET" if ok else "NOT MET")
    sys.exit(0 if ok else 1)


def _load(values: tuple[float, float, float]) -> str:
    return " ".join(f"{value:.2f}" for value in values)


def _create_db(args: argparse.Namespace) -> None:
    import psycopg

    base, _slash, name = args.database_url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
