"""How long the compliance figures take (sigap.services.queries.compliance), city-wide over a year and per unit.

Default (short) run:  .venv/bin/python benchmarks/services_compliance.py
Full-size run:        .venv/bin/python benchmarks/services_compliance.py --requests 200000
PostgreSQL:           add --db postgres://postgres@127.0.0.1:5432/sigap_bench_services (created if missing)
The database (default a fresh SQLite file under var/) is migrated, loaded with the Baubau units and services, and
filled with synthetic requests over the past year (bulk inserts; finished ones mostly on time).
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/calendar.py shadows the standard library's `calendar`: take this folder off the path first.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from datetime import timedelta  # noqa: E402

ROOT = _HERE.parent


def setup(db_url: str) -> None:
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Settings default to production (DEBUG off, SECRET_KEY required); this benchmark ran with the laptop defaults.
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command

    if db_url.startswith("postgres"):
        import psycopg

        base, name = db_url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)
    from sigap.seed import reference

    reference.load_city_wilayah()
    reference.load_units()
    reference.load_services()
    reference.load_calendar()


def fill(count: int, seed: int) -> None:
    from django.utils import timezone

    from sigap.domain.tracking import new_tracking_id
    from sigap.organization.models import Unit, UnitKind
    from sigap.services.actions import current_standard
    from sigap.services.models import Service, ServiceRequest

    have = ServiceRequest.objects.count()
    if have >= count:
        return
    rng = random.Random(seed)
    now = timezone.now()
    kelurahan = list(Unit.objects.filter(kind=UnitKind.KELURAHAN))
    choices = []
    for service in Service.objects.all():
        version = current_standard(service)
        units = kelurahan if service.offered_by_every_kelurahan else [service.unit]
        choices.extend((service, version, unit) for unit in units if unit is not None)
    batch: list[ServiceRequest] = []
    for _ in range(count - have):
        service, version, unit = rng.choice(choices)
        received = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
        promised = received + timedelta(hours=rng.choice([6, 8, 24, 24 * 7]))
        finished = rng.random() < 0.9
        ready = received + timedelta(minutes=rng.randrange(30, 60 * 30)) if finished else None
        status = ("handed_over" if rng.random() < 0.8 else "ready") if finished else rng.choice(
            ["received", "checked", "in_process", "incomplete"])
        batch.append(ServiceRequest(
            tracking_id=new_tracking_id("LYN", rng=rng), service=service, standard=version, unit=unit,
            applicant_name="Bench", status=status, received_at=received, clock_started_at=received,
            promised_at=promised, ready_at=ready, updated_at=received,
        ))
        if len(batch) == 5000:
            ServiceRequest.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    ServiceRequest.objects.bulk_create(batch, ignore_conflicts=True)


def timed(label: str, call: object, rounds: int) -> None:
    samples = []
    rows = 0
    for _ in range(rounds):
        began = time.perf_counter()
        rows = len(call())  # type: ignore[operator]
        samples.append((time.perf_counter() - began) * 1000)
    print(f"{label}: p50 {statistics.median(samples):.0f} ms, max {max(samples):.0f} ms over {rounds} runs "
          f"({rows} service x unit rows)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--db", default=f"sqlite:///{ROOT / 'var' / 'bench_services.sqlite3'}")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    (ROOT / "var").mkdir(exist_ok=True)
    began = time.perf_counter()
    setup(args.db)
    fill(args.requests, args.seed)
    from django.utils import timezone

    from sigap.organization.models import Unit
    from sigap.services.models import ServiceRequest
    from sigap.services.queries import compliance

    print(f"database ready in {time.perf_counter() - began:.1f} s: {ServiceRequest.objects.count()} requests "
          f"({args.db.split(':', 1)[0]})")
    now = timezone.now()
    year = (now - timedelta(days=365), now)
    month = (now - timedelta(days=30), now)
    dukcapil = [Unit.objects.get(code="dukcapil")]
    timed("city, 12 months", lambda: compliance(period=year, now=now), args.rounds)
    timed("city, 1 month", lambda: compliance(period=month, now=now), args.rounds)
    timed("dukcapil, 12 months", lambda: compliance(units=dukcapil, period=year, now=now), args.rounds)


if __name__ == "__main__":
    main()
