"""Every dashboard figure equals a straightforward recomputation from the raw event log."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sigap.calendar.models import Holiday
from sigap.calendar.service import get_calendar
from sigap.dashboard import service
from sigap.dashboard.models import ReportFact
from sigap.dashboard.queries import Scope
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.wilayah.models import Wilayah
from tests.factories import make_report
from tests.integration.dashboard_support import naive_by, nearest_rank, random_lifecycles

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
START = datetime(2026, 1, 5, 9, 0, tzinfo=WITA)
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=WITA)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Event ids and the aggregates' version repeat after a rolled-back test: no cached figures across tests."""
    from django.core.cache import cache

    cache.clear()


def _period() -> service.Period:
    return service.Period(START - timedelta(days=1), NOW, START.date(), NOW.date())


def test_unit_figures_equal_the_recomputation_from_events(user) -> None:
    random_lifecycles(random.Random(5), 40, START, user)

    board = service.build_dashboard(Scope(None), _period(), NOW)

    _assert_units_equal_naive(board, START - timedelta(days=1), NOW, NOW)
    assert sum(row.overdue_now for row in board["units"]) > 0  # the random paths leave some open and late


def test_kelurahan_figures_equal_the_recomputation_from_events(user) -> None:
    rng = random.Random(9)
    random_lifecycles(rng, 15, START, user)

    board = service.build_dashboard(Scope(None), _period(), NOW)

    naive = naive_by("kelurahan", START - timedelta(days=1), NOW, NOW)
    codes = dict(Wilayah.objects.values_list("pk", "code"))
    shown = {codes.get(row.key): row for row in board["kelurahan"]}
    for code, expected in naive.items():
        assert (shown[code].received, shown[code].on_time, shown[code].late) == (
            expected.received, expected.on_time, expected.late)
    assert shown["74.72.06.1007"].top_categories


def test_weekly_trend_counts_every_report_once(user) -> None:
    random_lifecycles(random.Random(3), 12, START, user)

    board = service.build_dashboard(Scope(None), _period(), NOW)

    assert sum(week.received for week in board["weeks"]) == sum(row.received for row in board["units"])


def test_open_report_past_its_deadline_counts_as_late_and_is_listed_latest_first(user) -> None:
    older = make_report(now=START)
    newer = make_report(now=START + timedelta(days=7))

    board = service.build_dashboard(Scope(None), _period(), NOW)

    assert board["total"].on_time == 0
    assert board["total"].late == 2
    assert [fact.report_id for fact in board["late_now"]] == [older.pk, newer.pk]


def test_open_report_not_yet_due_is_neither_on_time_nor_late(user) -> None:
    make_report(now=NOW - timedelta(hours=1))

    board = service.build_dashboard(Scope(None), _period(), NOW)

    assert (board["total"].received, board["total"].on_time, board["total"].late) == (1, 0, 0)


def test_response_time_is_counted_in_working_minutes_across_a_holiday(user) -> None:
    weekday_holidays = Holiday.objects.filter(is_active=True, date__iso_week_day__in=(2, 3, 4, 5), date__year=2026)
    holiday = weekday_holidays.order_by("date").first()
    assert holiday is not None
    before = datetime.combine(holiday.date - timedelta(days=1), datetime.min.time(), WITA).replace(hour=14)
    while not get_calendar().is_working_time(before):
        before -= timedelta(days=1)
    after = before + timedelta(days=5)
    report = make_report(now=before)
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"),
                            now=before + timedelta(minutes=30))
    actions.respond_to_report(report=report, by=user("petugas.pupr"), message="Kami cek", now=after)

    board = service.build_dashboard(Scope(None), service.Period(before - timedelta(days=1), after,
                                                                before.date(), after.date()), after)

    expected = get_calendar().working_minutes_between(before, after)
    row = next(row for row in board["units"] if row.key == Unit.objects.get(code="pupr").pk)
    assert row.response_p50 == expected
    assert expected < (after - before).total_seconds() / 60 / 3  # nights, weekend and the holiday are skipped
    assert ReportFact.objects.get(report=report).response_minutes == expected


def test_unit_scope_counts_only_the_units_reports(user) -> None:
    random_lifecycles(random.Random(21), 10, START, user)
    scope, _unit = service.scope_for(user("kepala.pupr"))

    board = service.build_dashboard(scope, _period(), NOW)

    pupr = Unit.objects.get(code="pupr")
    assert {row.key for row in board["units"]} <= set(Unit.objects.filter(path__startswith=pupr.path)
                                                      .values_list("pk", flat=True))


def _assert_units_equal_naive(board: dict, start: datetime, end: datetime, now: datetime) -> None:
    naive = naive_by("unit", start, end, now)
    codes = dict(Unit.objects.values_list("pk", "code"))
    shown = {codes.get(row.key) if row.key else None: row for row in board["units"]}
    assert set(shown) == set(naive)
    for code, expected in naive.items():
        row = shown[code]
        assert (row.received, row.on_time, row.late, row.overdue_now, row.escalations) == (
            expected.received, expected.on_time, expected.late, expected.overdue_now, expected.escalations), code
        assert (row.response_p50, row.response_p90, row.resolution_p50, row.resolution_p90) == (
            nearest_rank(expected.response, 0.5), nearest_rank(expected.response, 0.9),
            nearest_rank(expected.resolution, 0.5), nearest_rank(expected.resolution, 0.9)), code


@pytest.mark.parametrize(("first", "last"), [
    ("2026-02-01", "2026-02-28"),  # one whole month: from the rollups alone
    ("2026-01-20", "2026-01-31"),  # part of one month: from the facts alone
    ("2026-01-10", "2026-03-05"),  # part-month, whole month, part-month
])
def test_unit_figures_equal_the_recomputation_for_periods_cut_anywhere(user, first, last) -> None:
    random_lifecycles(random.Random(13), 30, START, user)
    period = service.period_from({"from": first, "to": last}, NOW)

    board = service.build_dashboard(Scope(None), period, NOW)

    _assert_units_equal_naive(board, period.start, period.end, NOW)


def test_weekly_trend_equals_the_recomputation_per_week(user) -> None:
    random_lifecycles(random.Random(17), 30, START, user)

    board = service.build_dashboard(Scope(None), _period(), NOW)

    naive = naive_by("week", START - timedelta(days=1), NOW, NOW)
    shown = {week.start.astimezone(WITA).date(): week for week in board["weeks"]}
    assert set(shown) == set(naive)
    for monday, expected in naive.items():
        assert (shown[monday].received, shown[monday].on_time, shown[monday].late) == (
            expected.received, expected.on_time, expected.late), monday


def test_kecamatan_figures_equal_the_recomputation_from_events(user) -> None:
    random_lifecycles(random.Random(19), 15, START, user)

    board = service.build_dashboard(Scope(None), _period(), NOW)

    naive = naive_by("kecamatan", START - timedelta(days=1), NOW, NOW)
    codes = dict(Wilayah.objects.values_list("pk", "code"))
    shown = {codes.get(row.key): row for row in board["kecamatan"]}
    assert set(shown) == set(naive)
    for code, expected in naive.items():
        assert (shown[code].received, shown[code].on_time, shown[code].late, shown[code].overdue_now) == (
            expected.received, expected.on_time, expected.late, expected.overdue_now)


def test_a_report_turns_late_on_the_cached_dashboard_when_its_deadline_passes_with_no_event(user) -> None:
    report = make_report(now=NOW - timedelta(hours=1))
    period = service.Period(START, NOW + timedelta(days=60), START.date(), (NOW + timedelta(days=59)).date())
    before = service.cached_dashboard(Scope(None), period, NOW)
    assert report.due_at is not None

    after = service.cached_dashboard(Scope(None), period, report.due_at + timedelta(minutes=1))

    assert (before["total"].late, before["total"].overdue_now) == (0, 0)
    assert (after["total"].late, after["total"].overdue_now) == (1, 1)
    assert [fact.report_id for fact in after["late_now"]] == [report.pk]


def test_a_new_report_shows_on_the_cached_dashboard_at_once(user) -> None:
    make_report(now=NOW - timedelta(days=3))
    first = service.cached_dashboard(Scope(None), _period(), NOW)

    make_report(now=NOW - timedelta(days=2))
    second = service.cached_dashboard(Scope(None), _period(), NOW)

    assert (first["total"].received, second["total"].received) == (1, 2)
