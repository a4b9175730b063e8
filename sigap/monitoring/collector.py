"""The figures the database holds, read when Prometheus scrapes: a few aggregate queries, none per report.

Each family is one query (or two indexed single-row reads) over an index, so a scrape costs the same with ten
reports or a million; tests/integration/test_metrics.py counts the queries. Gauges only: the database is the truth
shared by every process, so none of these depends on which gunicorn process answers.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.db import DatabaseError
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from sigap.channels.models import InboxItem
from sigap.core.readiness import oldest_due_task
from sigap.dashboard.live import late_now_q
from sigap.dashboard.models import ReportFact
from sigap.notifications.models import Notification, NotificationChannel, NotificationStatus, RecurringSweep
from sigap.notifications.readiness import OVERDUE_AFTER
from sigap.reports.models import Channel, Report

logger = logging.getLogger(__name__)

OUTBOX_STATES = (NotificationStatus.PENDING, NotificationStatus.SENDING, NotificationStatus.FAILED,
                 NotificationStatus.UNKNOWN)
OWED = (NotificationStatus.PENDING, NotificationStatus.SENDING)
# Meta's template errors are the 132xxx codes (132000 parameter count, 132001 no such template, 132015 paused,
# 132016 disabled…). A refused send is recorded as "graph 400 (132001): …" (sigap.channels.graph), a failed status
# from the webhook as "132001 Template does not exist" (sigap.channels.statuses); no approved template at all is
# our own refusal (sigap.channels.transport).
TEMPLATE_ERROR = (Q(last_error__contains="(132") | Q(last_error__startswith="132")
                  | Q(last_error__contains="no approved template"))
TEMPLATE_WINDOW = timedelta(hours=24)


def _age(now: datetime, since: datetime | None) -> float:
    return max(0.0, (now - since).total_seconds()) if since is not None else 0.0


def intake(now: datetime) -> Iterator[Metric]:
    family = GaugeMetricFamily("sigap_reports_received", "Reports received in the window, by channel.",
                               labels=["channel", "window"])
    hour = Q(received_at__gte=now - timedelta(hours=1))
    rows = (Report.objects.filter(received_at__gte=now - timedelta(hours=24), received_at__lte=now)
            .values("channel").annotate(day=Count("id"), hour=Count("id", filter=hour)).order_by())
    counts = {row["channel"]: row for row in rows}
    for channel in Channel.values:
        row = counts.get(channel, {"day": 0, "hour": 0})
        family.add_metric([channel, "1h"], row["hour"])
        family.add_metric([channel, "24h"], row["day"])
    yield family


def task_queue(now: datetime) -> Iterator[Metric]:
    due = Q(status=TaskResultStatus.READY) & (Q(run_after=get_date_max()) | Q(run_after__lte=now))
    counts = DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).aggregate(
        due=Count("id", filter=due),
        scheduled=Count("id", filter=Q(status=TaskResultStatus.READY, run_after__gt=now)
                        & ~Q(run_after=get_date_max())),
        running=Count("id", filter=Q(status=TaskResultStatus.RUNNING)))
    yield GaugeMetricFamily("sigap_task_queue_depth", "Tasks due now and not yet taken by a worker.",
                            value=counts["due"])
    yield GaugeMetricFamily("sigap_task_queue_oldest_due_seconds",
                            "How long the longest-waiting due task has waited (0: none waits).",
                            value=_age(now, oldest_due_task(now)))
    yield GaugeMetricFamily("sigap_tasks_scheduled", "Tasks waiting for their run time (deadline checks, sweeps).",
                            value=counts["scheduled"])
    yield GaugeMetricFamily("sigap_tasks_running", "Tasks a worker has claimed and not finished.",
                            value=counts["running"])


def outbox(now: datetime) -> Iterator[Metric]:
    rows = (Notification.objects.filter(status__in=OUTBOX_STATES).values("status", "channel")
            .annotate(n=Count("id"), oldest=Min("created_at"),
                      overdue=Count("id", filter=Q(status=NotificationStatus.PENDING,
                                                   next_attempt_at__lte=now - OVERDUE_AFTER)),
                      template=Count("id", filter=Q(status=NotificationStatus.FAILED,
                                                    channel=NotificationChannel.WHATSAPP,
                                                    updated_at__gte=now - TEMPLATE_WINDOW) & TEMPLATE_ERROR))
            .order_by())
    found = {(row["status"], row["channel"]): row for row in rows}
    messages = GaugeMetricFamily("sigap_outbox_messages",
                                 "Outbox messages owed (pending, sending), failed or unconfirmed (unknown).",
                                 labels=["status", "channel"])
    for status in OUTBOX_STATES:
        for channel in NotificationChannel.values:
            row = found.get((status, channel))
            messages.add_metric([status, channel], row["n"] if row else 0)
    yield messages
    owed = [row["oldest"] for row in found.values() if row["status"] in OWED]
    yield GaugeMetricFamily("sigap_outbox_oldest_owed_seconds",
                            "Age of the oldest message still owed (0: nothing owed).",
                            value=_age(now, min(owed, default=None)))
    yield GaugeMetricFamily("sigap_outbox_overdue",
                            f"Messages pending more than {int(OVERDUE_AFTER.total_seconds() // 60)} minutes past "
                            "their attempt time (/readyz's backlog).",
                            value=sum(row["overdue"] for row in found.values()))
    yield GaugeMetricFamily("sigap_whatsapp_template_failures_24h",
                            "WhatsApp messages failed in the last 24 hours because of their template.",
                            value=sum(row["template"] for row in found.values()))


def inbox(now: datetime) -> Iterator[Metric]:
    waiting = InboxItem.objects.filter(processed_at__isnull=True).aggregate(n=Count("id"), oldest=Min("received_at"))
    yield GaugeMetricFamily("sigap_whatsapp_inbox_unprocessed", "Webhook items stored and not processed yet.",
                            value=waiting["n"])
    yield GaugeMetricFamily("sigap_whatsapp_inbox_lag_seconds",
                            "Age of the oldest unprocessed webhook item (0: none waits).",
                            value=_age(now, waiting["oldest"]))


def reports(now: datetime) -> Iterator[Metric]:
    # The dashboards' own "late now" (sigap.dashboard.live), over the facts the aggregates sweep folds each minute.
    rows = (ReportFact.objects.filter(finished_at__isnull=True).values("unit__code")
            .annotate(open=Count("report_id"), overdue=Count("report_id", filter=late_now_q(now))).order_by())
    overdue = GaugeMetricFamily("sigap_reports_overdue", "Open reports past their deadline now, by lead unit.",
                                labels=["unit"])
    open_ = GaugeMetricFamily("sigap_reports_open", "Open (unfinished) reports, by lead unit.", labels=["unit"])
    for row in rows:
        unit = row["unit__code"] or "none"  # not dispatched yet
        overdue.add_metric([unit], row["overdue"])
        open_.add_metric([unit], row["open"])
    yield overdue
    yield open_


def sweeps(now: datetime) -> Iterator[Metric]:
    last = GaugeMetricFamily("sigap_sweep_last_run_timestamp_seconds",
                             "When each recurring sweep last ran (Unix time; 0: never).", labels=["sweep"])
    following = GaugeMetricFamily("sigap_sweep_next_run_timestamp_seconds",
                                  "When each recurring sweep is due next (Unix time).", labels=["sweep"])
    for name, last_run, next_run in RecurringSweep.objects.values_list("name", "last_run_at", "next_run_at"):
        last.add_metric([name], last_run.timestamp() if last_run else 0.0)
        following.add_metric([name], next_run.timestamp())
    yield last
    yield following


GROUPS = (intake, task_queue, outbox, inbox, reports, sweeps)


class DatabaseCollector(Collector):
    def describe(self) -> list[Metric]:
        return []  # registering must not query; the families are only known by reading

    def collect(self) -> Iterator[Metric]:
        now = timezone.now()
        failed: list[str] = []
        for group in GROUPS:
            try:
                families = list(group(now))
            except DatabaseError:  # a scrape still answers, and says what it could not read
                logger.warning("metrics: %s unreadable", group.__name__, exc_info=True)
                failed.append(group.__name__)
                continue
            yield from families
        errors = GaugeMetricFamily("sigap_metrics_read_errors",
                                   "1 for each group of figures the database did not answer this scrape.",
                                   labels=["group"])
        for group in GROUPS:
            errors.add_metric([group.__name__], 1 if group.__name__ in failed else 0)
        yield errors
