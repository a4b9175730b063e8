"""Time to find and escalate the due reports among many open ones: cost must follow what is due, not what is open.

Default (short) run:  .venv/bin/python benchmarks/escalation.py --quick
Full-size run:        .venv/bin/python benchmarks/escalation.py            (1,000,000 open vs 100,000 open)
PostgreSQL from --pg-url (default postgres://postgres@127.0.0.1:5432/sigap_bench_escalation), created, migrated and
seeded when missing. Reports are written with COPY; `--due` of them have a check time in the past (unverified past
their deadline), the rest in the future. The timed step is the daily sweep itself (`sweep_due_reports`): the index
scan on next_check_at, then one escalation per due report (lock, event, outbox rows, next check queued).
Targets: <= 1 s for 1,000 due among 1,000,000 open, and <= 1.5x the time with 100,000 open.
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
import secrets  # noqa: E402
import time  # noqa: E402
from datetime import datetime, timedelta  # noqa: E402
from typing import Any  # noqa: E402
from urllib.parse import urlparse  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sigap_bench_escalation"


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from sigap.organization.models import Unit

    if not Unit.objects.filter(code="pengaduan").exists():
        from sigap.seed.demo import load_demo_city

        load_demo_city()


def _blank(field: Any) -> Any:
    from django.db import models

    if field.null:
        return None
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return 0
    if isinstance(field, models.JSONField):
        return "{}"
    return ""


def fill(open_count: int, due_count: int, now: datetime) -> None:
    """Replace every report with `open_count` open ones, `due_count` of them past their verification deadline."""
    from django.db import connection

    from sigap.reports.models import Category, Report

    category = Category.objects.get(code="jalan_rusak")
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE reports_report, reports_reportevent, notifications_notification, "
                       "django_tasks_database_dbtaskresult CASCADE")
    fields = [f for f in Report._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields]
    template = {f.attname: _blank(f) for f in fields}
    template.update({"kind": "pengaduan", "category_id": category.pk, "title": "Jalan berlubang",
                     "description": "Lubang besar di depan pasar.", "channel": "web", "reporter_phone": "+62812",
                     "status": "received", "stage": "verification", "event_count": 1, "escalation_level": 0})
    columns = ", ".join(connection.ops.quote_name(Report._meta.get_field(n).column) for n in names)
    token = secrets.token_hex(2)
    started = time.perf_counter()
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY reports_report ({columns}) FROM STDIN") as copy:
        for number in range(open_count):
            due = number < due_count
            received = now - timedelta(days=10) if due else now - timedelta(hours=number % 48)
            check = now - timedelta(minutes=1 + number % 600) if due else now + timedelta(days=1 + number % 20)
            row = dict(template)
            row.update({"tracking_id": f"X{token}{number:07d}", "reporter_token": f"{token}{number:012d}",
                        "received_at": received, "updated_at": received, "due_at": check, "next_check_at": check})
            copy.write_row([row[name] for name in names])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reports_report")
    print(f"  wrote {open_count:,} open reports ({due_count:,} due) in {time.perf_counter() - started:.1f} s")


def measure(open_count: int, due_count: int) -> float:
    from django.utils import timezone

    from sigap.calendar.service import get_calendar, get_ladder_policy, get_sla_policy
    from sigap.reports.actions.system import due_report_ids
    from sigap.reports.models import Report
    from sigap.reports.tasks import sweep_due_reports

    now = timezone.now()
    fill(open_count, due_count, now)
    get_calendar(), get_sla_policy(), get_ladder_policy()  # warm the per-process caches, as a running worker has
    began = time.perf_counter()
    found = len(due_report_ids(now))
    find_seconds = time.perf_counter() - began
    began = time.perf_counter()
    handled = sweep_due_reports(now)
    total = time.perf_counter() - began + find_seconds
    escalated = Report.objects.filter(escalation_level=1).count()
    assert found == due_count and handled == due_count == escalated, (found, handled, escalated)
    print(f"  open={open_count:>9,}  due={due_count:,}  find={find_seconds * 1000:7.1f} ms  "
          f"find+escalate={total:6.3f} s  ({total / due_count * 1000:.2f} ms per due report)")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_URL))
    parser.add_argument("--open", type=int, default=1_000_000, help="open reports in the large run")
    parser.add_argument("--compare", type=int, default=100_000, help="open reports in the comparison run")
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--quick", action="store_true", help="small sizes (50,000 vs 5,000 open, 200 due)")
    args = parser.parse_args()
    if args.quick:
        args.open, args.compare, args.due = 50_000, 5_000, 200
    ensure_database(args.pg_url)
    setup_django(args.pg_url)
    print(f"Escalation sweep on PostgreSQL ({urlparse(args.pg_url).path.lstrip('/')}):")
    small = measure(args.compare, args.due)
    large = measure(args.open, args.due)
    ratio = large / small
    print(f"RESULT large={large:.3f} s (target <= 1 s)  ratio large/small={ratio:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
